"""The person's own data (GDPR): download everything, delete the account; staff on request."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.downloads import private_download
from core.permissions import require_perm
from core.registry import account_sections, sections

from . import selectors, services
from .data_rights import erasure_warnings_for
from .forms import EraseAccountForm, NameForm, PersonSearchForm
from .models import User


def json_download(data: dict, filename: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return private_download(response)


def person_by_pk(request, pk: int, **kwargs) -> User:
    return get_object_or_404(User, pk=pk)


@require_perm("accounts.manage_own_data")
def my_data(request):
    form = EraseAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_erase(user=request.user, actor=request.user)
        logout(request)
        messages.success(request, _("Your account and your personal data have been deleted."))
        return redirect("home")
    return render(
        request,
        "accounts/my_data.html",
        {
            "form": form,
            "erasure_warnings": erasure_warnings_for(request.user),
            # Other apps' parts of the account page (notification settings, ...).
            "account_sections": sections(account_sections, request.user),
        },
    )


@require_perm("accounts.manage_own_data")
def my_data_export(request):
    data = services.personal_data_export(user=request.user, actor=request.user)
    stamp = timezone.localdate().isoformat()
    return json_download(data, f"klimaportal-meine-daten-{stamp}.json")


@require_perm("accounts.manage_personal_data")
def people(request):
    form = PersonSearchForm(request.GET)
    users = User.objects.none()
    if form.is_valid() and form.cleaned_data["email"].strip():
        users = list(User.objects.filter(email__icontains=form.cleaned_data["email"].strip())[:50])
        # Staff see the same warnings as the person before they erase an account.
        for person in users:
            person.erasure_warnings = erasure_warnings_for(person)
    events = Paginator(selectors.data_rights_history(), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/people.html",
        {"form": form, "users": users, "page": events, "query": ""},
    )


@require_perm("accounts.export_person_data", obj=person_by_pk)
def person_export(request, pk: int, obj: User):
    data = services.personal_data_export(user=obj, actor=request.user)
    return json_download(data, f"klimaportal-person-{obj.pk}.json")


@require_POST
@require_perm("accounts.erase_person", obj=person_by_pk)
def person_erase(request, pk: int, obj: User):
    # Not the staff member's own account: the rule refuses staff and superuser accounts.
    services.user_erase(user=obj, actor=request.user)
    messages.success(request, _("The account and its personal data have been deleted."))
    return redirect("accounts:people")


@require_perm("accounts.manage_own_data")
def profile(request):
    """The person's own account: name, and the ways to the password, the e-mail addresses,
    the notification settings and the personal data."""
    form = NameForm(request.POST or None, initial={"name": request.user.name})
    if request.method == "POST" and form.is_valid():
        services.user_rename(user=request.user, name=form.cleaned_data["name"])
        messages.success(request, _("Your name has been saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})
