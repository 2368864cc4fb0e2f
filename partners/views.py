"""Views of the partners app. Every view that is not public goes through the gate
(core.permissions) with a named rule of partners/rules.py; services run through core.views."""

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST

from accounts.adapters import forget_pending_invitation, remember_pending_invitation
from core import fragments
from core.content_cache import remember
from core.downloads import private_download
from core.pagination import filter_key, kept_count_page
from core.pdf import render_pdf
from core.permissions import PermissionGateMixin, require_perm
from core.views import ServiceFormView, run_action, run_service

from . import selectors, services
from .filters import PartnerDirectoryFilter
from .forms import (
    DeclarationForm,
    InvitationForm,
    PartnerForm,
    SignatureForm,
    SignatureReturnForm,
    WithdrawalForm,
)
from .models import Contact, Declaration, Invitation, Partner, Signature

DIRECTORY_PAGE_SIZE = 20


def partner_by_slug(request, slug: str, **kwargs) -> Partner:
    return get_object_or_404(Partner.objects.select_related("sector"), slug=slug)


def signature_by_pk(request, signature_id: int, **kwargs) -> Signature:
    return get_object_or_404(Signature.objects.select_related("partner"), pk=signature_id)


# Public ---------------------------------------------------------------------------------


def directory(request):
    base = Partner.objects.listed().select_related("sector").order_by("name")
    filterset = PartnerDirectoryFilter(request.GET, queryset=base)
    queryset = filterset.qs if filterset.is_valid() else base.none()
    page = kept_count_page(
        queryset.values_list("pk", flat=True),
        DIRECTORY_PAGE_SIZE,
        request.GET.get("page"),
        list_name="partners",
        key=(filterset.is_valid(), *filter_key(filterset.form.cleaned_data)),
    )
    page.object_list = fragments.card_rows(
        "partner-directory-card",
        list(page.object_list),
        lambda pks: Partner.objects.filter(pk__in=pks).select_related("sector"),
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "partners/directory.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
    )


def kept_partner_by_slug(request, slug: str, **kwargs) -> Partner:
    # The profile's partner, like what the profile shows of it, is the same for everyone who
    # may see it until the content changes (kept per content generation and day).
    return remember(f"partners.by_slug:{slug}", lambda: partner_by_slug(request, slug))


@require_perm("partners.view_partner", obj=kept_partner_by_slug, hidden=True)
def detail(request, slug: str, obj: Partner):
    """Unlisted partners are a 404 for everyone but their contacts and staff; what else the
    page shows (internal part, edit links) the template asks the rules."""
    partner = obj
    kept = remember(
        f"partners.profile:{partner.pk}",
        lambda: selectors.profile_context(partner),
        per_language=True,
    )
    context = {
        "partner": partner,
        **kept,
        # Evaluated only where the template shows the internal part.
        "signatures": partner.signatures.select_related("declaration"),
    }
    return render(request, "partners/detail.html", context)


def declaration(request):
    current = Declaration.objects.current()
    return render(
        request,
        "partners/declaration.html",
        {"declaration": current, "signatories": selectors.active_signatories()},
    )


# Partner area ---------------------------------------------------------------------------


def _already_a_contact(request, **kwargs):
    messages.info(request, _("You already act for a partner organisation."))
    return redirect("partner_dashboard")


@require_perm("partners.register_partner", refused=_already_a_contact)
def register(request):
    if not EmailAddress.objects.filter(user=request.user, verified=True).exists():
        messages.error(request, _("Please confirm your e-mail address first."))
        return redirect("account_email")
    form = PartnerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        ok, partner = run_service(
            form, services.partner_register, user=request.user, **form.partner_fields()
        )
        if ok:
            messages.success(
                request,
                _("Your organisation is registered. Next step: sign the joint declaration."),
            )
            return redirect("partners:sign", slug=partner.slug)
    return render(request, "partners/register.html", {"form": form})


class PartnerObjectMixin:
    """The partner of the URL is the object the rules are asked about."""

    def get_permission_object(self):
        if not hasattr(self, "partner"):
            self.partner = partner_by_slug(self.request, self.kwargs["slug"])
        return self.partner

    def get_context_data(self, **kwargs):
        return super().get_context_data(partner=self.partner, **kwargs)


class PartnerEditView(PartnerObjectMixin, ServiceFormView):
    permission_required = "partners.change_partner"
    form_class = PartnerForm
    template_name = "partners/edit.html"
    success_message = gettext_lazy("The profile has been saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.partner}

    def perform(self, form):
        return services.partner_update(
            partner=self.partner,
            actor=self.request.user,
            update_slug=form.wants_new_slug(),
            **form.partner_fields(),
        )

    def get_success_url(self):
        return self.partner.get_absolute_url()


class SignView(PartnerObjectMixin, ServiceFormView):
    permission_required = "partners.sign_declaration"
    form_class = SignatureForm
    template_name = "partners/sign.html"
    success_message = gettext_lazy(
        "Thank you for signing. The Stabsstelle Klimaschutz will confirm it."
    )
    success_url = reverse_lazy("partner_dashboard")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.declaration = Declaration.objects.current()

    def already_signed(self) -> bool:
        return (
            bool(self.declaration)
            and self.partner.signatures.filter(declaration=self.declaration).exists()
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            declaration=self.declaration, already_signed=self.already_signed(), **kwargs
        )

    def perform(self, form):
        if self.declaration is None:
            raise ValidationError(
                _(
                    "There is no current version of the declaration yet. The Stabsstelle "
                    "Klimaschutz will publish it."
                )
            )
        data = form.cleaned_data
        return services.partner_sign(
            partner=self.partner,
            declaration=self.declaration,
            actor=self.request.user,
            signatory_name=data["signatory_name"],
            signatory_function=data["signatory_function"],
            place=data["place"],
            signed_on=data["signed_on"],
            commitments=form.confirmed_commitments(),
        )


class ContactsView(PartnerObjectMixin, ServiceFormView):
    """Everyone acting for the partner (and staff) sees its contacts; inviting is for the
    contacts of a partner that has not left, and for staff."""

    form_class = InvitationForm
    template_name = "partners/contacts.html"

    def get_permission_required(self):
        if self.request.method == "POST":
            return ("partners.manage_contacts",)
        return ("partners.view_contacts",)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            contacts=self.partner.contacts.select_related("user").order_by("joined_at"),
            open_invitations=self.partner.invitations.open().order_by("created_at"),
            **kwargs,
        )

    def perform(self, form):
        return services.contact_invite(
            partner=self.partner, email=form.cleaned_data["email"], actor=self.request.user
        )

    def get_success_message(self):
        return _("The invitation has been sent to %(email)s.") % {"email": self.result.email}

    def get_success_url(self):
        return reverse("partners:contacts", kwargs={"slug": self.partner.slug})


@require_POST
@require_perm("partners.manage_contacts", obj=partner_by_slug)
def contact_remove(request, slug: str, contact_id: int, obj: Partner):
    contact = get_object_or_404(Contact.objects.select_related("user"), pk=contact_id, partner=obj)
    run_action(
        request,
        services.contact_remove,
        contact=contact,
        actor=request.user,
        success=_("%(name)s is no longer a contact.") % {"name": contact.user},
    )
    return redirect("partners:contacts", slug=obj.slug)


def _partner_invitation(partner: Partner, invitation_id: int) -> Invitation:
    return get_object_or_404(
        Invitation.objects.select_related("partner"), pk=invitation_id, partner=partner
    )


@require_POST
@require_perm("partners.manage_contacts", obj=partner_by_slug)
def invitation_withdraw(request, slug: str, invitation_id: int, obj: Partner):
    invitation = _partner_invitation(obj, invitation_id)
    run_action(
        request,
        services.invitation_withdraw,
        invitation=invitation,
        actor=request.user,
        success=_("The invitation to %(email)s has been withdrawn.") % {"email": invitation.email},
    )
    return redirect("partners:contacts", slug=obj.slug)


@require_POST
@require_perm("partners.manage_contacts", obj=partner_by_slug)
def invitation_resend(request, slug: str, invitation_id: int, obj: Partner):
    invitation = _partner_invitation(obj, invitation_id)
    run_action(
        request,
        services.invitation_resend,
        invitation=invitation,
        actor=request.user,
        success=_("The invitation has been sent again to %(email)s with a new link.")
        % {"email": invitation.email},
    )
    return redirect("partners:contacts", slug=obj.slug)


def invitation_by_token(request, token: str, **kwargs) -> Invitation:
    return get_object_or_404(Invitation.objects.select_related("partner"), token=token)


class InvitationView(PermissionGateMixin, View):
    """The link from the invitation mail. Logged out, the person is sent to the login (and
    from there to the sign-up) with the invitation kept in the session: the sign-up offers
    the invited address, counts it as confirmed (the link was sent to it) and comes back here.
    Only an account with the invited address confirmed sees the partner and may accept."""

    permission_required = "partners.accept_invitation"

    def get_permission_object(self):
        self.invitation = invitation_by_token(self.request, self.kwargs["token"])
        if not self.request.user.is_authenticated and self.invitation.is_open:
            remember_pending_invitation(
                self.request, email=self.invitation.email, url=self.request.path
            )
        return self.invitation

    def render_page(self, refusal: str | None):
        return render(
            self.request,
            "partners/invitation.html",
            {"invitation": self.invitation, "refusal": refusal},
        )

    def get(self, request, token):
        return self.render_page(
            services.invitation_refusal(invitation=self.invitation, user=request.user)
        )

    def post(self, request, token):
        try:
            services.invitation_accept(invitation=self.invitation, user=request.user)
        except ValidationError as exc:
            return self.render_page(" ".join(exc.messages))
        forget_pending_invitation(request)
        messages.success(
            request, _("You now act for %(name)s.") % {"name": self.invitation.partner.name}
        )
        return redirect("partner_dashboard")


@require_perm("partners.view_certificate", obj=partner_by_slug)
def certificate(request, slug: str, signature_id: int, obj: Partner):
    partner = obj
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
@require_perm("partners.confirm_signature", obj=signature_by_pk)
def signature_confirm(request, signature_id: int, obj: Signature):
    run_action(
        request,
        services.signature_confirm,
        signature=obj,
        actor=request.user,
        success=_("The signature of %(name)s is confirmed; the organisation is now active.")
        % {"name": obj.partner.name},
    )
    return redirect("staff_dashboard")


class SignatureReturnView(ServiceFormView):
    """Staff send a signature back with a reason instead of confirming it."""

    permission_required = "partners.confirm_signature"
    form_class = SignatureReturnForm
    template_name = "partners/signature_return.html"
    success_url = reverse_lazy("staff_dashboard")

    def get_permission_object(self):
        if not hasattr(self, "signature"):
            self.signature = signature_by_pk(self.request, self.kwargs["signature_id"])
        return self.signature

    def get_context_data(self, **kwargs):
        return super().get_context_data(signature=self.signature, **kwargs)

    def perform(self, form):
        return services.signature_return(
            signature=self.signature, actor=self.request.user, reason=form.cleaned_data["reason"]
        )

    def get_success_message(self):
        return _("The signature of %(name)s was returned; the contacts have been told why.") % {
            "name": self.result.name
        }


class WithdrawView(PartnerObjectMixin, ServiceFormView):
    permission_required = "partners.withdraw_partner"
    form_class = WithdrawalForm
    template_name = "partners/withdraw.html"

    def perform(self, form):
        return services.partner_withdraw(
            partner=self.partner,
            actor=self.request.user,
            left_on=form.cleaned_data["left_on"],
            reason=form.cleaned_data["withdrawal_reason"],
        )

    def get_success_message(self):
        return _("The withdrawal of %(name)s is recorded.") % {"name": self.partner}

    def get_success_url(self):
        return self.partner.get_absolute_url()


class DeclarationCreateView(ServiceFormView):
    permission_required = "partners.manage_declarations"
    form_class = DeclarationForm
    template_name = "partners/declaration_form.html"

    def get_initial(self):
        current = Declaration.objects.current()
        return {"text": current.text, "title": current.title} if current else {}

    def perform(self, form):
        return services.declaration_publish(declaration=form.save(commit=False))

    def get_success_message(self):
        return _("Version %(version)s is now the current declaration.") % {
            "version": self.result.version
        }

    def get_success_url(self):
        return reverse("partners:declaration")
