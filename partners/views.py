"""Views of the partners app. Permissions are the named rules in partners/rules.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from rules.contrib.views import PermissionRequiredMixin, permission_required

from core.downloads import private_download
from core.pdf import render_pdf
from core.registry import partner_profile

from . import selectors, services
from .filters import PartnerDirectoryFilter
from .forms import DeclarationForm, InvitationForm, PartnerForm, SignatureForm, WithdrawalForm
from .models import Contact, Declaration, Invitation, Partner, Signature

DIRECTORY_PAGE_SIZE = 20


def apply_validation_error(form, exc: ValidationError) -> None:
    """Shows a service's ValidationError on the form (field errors where the field exists)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def partner_by_slug(request, slug: str) -> Partner:
    return get_object_or_404(Partner.objects.select_related("sector"), slug=slug)


# Public ---------------------------------------------------------------------------------


def directory(request):
    base = Partner.objects.listed().select_related("sector").order_by("name")
    filterset = PartnerDirectoryFilter(request.GET, queryset=base)
    queryset = filterset.qs if filterset.is_valid() else base.none()
    page = Paginator(queryset, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "partners/directory.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
    )


def detail(request, slug: str):
    partner = partner_by_slug(request, slug)
    if not request.user.has_perm("partners.view_partner", partner):
        # Not listed: as if it did not exist, for everyone but its contacts and staff.
        raise Http404
    can_see_internal = request.user.has_perm("partners.view_partner_internal", partner)
    context = {
        "partner": partner,
        "bodies": selectors.partner_bodies(partner),
        "can_edit": request.user.has_perm("partners.change_partner", partner),
        "can_see_internal": can_see_internal,
        "status": selectors.commitment_status(Partner.objects.filter(pk=partner.pk))[0],
    }
    for contribution in partner_profile:
        context.update(contribution(partner))
    if can_see_internal:
        context["signatures"] = partner.signatures.select_related("declaration")
    return render(request, "partners/detail.html", context)


def declaration(request):
    current = Declaration.objects.current()
    return render(
        request,
        "partners/declaration.html",
        {"declaration": current, "signatories": selectors.active_signatories()},
    )


# Partner area ---------------------------------------------------------------------------


@login_required
def register(request):
    if not request.user.has_perm("partners.register_partner"):
        messages.info(request, _("You already act for a partner organisation."))
        return redirect("partner_dashboard")
    from allauth.account.models import EmailAddress

    if not EmailAddress.objects.filter(user=request.user, verified=True).exists():
        messages.error(request, _("Please confirm your e-mail address first."))
        return redirect("account_email")
    form = PartnerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.partner_register(user=request.user, **form.partner_fields())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("Your organisation is registered. Next step: sign the joint declaration."),
            )
            return redirect("partners:sign", slug=partner.slug)
    return render(request, "partners/register.html", {"form": form})


class PartnerObjectMixin(PermissionRequiredMixin):
    def get_permission_object(self):
        return self.partner

    def dispatch(self, request, *args, **kwargs):
        self.partner = partner_by_slug(request, kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)


class PartnerEditView(PartnerObjectMixin, View):
    permission_required = "partners.change_partner"

    def get(self, request, slug):
        return self.show(PartnerForm(instance=self.partner))

    def post(self, request, slug):
        form = PartnerForm(request.POST, request.FILES, instance=self.partner)
        if form.is_valid():
            try:
                services.partner_update(
                    partner=self.partner, actor=request.user, **form.partner_fields()
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The profile has been saved."))
                return redirect(self.partner.get_absolute_url())
        return self.show(form)

    def show(self, form):
        return render(self.request, "partners/edit.html", {"form": form, "partner": self.partner})


class SignView(PartnerObjectMixin, View):
    permission_required = "partners.sign_declaration"

    def dispatch(self, request, *args, **kwargs):
        self.declaration = Declaration.objects.current()
        return super().dispatch(request, *args, **kwargs)

    def already_signed(self) -> bool:
        return (
            bool(self.declaration)
            and self.partner.signatures.filter(declaration=self.declaration).exists()
        )

    def get(self, request, slug):
        return self.show(SignatureForm())

    def post(self, request, slug):
        form = SignatureForm(request.POST)
        if form.is_valid() and self.declaration and not self.already_signed():
            try:
                services.partner_sign(
                    partner=self.partner,
                    declaration=self.declaration,
                    actor=request.user,
                    signatory_name=form.cleaned_data["signatory_name"],
                    signatory_function=form.cleaned_data["signatory_function"],
                    place=form.cleaned_data["place"],
                    signed_on=form.cleaned_data["signed_on"],
                    commitments=form.confirmed_commitments(),
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Thank you for signing. The Stabsstelle Klimaschutz will confirm it."),
                )
                return redirect("partner_dashboard")
        elif form.is_valid():
            form.add_error(None, _("Your organisation has already signed this version."))
        return self.show(form)

    def show(self, form):
        return render(
            self.request,
            "partners/sign.html",
            {
                "form": form,
                "partner": self.partner,
                "declaration": self.declaration,
                "already_signed": self.already_signed(),
            },
        )


class ContactsView(PartnerObjectMixin, View):
    permission_required = "partners.manage_contacts"

    def get(self, request, slug):
        return self.show(InvitationForm())

    def post(self, request, slug):
        form = InvitationForm(request.POST)
        if form.is_valid():
            try:
                services.contact_invite(
                    partner=self.partner, email=form.cleaned_data["email"], actor=request.user
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request,
                    _("The invitation has been sent to %(email)s.")
                    % {"email": form.cleaned_data["email"]},
                )
                return redirect("partners:contacts", slug=self.partner.slug)
        return self.show(form)

    def show(self, form):
        return render(
            self.request,
            "partners/contacts.html",
            {
                "form": form,
                "partner": self.partner,
                "contacts": self.partner.contacts.select_related("user").order_by("joined_at"),
                "open_invitations": [
                    i
                    for i in self.partner.invitations.filter(accepted_at__isnull=True)
                    if i.is_open
                ],
            },
        )


@require_POST
@login_required
def contact_remove(request, slug: str, contact_id: int):
    partner = partner_by_slug(request, slug)
    if not request.user.has_perm("partners.manage_contacts", partner):
        raise PermissionDenied
    contact = get_object_or_404(
        Contact.objects.select_related("user"), pk=contact_id, partner=partner
    )
    try:
        services.contact_remove(contact=contact, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(name)s is no longer a contact.") % {"name": contact.user})
    return redirect("partners:contacts", slug=partner.slug)


class InvitationView(LoginRequiredMixin, View):
    """The link from the invitation mail: log in or sign up first, then join the partner."""

    def dispatch(self, request, *args, **kwargs):
        self.invitation = get_object_or_404(
            Invitation.objects.select_related("partner"), token=kwargs["token"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, token):
        return render(request, "partners/invitation.html", {"invitation": self.invitation})

    def post(self, request, token):
        try:
            services.invitation_accept(invitation=self.invitation, user=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return render(request, "partners/invitation.html", {"invitation": self.invitation})
        messages.success(
            request,
            _("You now act for %(name)s.") % {"name": self.invitation.partner.name},
        )
        return redirect("partner_dashboard")


def certificate(request, slug: str, signature_id: int):
    partner = partner_by_slug(request, slug)
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={request.path}")
    if not request.user.has_perm("partners.view_certificate", partner):
        raise PermissionDenied
    signature = get_object_or_404(
        Signature.objects.select_related("declaration", "partner"),
        pk=signature_id,
        partner=partner,
        confirmed_at__isnull=False,
    )
    html = render_to_string(
        "partners/certificate.html", {"signature": signature, "partner": partner}
    )
    pdf = render_pdf(html)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"beitrittsurkunde-{partner.slug}-{signature.declaration.version}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return private_download(response)


# Staff ----------------------------------------------------------------------------------


@require_POST
@permission_required("partners.confirm_signature", raise_exception=True)
def signature_confirm(request, signature_id: int):
    signature = get_object_or_404(Signature, pk=signature_id)
    try:
        services.signature_confirm(signature=signature, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The signature of %(name)s is confirmed; the organisation is now active.")
            % {"name": signature.partner.name},
        )
    return redirect("staff_dashboard")


class WithdrawView(PartnerObjectMixin, View):
    permission_required = "partners.withdraw_partner"

    def get(self, request, slug):
        return self.show(WithdrawalForm())

    def post(self, request, slug):
        form = WithdrawalForm(request.POST)
        if form.is_valid():
            try:
                services.partner_withdraw(
                    partner=self.partner,
                    actor=request.user,
                    left_on=form.cleaned_data["left_on"],
                    reason=form.cleaned_data["withdrawal_reason"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request, _("The withdrawal of %(name)s is recorded.") % {"name": self.partner}
                )
                return redirect(self.partner.get_absolute_url())
        return self.show(form)

    def show(self, form):
        return render(
            self.request, "partners/withdraw.html", {"form": form, "partner": self.partner}
        )


class DeclarationCreateView(PermissionRequiredMixin, View):
    permission_required = "partners.manage_declarations"

    def get(self, request):
        current = Declaration.objects.current()
        initial = {"text": current.text, "title": current.title} if current else {}
        return self.show(DeclarationForm(initial=initial))

    def post(self, request):
        form = DeclarationForm(request.POST)
        if form.is_valid():
            try:
                services.declaration_publish(declaration=form.save(commit=False))
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Version %(version)s is now the current declaration.")
                    % {"version": form.cleaned_data["version"]},
                )
                return redirect("partners:declaration")
        return self.show(form)

    def show(self, form):
        return render(self.request, "partners/declaration_form.html", {"form": form})
