import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partners.models import Body, Contact

CIRCLE_MIN = 6
CIRCLE_MAX = 12


# Meetings ---------------------------------------------------------------------------------


class MeetingQuerySet(models.QuerySet):
    PUBLIC_STATES = ("veroeffentlicht", "stattgefunden", "abgesagt")

    def public(self):
        """Everything but drafts: citizens see published, held and cancelled meetings."""
        return self.filter(state__in=self.PUBLIC_STATES)

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at")

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at")


class Meeting(models.Model):
    class Format(models.TextChoices):
        IN_PERSON = "praesenz", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class State(models.TextChoices):
        DRAFT = "entwurf", _("Draft")
        PUBLISHED = "veroeffentlicht", _("Published")
        HELD = "stattgefunden", _("Held")
        CANCELLED = "abgesagt", _("Cancelled")

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body")
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    format = models.CharField(
        _("format"), max_length=20, choices=Format.choices, default=Format.IN_PERSON
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(
        _("online link"),
        blank=True,
        validators=[URLValidator(schemes=["https"])],
        help_text=_("Only members and staff see this link."),
    )
    core_topics = models.TextField(
        _("core topics"), blank=True, max_length=2000, help_text=_("One topic per line.")
    )
    description = models.TextField(
        _("public description"), blank=True, max_length=10000, help_text=_("Markdown.")
    )
    rsvp_deadline = models.DateTimeField(_("RSVP deadline"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    minutes = models.TextField(
        _("minutes (internal)"), blank=True, max_length=50000, help_text=_("Markdown.")
    )
    summary = models.TextField(
        _("public summary"), blank=True, max_length=20000, help_text=_("Markdown.")
    )
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Entered after it took place: held without invitations, so it can get attendance,
    # minutes and decisions.
    recorded_afterwards = models.BooleanField(
        _("recorded afterwards"), default=False, editable=False
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="meetings_meeting_ends_after_start",
                violation_error_message=_("The end must be after the start."),
            ),
        ]
        indexes = [models.Index(fields=["state", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", kwargs={"pk": self.pk})

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The end must be after the start.")
        if self.rsvp_deadline and self.starts_at and self.rsvp_deadline > self.starts_at:
            errors["rsvp_deadline"] = _("The RSVP deadline must be before the start.")
        if self.format in (self.Format.ONLINE, self.Format.HYBRID) and not self.online_link:
            errors["online_link"] = _("Online and hybrid meetings need an online link.")
        if self.format in (self.Format.IN_PERSON, self.Format.HYBRID) and not self.place:
            errors["place"] = _("Meetings in person and hybrid meetings need a place.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_public(self) -> bool:
        return self.state in MeetingQuerySet.PUBLIC_STATES

    @property
    def core_topic_list(self) -> list[str]:
        return [line.strip() for line in self.core_topics.splitlines() if line.strip()]

    def rsvp_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.state != self.State.PUBLISHED or now >= self.starts_at:
            return False
        return self.rsvp_deadline is None or now <= self.rsvp_deadline


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    presenter = models.CharField(_("presenter"), max_length=150, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("minutes planned"), null=True, blank=True, validators=[MaxValueValidator(600)]
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class Rsvp(models.Model):
    """A contact's answer to an invitation."""

    class Answer(models.TextChoices):
        YES = "zusage", _("Yes, we will attend")
        NO = "absage", _("No, we cannot attend")

    class Mode(models.TextChoices):
        """How a person attends a hybrid meeting (blank for the other formats)."""

        IN_PERSON = "vor_ort", _("in person (on site)")
        ONLINE = "online", _("online")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="rsvps", verbose_name=_("meeting")
    )
    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.CASCADE, related_name="+", verbose_name=_("partner")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="meeting_rsvps",
        verbose_name=_("contact"),
    )
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices)
    people = models.PositiveSmallIntegerField(
        _("number of people"),
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(20)],
    )
    mode = models.CharField(_("attendance mode"), max_length=10, choices=Mode.choices, blank=True)
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)

    class Meta:
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        ordering = ["partner__name", "answered_at"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="meetings_rsvp_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.meeting}: {self.get_answer_display()}"


class Attendance(models.Model):
    """A partner organisation present at a meeting (the basis for consensus decisions)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        related_name="attendances",
        verbose_name=_("partner"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    # Optional: which of the partner's contacts were there (the organisation is what counts
    # for consensus decisions).
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="meeting_attendances",
        verbose_name=_("people present"),
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["partner__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "partner"], name="meetings_attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.partner} @ {self.meeting}"


# Klimakreise ------------------------------------------------------------------------------


class Circle(models.Model):
    """A theme circle (Klimakreis) of a meeting: 6 to 12 people around an expert input."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="circles", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=150)
    moderator = models.CharField(_("moderator"), max_length=150, blank=True)
    expert_name = models.CharField(_("expert"), max_length=150, blank=True)
    expert_topic = models.CharField(_("topic of the expert input"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        default=CIRCLE_MAX,
        validators=[MinValueValidator(CIRCLE_MIN), MaxValueValidator(CIRCLE_MAX)],
        help_text=_("Between 6 and 12 participants."),
    )
    results_discussion = models.TextField(
        _("results: discussion"), blank=True, max_length=10000, help_text=_("Markdown.")
    )
    results_next_steps = models.TextField(
        _("results: next steps"), blank=True, max_length=10000, help_text=_("Markdown.")
    )

    class Meta:
        verbose_name = _("theme circle")
        verbose_name_plural = _("theme circles")
        ordering = ["meeting", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=CIRCLE_MIN, capacity__lte=CIRCLE_MAX),
                name="meetings_circle_capacity_range",
                violation_error_message=_("A theme circle has between 6 and 12 places."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def has_results(self) -> bool:
        return bool(self.results_discussion or self.results_next_steps)


class CircleRegistration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "angemeldet", pgettext_lazy("circle registration", "Registered")
        WAITING = "warteliste", _("Waiting list")

    circle = models.ForeignKey(
        Circle, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("circle")
    )
    # Denormalised so that the database guarantees one circle per meeting and person.
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="+", verbose_name=_("meeting")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="circle_registrations",
        verbose_name=_("participant"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)

    class Meta:
        verbose_name = _("circle registration")
        verbose_name_plural = _("circle registrations")
        ordering = ["circle", "registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                name="meetings_circle_one_per_meeting",
                violation_error_message=_(
                    "You are already registered for a theme circle of this meeting."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.circle}"


# Documents --------------------------------------------------------------------------------


def document_path(instance, filename: str) -> str:
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"meetings/{instance.meeting_id}/{uuid.uuid4().hex}{extension}"


class DocumentQuerySet(models.QuerySet):
    def public(self):
        return self.filter(visibility=Document.Visibility.PUBLIC)


class Document(models.Model):
    class Visibility(models.TextChoices):
        INTERNAL = "intern", _("Internal (members and staff)")
        PUBLIC = "oeffentlich", _("Public")

    class Kind(models.TextChoices):
        SLIDES = "folien", _("Slides")
        MINUTES = "protokoll", _("Minutes")
        OTHER = "sonstiges", _("Other")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="documents", verbose_name=_("meeting")
    )
    circle = models.ForeignKey(
        Circle,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("theme circle"),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SLIDES)
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    file = models.FileField(_("file"), upload_to=document_path, max_length=255)
    content_type = models.CharField(_("file type"), max_length=120, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["meeting", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:document", kwargs={"pk": self.meeting_id, "doc_id": self.pk})

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC


# Action items -----------------------------------------------------------------------------


class ActionItemQuerySet(models.QuerySet):
    def open(self):
        """Not finished yet: open or in progress."""
        return self.filter(status__in=ActionItem.UNFINISHED)

    def overdue(self, today=None):
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def public(self):
        return self.filter(is_public=True).exclude(status=ActionItem.Status.DISCARDED)


class ActionItem(models.Model):
    """A task with an owner, a due date and a status: from a meeting (or one of its theme
    circles) or without one, e.g. the follow-up of a decision (the decisions app links its
    decisions to their tasks; this app does not know decisions)."""

    class Status(models.TextChoices):
        OPEN = "offen", _("Open")
        IN_PROGRESS = "in_arbeit", _("In progress")
        DONE = "erledigt", _("Done")
        DISCARDED = "verworfen", _("Discarded")

    class Owner(models.TextChoices):
        PARTNER = "partner", _("Partner organisation")
        BODY = "gremium", pgettext_lazy("action item owner", "Working group")
        STABSSTELLE = "stabsstelle", _("Stabsstelle Klimaschutz")

    UNFINISHED = (Status.OPEN, Status.IN_PROGRESS)

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("meeting"),
    )
    circle = models.ForeignKey(
        Circle,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("theme circle"),
    )
    title = models.CharField(_("what"), max_length=300)
    owner_kind = models.CharField(
        _("responsible"), max_length=20, choices=Owner.choices, default=Owner.PARTNER
    )
    responsible_partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("responsible partner"),
    )
    responsible_body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("responsible working group"),
    )
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("responsible person"),
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default="offen")
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Public tasks are shown with their meeting or decision on public pages."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    last_reminded_on = models.DateField(_("last reminder"), null=True, blank=True, editable=False)
    # Each reminder goes out once (the daily job may run more often or miss a day).
    due_reminder_sent_on = models.DateField(
        _("due reminder sent on"), null=True, blank=True, editable=False
    )
    overdue_reminder_sent_on = models.DateField(
        _("overdue reminder sent on"), null=True, blank=True, editable=False
    )

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"])]
        constraints = [
            # Exactly one owner: a partner, a working group or the Stabsstelle.
            models.CheckConstraint(
                condition=(
                    Q(
                        owner_kind="partner",
                        responsible_partner__isnull=False,
                        responsible_body__isnull=True,
                    )
                    | Q(
                        owner_kind="gremium",
                        responsible_body__isnull=False,
                        responsible_partner__isnull=True,
                    )
                    | Q(
                        owner_kind="stabsstelle",
                        responsible_partner__isnull=True,
                        responsible_body__isnull=True,
                    )
                ),
                name="meetings_actionitem_one_owner",
                violation_error_message=_(
                    "An action item has exactly one owner: a partner organisation, a working "
                    "group or the Stabsstelle."
                ),
            ),
            models.CheckConstraint(
                condition=Q(responsible_person__isnull=True) | Q(owner_kind="partner"),
                name="meetings_actionitem_person_of_partner",
                violation_error_message=_(
                    "A responsible person can only be named for a partner organisation."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors = {}
        if self.circle_id and self.circle.meeting_id != self.meeting_id:
            errors["circle"] = _("The theme circle belongs to another meeting.")
        if self.owner_kind == self.Owner.PARTNER and not self.responsible_partner_id:
            errors["responsible_partner"] = _("Choose the responsible partner organisation.")
        if self.owner_kind == self.Owner.BODY:
            if not self.responsible_body_id:
                errors["responsible_body"] = _("Choose the responsible working group.")
            elif self.responsible_body.kind != Body.Kind.WORKING_GROUP:
                errors["responsible_body"] = _("Choose a working group.")
        if self.responsible_person_id and (
            self.owner_kind != self.Owner.PARTNER
            or not self.responsible_partner_id
            or not Contact.objects.filter(
                user_id=self.responsible_person_id, partner_id=self.responsible_partner_id
            ).exists()
        ):
            errors["responsible_person"] = _(
                "The responsible person must be a contact of the responsible partner."
            )
        if errors:
            raise ValidationError(errors)

    def owner_display(self) -> str:
        """Who is responsible, for staff and the owner (public pages ask the partner's
        consent to be named: `public_partner_name`)."""
        if self.owner_kind == self.Owner.PARTNER and self.responsible_partner_id:
            return self.responsible_partner.name
        if self.owner_kind == self.Owner.BODY and self.responsible_body_id:
            return self.responsible_body.name
        return str(self.Owner.STABSSTELLE.label)

    @property
    def is_unfinished(self) -> bool:
        return self.status in self.UNFINISHED

    def is_overdue(self, today=None) -> bool:
        return self.is_unfinished and self.due_on < (today or timezone.localdate())
