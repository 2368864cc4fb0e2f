import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import content_cache, request_memo

from .validators import validate_logo

INVITATION_VALIDITY = timedelta(days=14)


# Bodies of the alliance ---------------------------------------------------------------------


class BodyQuerySet(models.QuerySet):
    def working_groups(self):
        return self.filter(kind=Body.Kind.WORKING_GROUP)


class Body(models.Model):
    """The plenary (Allianzversammlung) or one of the four Facharbeitsgruppen.

    The five bodies are created by a data migration; staff only edit their descriptions.
    Sectors, projects, meetings and proposals refer to them, so they live at this layer
    (the table keeps its name from the meetings app, where the model was first).
    """

    class Kind(models.TextChoices):
        PLENARY = "plenum", _("plenary")
        WORKING_GROUP = "facharbeitsgruppe", _("working group")

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = BodyQuerySet.as_manager()

    class Meta:
        db_table = "meetings_body"
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("meetings:body", kwargs={"slug": self.slug})

    @property
    def is_plenary(self) -> bool:
        return self.kind == self.Kind.PLENARY


class Sector(models.Model):
    """An industry sector (Branche); it suggests the working groups that fit."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    working_groups = models.ManyToManyField(
        Body,
        blank=True,
        related_name="sectors",
        verbose_name=_("fitting working groups"),
        limit_choices_to={"kind": "facharbeitsgruppe"},
    )

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnerQuerySet(models.QuerySet):
    def listed(self):
        """What the public sees: active partners that consented to be listed."""
        return self.filter(status=Partner.Status.ACTIVE, public_listing=True)

    def active(self):
        return self.filter(status=Partner.Status.ACTIVE)

    def visible_to(self, user):
        from accounts.roles import is_stabsstelle

        from .roles import contact_partner_id

        if is_stabsstelle(user):
            return self.all()
        own = contact_partner_id(user)
        if own is not None:
            return self.filter(Q(pk=own) | Q(status=Partner.Status.ACTIVE, public_listing=True))
        return self.listed()


class Partner(models.Model):
    """An organisation of the Klimaallianz."""

    class Status(models.TextChoices):
        # Contexts: "Registered" and "Withdrawn" mean something else for a theme circle and
        # a proposal (the project-wide catalogue would override those apps' words).
        REGISTERED = "registriert", pgettext_lazy("partner status", "Registered")
        SIGNED = "unterzeichnet", _("Signed")
        ACTIVE = "aktiv", _("Active")
        WITHDRAWN = "ausgetreten", pgettext_lazy("partner status", "Withdrawn")

    class Kind(models.TextChoices):
        COMPANY = "unternehmen", _("company")
        MUNICIPAL = "staedtisch", _("municipal company")
        ASSOCIATION = "verband", _("association or club")
        SCIENCE = "wissenschaft", _("science and education")
        OTHER = "sonstige", _("other")

    class Size(models.TextChoices):
        MICRO = "1-9", _("1–9 employees")
        SMALL = "10-49", _("10–49 employees")
        MEDIUM = "50-249", _("50–249 employees")
        LARGE = "250+", _("250 employees or more")

    name = models.CharField(_("name of the organisation"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(
        _("kind of organisation"), max_length=20, choices=Kind.choices, default=Kind.COMPANY
    )
    sector = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partners",
        verbose_name=_("sector"),
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True, default="Magdeburg")
    website = models.URLField(
        _("website"),
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Address starting with https:// or http://"),
    )
    size_band = models.CharField(_("size"), max_length=10, choices=Size.choices, blank=True)
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=5000,
        help_text=_("What the organisation does and how it contributes to climate protection."),
    )
    logo = models.ImageField(
        _("logo"),
        upload_to="partner-logos/",
        blank=True,
        validators=[validate_logo],
        help_text=_("PNG, JPEG or WebP, at most 2 MB."),
    )
    public_listing = models.BooleanField(
        _("list publicly"),
        default=True,
        help_text=_("The organisation appears in the public partner directory once it is active."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED
    )
    joined_on = models.DateField(_("partner since"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for leaving"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="partners_partner_name_ci_unique",
                violation_error_message=_("An organisation with this name is already registered."),
            ),
        ]
        indexes = [models.Index(fields=["status", "public_listing"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partners:detail", kwargs={"slug": self.slug})

    @property
    def is_listed(self) -> bool:
        return self.status == self.Status.ACTIVE and self.public_listing


class Contact(models.Model):
    """A user who acts for a partner organisation. A user belongs to at most one partner."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="partner_contact",
        verbose_name=_("user"),
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("partner")
    )
    joined_at = models.DateTimeField(_("contact since"), default=timezone.now)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["partner", "joined_at"]

    def __str__(self) -> str:
        return f"{self.user} ({self.partner})"


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        """Neither accepted nor withdrawn (it may have expired)."""
        return self.filter(accepted_at__isnull=True, withdrawn_at__isnull=True)

    def open(self):
        """Pending and not expired: the token still works."""
        return self.pending().filter(created_at__gt=timezone.now() - INVITATION_VALIDITY)


class Invitation(models.Model):
    """A contact invites a colleague by e-mail to act for the same partner."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("partner")
    )
    email = models.EmailField(_("e-mail address"))
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("invited at"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    # Withdrawn by a contact or staff, or replaced by a fresh invitation (resent, expired):
    # its token no longer works.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            # One pending invitation per address and partner, however the address is spelt.
            models.UniqueConstraint(
                Lower("email"),
                "partner",
                condition=Q(accepted_at__isnull=True, withdrawn_at__isnull=True),
                name="partners_invitation_one_pending_per_address",
                violation_error_message=_("This address has already been invited."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.partner}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.created_at + INVITATION_VALIDITY

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.withdrawn_at is None and not self.is_expired


class DeclarationQuerySet(models.QuerySet):
    def current(self):
        # Asked by several sections of one page (core.request_memo) and by nearly every
        # partner page: kept per content generation too (core.content_cache).
        return request_memo.remember(
            ("declaration.current", self.db),
            lambda: content_cache.remember(
                f"declaration.current:{self.db}", lambda: self.filter(is_current=True).first()
            ),
        )


class Declaration(models.Model):
    """A version of the Gemeinsame Erklärung. Staff enter the wording; one version is current."""

    version = models.CharField(_("version"), max_length=40, unique=True)
    title = models.CharField(
        _("title"), max_length=200, default="Gemeinsame Erklärung der Allianzpartner"
    )
    text = models.TextField(_("text (Markdown)"))
    valid_from = models.DateField(_("valid from"))
    is_current = models.BooleanField(_("current version"), default=False, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = DeclarationQuerySet.as_manager()

    class Meta:
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")
        ordering = ["-valid_from", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="partners_declaration_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"


class Signature(models.Model):
    """A partner's signature of one declaration version; staff confirm it."""

    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="signatures", verbose_name=_("partner")
    )
    declaration = models.ForeignKey(
        Declaration,
        on_delete=models.PROTECT,
        related_name="signatures",
        verbose_name=_("declaration"),
    )
    signatory_name = models.CharField(_("name of the signatory"), max_length=150)
    signatory_function = models.CharField(_("function of the signatory"), max_length=150)
    place = models.CharField(_("place"), max_length=100)
    signed_on = models.DateField(_("date"))
    commitments = models.JSONField(_("confirmed commitments"), default=list)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("signed in the portal by"),
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["-signed_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "declaration"], name="partners_signature_once_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} – {self.declaration.version}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


# Memberships in working groups ------------------------------------------------------------


class MembershipQuerySet(models.QuerySet):
    def current(self, on=None):
        """Confirmed memberships valid on the given date (default: today). An ended one
        counts up to the day before it was ended (`valid_until`), so past years keep their
        members and the day of the end shows it ended."""
        on = on or timezone.localdate()
        return self.filter(valid_from__lte=on).filter(
            Q(status=Membership.Status.CONFIRMED)
            & (Q(valid_until__isnull=True) | Q(valid_until__gte=on))
            | Q(status=Membership.Status.ENDED, valid_until__gt=on)
        )

    def pending(self):
        return self.filter(status=Membership.Status.PROPOSED)


class Membership(models.Model):
    """A partner's representative (a contact user of that partner) in a working group.

    Membership of the plenary is not stored: every active partner belongs to it.
    """

    class Role(models.TextChoices):
        LEAD = "leitung", _("Lead")
        DEPUTY = "stellvertretung", _("Deputy")
        MEMBER = "mitglied", _("Member")

    class Status(models.TextChoices):
        PROPOSED = "vorgeschlagen", _("Proposed")
        CONFIRMED = "bestaetigt", _("Confirmed")
        REJECTED = "abgelehnt", _("Rejected")
        ENDED = "beendet", _("Ended")

    # A person holds at most one of these per working group at a time.
    OPEN_STATUSES = (Status.PROPOSED, Status.CONFIRMED)

    body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("working group"),
        limit_choices_to={"kind": Body.Kind.WORKING_GROUP},
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("partner"),
    )
    representative = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("representative"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    valid_from = models.DateField(_("from"), default=timezone.localdate)
    valid_until = models.DateField(_("until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed or rejected by"),
    )
    decided_at = models.DateTimeField(_("confirmed or rejected at"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        db_table = "meetings_membership"
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["body__position", "partner__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "representative"],
                condition=Q(status__in=["vorgeschlagen", "bestaetigt"]),
                name="meetings_membership_one_open_per_person",
                violation_error_message=_(
                    "This person is already proposed for or a member of this working group."
                ),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="meetings_membership_until_after_from",
                violation_error_message=_("The end date must not be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.representative} ({self.partner}) – {self.body}"

    def clean(self):
        errors = {}
        if self.body_id and self.body.kind != Body.Kind.WORKING_GROUP:
            errors["body"] = _(
                "Memberships are only recorded for working groups; every active partner "
                "belongs to the plenary."
            )
        if (
            self.partner_id
            and self.representative_id
            and not Contact.objects.filter(
                user_id=self.representative_id, partner_id=self.partner_id
            ).exists()
        ):
            errors["representative"] = _(
                "The representative must be a contact person of the same partner organisation."
            )
        if errors:
            raise ValidationError(errors)
