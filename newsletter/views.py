"""Newsletter pages: subscribe, confirm, unsubscribe (also RFC 8058's one-click POST), the
public archive, the staff's issues, and a partner contact's notification preferences."""

import hashlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core import ratelimit
from core.notifications import always_immediate_kinds
from core.permissions import PermissionGateMixin, require_perm
from core.views import apply_validation_error, run_action

from . import preferences, selectors, services
from .forms import ConfirmForm, IssueForm, PreferencesForm, SubscribeForm
from .models import Issue, Topic

# Per client address: requests per hour; per e-mail address: mails per day (beyond that
# the answer is the same, only no mail goes out: nobody is mail-bombed through the form).
SUBSCRIBE_LIMIT_PER_IP = 10
SUBSCRIBE_LIMIT_PER_ADDRESS = 3
UNSUBSCRIBE_LIMIT_PER_IP = 60


def _address_key(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


@require_http_methods(["GET", "POST"])
def subscribe(request):
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip = ratelimit.client_ip(request)
        if not ratelimit.allow(f"newsletter:ip:{ip}", limit=SUBSCRIBE_LIMIT_PER_IP, period=3600):
            form.add_error(None, _("Too many requests in a short time. Please try again later."))
        else:
            email = form.cleaned_data["email"]
            if ratelimit.allow(
                f"newsletter:address:{_address_key(email)}",
                limit=SUBSCRIBE_LIMIT_PER_ADDRESS,
                period=86400,
            ):
                services.subscription_request(email=email, topics=form.cleaned_data["topics"])
            # The same answer for every address, known or not, limited or not.
            return redirect("newsletter:requested")
    return render(request, "newsletter/subscribe.html", {"form": form})


@require_http_methods(["GET"])
def requested(request):
    return render(request, "newsletter/requested.html")


@never_cache  # the link's token must not end up in a shared cache
@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    try:
        subscriber = services.subscriber_for_token(token)
    except ValidationError as exc:
        return render(
            request, "newsletter/confirm_invalid.html", {"message": exc.messages[0]}, status=400
        )
    if request.method == "POST":
        try:
            subscriber = services.subscription_confirm(token=token)
        except ValidationError as exc:
            return render(
                request,
                "newsletter/confirm_invalid.html",
                {"message": exc.messages[0]},
                status=400,
            )
        return render(request, "newsletter/confirmed.html", {"subscriber": subscriber})
    topics = [Topic(topic).label for topic in subscriber.topics]
    return render(
        request,
        "newsletter/confirm.html",
        {"form": ConfirmForm(), "topics": topics, "already": subscriber.state == "bestaetigt"},
    )


@never_cache
@csrf_exempt  # RFC 8058: mail programs POST without a cookie or token; the key authorises
@require_http_methods(["GET", "POST"])
def unsubscribe(request, key: str):
    ip = ratelimit.client_ip(request)
    if request.method == "POST":
        if not ratelimit.allow(
            f"newsletter:unsubscribe:{ip}", limit=UNSUBSCRIBE_LIMIT_PER_IP, period=3600
        ):
            return render(request, "newsletter/too_many.html", status=429)
        subscriber = services.subscription_cancel(key=key)
        if subscriber is None:
            raise Http404
        return render(request, "newsletter/unsubscribed.html")
    from .models import Subscriber

    if not Subscriber.objects.filter(unsubscribe_key=key).exists():
        raise Http404
    return render(request, "newsletter/unsubscribe.html", {"key": key})


@require_http_methods(["GET"])
def archive(request):
    page = Paginator(selectors.archive(), 20).get_page(request.GET.get("page"))
    return render(request, "newsletter/archive.html", {"page": page, "query": ""})


@require_http_methods(["GET"])
def archive_detail(request, number: int):
    issue = get_object_or_404(Issue.objects.sent(), number=number)
    groups = services.issue_groups(issue)
    return render(request, "newsletter/archive_detail.html", {"issue": issue, "groups": groups})


# Staff -------------------------------------------------------------------------------------


class StaffIssueListView(PermissionGateMixin, View):
    permission_required = "newsletter.manage_issues"

    def get(self, request):
        from .models import Subscriber

        issues = Issue.objects.select_related("created_by")
        page = Paginator(issues, 30).get_page(request.GET.get("page"))
        return render(
            request,
            "newsletter/staff_list.html",
            {
                "page": page,
                "query": "",
                "subscribers": Subscriber.objects.confirmed().count(),
                "since": selectors.since_last_issue(),
            },
        )


class IssueEditView(PermissionGateMixin, View):
    permission_required = "newsletter.manage_issues"

    def get_permission_object(self):
        number = self.kwargs.get("number")
        self.issue = get_object_or_404(Issue, number=number) if number else None
        return self.issue

    def _form(self, data=None):
        since = selectors.since_last_issue()
        candidates = selectors.candidates(since=since)
        if self.issue is not None:
            initial = {
                "subject": self.issue.subject,
                "intro": self.issue.intro,
                "items": [item["key"] for item in self.issue.items],
            }
        else:
            initial = {"items": [item["key"] for item in candidates if item["recent"]]}
        return IssueForm(data, initial=initial, candidates=candidates), since

    def _render(self, request, form, since, status=200):
        return render(
            request,
            "newsletter/issue_form.html",
            {"form": form, "issue": self.issue, "since": since},
            status=status,
        )

    def get(self, request, **kwargs):
        if self.issue is not None and self.issue.state != Issue.State.DRAFT:
            return redirect("newsletter:issue_detail", number=self.issue.number)
        form, since = self._form()
        return self._render(request, form, since)

    def post(self, request, **kwargs):
        form, since = self._form(request.POST)
        if form.is_valid():
            try:
                issue = services.issue_save(
                    actor=request.user,
                    subject=form.cleaned_data["subject"],
                    intro=form.cleaned_data["intro"],
                    selected=form.cleaned_data["items"],
                    candidates=form.candidates,
                    issue=self.issue,
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The issue has been saved."))
                return redirect("newsletter:issue_detail", number=issue.number)
        return self._render(request, form, since)


def issue_by_number(request, number: int, **kwargs) -> Issue:
    return get_object_or_404(Issue, number=number)


@require_perm("newsletter.manage_issues", obj=issue_by_number)
@require_http_methods(["GET"])
def issue_detail(request, number: int, obj: Issue):
    subject, text, _html, _any = services.render_issue(obj, unsubscribe_link="#abmelden")
    return render(
        request,
        "newsletter/issue_detail.html",
        {
            "issue": obj,
            "groups": services.issue_groups(obj),
            "preview_subject": subject,
            "preview_text": text,
        },
    )


@require_perm("newsletter.manage_issues", obj=issue_by_number)
@require_http_methods(["POST"])
def issue_test(request, number: int, obj: Issue):
    run_action(
        request,
        services.issue_send_test,
        success=_("A test has been sent to %(email)s.") % {"email": request.user.email},
        issue=obj,
        actor=request.user,
    )
    return redirect("newsletter:issue_detail", number=obj.number)


@require_perm("newsletter.manage_issues", obj=issue_by_number)
@require_http_methods(["POST"])
def issue_send(request, number: int, obj: Issue):
    run_action(
        request,
        services.issue_send,
        success=_("The issue is being sent to the subscribers."),
        issue=obj,
        actor=request.user,
    )
    return redirect("newsletter:issue_detail", number=obj.number)


# A partner contact's notification preferences ----------------------------------------------


@require_perm("newsletter.manage_notifications")
@require_http_methods(["GET", "POST"])
def notification_preferences(request):
    always = always_immediate_kinds()
    current = preferences.preferences_for(request.user)
    form = PreferencesForm(request.POST or None, initial_choices=current)
    if request.method == "POST" and form.is_valid():
        preferences.preferences_save(user=request.user, choices=form.cleaned_data)
        messages.success(request, _("Your notification settings have been saved."))
        return redirect("newsletter:preferences")
    return render(
        request,
        "newsletter/preferences.html",
        {"form": form, "always": list(dict.fromkeys(str(k.label) for k in always if k.label))},
    )
