from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from climate.models import EmissionFactor
from core.dates import date_short
from core.media import unguessable_image_name

from .validators import (
    LAT_MAX,
    LAT_MIN,
    LON_MAX,
    LON_MIN,
    MAX_DATE,
    MAX_REDUCTION,
    MAX_YEAR,
    MIN_DATE,
    MIN_YEAR,
    project_date_errors,
    project_result_year_error,
    validate_evidence,
    validate_no_script,
    validate_project_image,
)

REDUCTION_VALIDATORS = [
    MinValueValidator(Decimal("0"), message=_("The value must not be negative.")),
    MaxValueValidator(MAX_REDUCTION, message=_("The value must not exceed 1,000,000 t CO2e.")),
]


def project_image_path(instance, filename: str) -> str:
    # Drafts' images must not be found by their name; the original name is not kept.
    return unguessable_image_name("projects/images/", filename, instance.image)


def last_complete_year() -> int:
    return timezone.localdate().year - 1


class ProjectQuerySet(models.QuerySet):
    def published(self):
        return self.filter(publication=Project.Publication.PUBLISHED)

    def involving(self, partner_id):
        """Projects the partner leads or takes part in with a confirmed participation (no
        duplicate rows); an invitation it has not confirmed involves it in nothing."""
        return self.filter(Q(lead_partner_id=partner_id) | Q(pk__in=_confirmed_of(partner_id)))

    def with_participant(self, partner_id):
        """Projects in which the partner's participation is confirmed."""
        return self.filter(pk__in=_confirmed_of(partner_id))

    def with_participants(self):
        """Prefetches the confirmed participations with their partners (one query), which
        `Project.participants` then reads (public pages name them through partners.naming)."""
        return self.prefetch_related(
            models.Prefetch(
                "participations",
                queryset=Participation.objects.confirmed().select_related("partner"),
                to_attr="_confirmed_participations",
            )
        )

    def visible_to(self, user):
        """Staff see everything, partner contacts also their own organisation's unpublished
        projects (led, or with a confirmed participation), everybody else only published
        ones."""
        from accounts.roles import is_stabsstelle
        from partners.roles import contact_partner_id

        if is_stabsstelle(user):
            return self.all()
        own = contact_partner_id(user)
        if own is not None:
            return self.filter(
                Q(publication=Project.Publication.PUBLISHED)
                | Q(lead_partner_id=own)
                | Q(pk__in=_confirmed_of(own))
            )
        return self.published()

    def search(self, text: str):
        """German full-text search on PostgreSQL, a plain substring search elsewhere."""
        from django.db import connection

        text = (text or "").strip()
        if not text:
            return self
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery

            return self.filter(
                search_vector=SearchQuery(text, config="german", search_type="websearch")
            )
        return self.filter(
            Q(title__icontains=text) | Q(summary__icontains=text) | Q(description__icontains=text)
        )


class ProjectManager(models.Manager.from_queryset(ProjectQuerySet)):
    def get_queryset(self):
        # Nothing displays the search vector; loading it would only make every row longer.
        return super().get_queryset().defer("search_vector")


class Project(models.Model):
    """A CO2 reduction project led by one partner, with optional participating partners."""

    class Status(models.TextChoices):
        PLANNED = "geplant", _("planned")
        IN_PROGRESS = "in_umsetzung", _("in progress")
        COMPLETED = "abgeschlossen", _("completed")
        DISCONTINUED = "eingestellt", _("discontinued")

    class Publication(models.TextChoices):
        DRAFT = "entwurf", _("draft")
        SUBMITTED = "eingereicht", _("submitted")
        PUBLISHED = "veroeffentlicht", _("published")
        RETURNED = "zurueckgegeben", _("returned")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True, editable=False)
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One or two sentences for the project list.")
    )
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=20000,
        validators=[validate_no_script],
        # Says what validate_no_script does: active HTML is refused, not silently removed.
        help_text=_(
            "Markdown is allowed (headings, lists, links). Scripts, frames and event handlers "
            "are refused with a message; other HTML tags are not shown."
        ),
    )
    lead_partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        related_name="led_projects",
        verbose_name=_("lead partner"),
    )
    # Every participation with its state (invited, confirmed, declined); readers that mean
    # "the participants" use `participants`, `with_participant()` or `involving()`, which
    # count only confirmed participations.
    partners = models.ManyToManyField(
        "partners.Partner",
        blank=True,
        through="Participation",
        related_name="participating_projects",
        verbose_name=_("participating partners"),
    )
    field_of_action = models.ForeignKey(
        "partners.Body",
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("field of action"),
        limit_choices_to={"kind": "facharbeitsgruppe"},
        help_text=_("The working group whose topic the project belongs to."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    address = models.CharField(_("address or location"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("Optional, e.g. 52.1205 (inside Magdeburg)."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("Optional, e.g. 11.6276 (inside Magdeburg)."),
    )
    expected_reduction = models.DecimalField(
        _("expected reduction (t CO2e per year)"),
        max_digits=10,
        decimal_places=1,
        validators=REDUCTION_VALIDATORS,
    )
    baseline = models.TextField(
        _("baseline"),
        blank=True,
        max_length=5000,
        help_text=_("The situation before the project that the reduction is measured against."),
    )
    calculation_method = models.TextField(_("calculation method"), blank=True, max_length=5000)
    emission_factor_source = models.CharField(
        _("source of the emission factors"),
        max_length=300,
        blank=True,
        help_text=_("E.g. Umweltbundesamt, CO2-Emissionsfaktoren 2024."),
    )
    image = models.ImageField(
        _("image"),
        upload_to=project_image_path,
        blank=True,
        validators=[validate_project_image],
        help_text=_("PNG, JPEG or WebP, at most 5 MB."),
    )
    image_alt = models.CharField(
        _("image description"),
        max_length=200,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    credited = models.BooleanField(
        _("credited"),
        default=False,
        help_text=_(
            "The project was developed before the partner joined the alliance: only possible "
            "if it started before the date the lead partner joined."
        ),
    )
    publication = models.CharField(
        _("publication state"),
        max_length=20,
        choices=Publication.choices,
        default=Publication.DRAFT,
        editable=False,
    )
    staff_comment = models.TextField(_("comment of the Stabsstelle"), blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # The German full-text vector of title (A), summary (B) and description (C). PostgreSQL
    # keeps it current with a trigger (migration 0010), so every write, bulk updates included,
    # updates it; elsewhere it stays empty and search falls back to substrings.
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_vector"])
    objects = ProjectManager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expected_reduction__gte=0) & Q(expected_reduction__lte=MAX_REDUCTION),
                name="projects_project_expected_reduction_range",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="projects_project_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(start_date__gte=MIN_DATE) & Q(start_date__lte=MAX_DATE),
                name="projects_project_start_date_range",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | (Q(end_date__gte=MIN_DATE) & Q(end_date__lte=MAX_DATE)),
                name="projects_project_end_date_range",
            ),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (
                    Q(latitude__gte=LAT_MIN)
                    & Q(latitude__lte=LAT_MAX)
                    & Q(longitude__gte=LON_MIN)
                    & Q(longitude__lte=LON_MAX)
                ),
                name="projects_project_coordinates_in_city",
            ),
        ]
        # The GIN index on search_vector is PostgreSQL's alone (migration 0010).
        indexes = [models.Index(fields=["publication", "-start_date"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", kwargs={"slug": self.slug})

    def clean(self):
        # Plausible years and the dates each status needs (validators.project_date_errors).
        errors = project_date_errors(self, today=timezone.localdate())
        if (
            "end_date" not in errors
            and self.end_date
            and self.start_date
            and self.end_date < self.start_date
        ):
            errors["end_date"] = _("The end date must not be before the start date.")
        if (self.latitude is None) != (self.longitude is None):
            field = "longitude" if self.longitude is None else "latitude"
            errors[field] = _("Please enter both latitude and longitude, or neither.")
        else:
            if self.latitude is not None and not LAT_MIN <= self.latitude <= LAT_MAX:
                errors["latitude"] = _(
                    "The location is outside Magdeburg (latitude between 52.03 and 52.23)."
                )
            if self.longitude is not None and not LON_MIN <= self.longitude <= LON_MAX:
                errors["longitude"] = _(
                    "The location is outside Magdeburg (longitude between 11.50 and 11.78)."
                )
        credited_error = self.credited_error()
        if credited_error:
            errors["credited"] = credited_error
        if errors:
            raise ValidationError(errors)

    def credited_error(self) -> str | None:
        """Why the project may not be credited (DESIGN.md, commitment: a credited project
        started before the partner joined), or None."""
        if not self.credited or self.start_date is None or self.lead_partner_id is None:
            return None
        joined = self.lead_partner.joined_on
        if joined is None:
            return _(
                "Only projects that started before the partner joined the alliance can be "
                "credited, and the date the partner joined is not recorded yet."
            )
        if self.start_date >= joined:
            return _(
                "Only projects that started before the partner joined the alliance can be "
                "credited: the project started on %(start)s, the partner joined on %(joined)s."
            ) % {
                "start": date_short(self.start_date),
                "joined": date_short(joined),
            }
        return None

    @property
    def participants(self) -> list:
        """The partners whose participation is confirmed, by name (from the prefetch of
        `with_participants()` when there is one)."""
        participations = getattr(self, "_confirmed_participations", None)
        if participations is None:
            participations = list(self.participations.confirmed().select_related("partner"))
        partners = [p.partner for p in participations if p.partner_id != self.lead_partner_id]
        return sorted(partners, key=lambda partner: (partner.name.casefold(), partner.pk))

    @property
    def is_published(self) -> bool:
        return self.publication == self.Publication.PUBLISHED

    @property
    def can_be_submitted(self) -> bool:
        return self.publication in {self.Publication.DRAFT, self.Publication.RETURNED}


def _confirmed_of(partner_id):
    return Participation.objects.confirmed().filter(partner_id=partner_id).values("project_id")


class ParticipationQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(state=Participation.State.CONFIRMED)

    def invited(self):
        return self.filter(state=Participation.State.INVITED)

    def current(self):
        """Invited or confirmed: the participants the project's form shows as chosen."""
        return self.exclude(state=Participation.State.DECLINED)


class Participation(models.Model):
    """A partner's participation in a project. The lead partner (or staff) invites; only the
    invited partner confirms or declines. Only a confirmed participation counts for the
    partner's commitment and opens the project's internal part to its contacts. The table is
    the former automatic one of `Project.partners`, whose rows were confirmed."""

    class State(models.TextChoices):
        INVITED = "eingeladen", _("invited")
        CONFIRMED = "bestaetigt", _("confirmed")
        DECLINED = "abgelehnt", _("declined")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="participations", verbose_name=_("project")
    )
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.CASCADE,
        related_name="project_participations",
        verbose_name=_("partner"),
    )
    # An attachment nobody confirmed grants nothing, so a row created without a state is an
    # invitation.
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.INVITED, editable=False
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("declined by"),
    )
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        db_table = "projects_project_partners"
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        # The automatic table's own unique index (project, partner), kept as it is.
        unique_together = [("project", "partner")]

    def __str__(self) -> str:
        return f"{self.partner} – {self.project}"

    @property
    def is_invited(self) -> bool:
        return self.state == self.State.INVITED

    @property
    def is_confirmed(self) -> bool:
        return self.state == self.State.CONFIRMED


class ProjectDocument(models.Model):
    """An evidence document of a project (PDF, OpenDocument or image); not public."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="documents", verbose_name=_("project")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        upload_to="projects/evidence/",
        validators=[validate_evidence],
        help_text=_("PDF, OpenDocument or image, at most 20 MB."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence document")
        verbose_name_plural = _("evidence documents")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title


class DataQuality(models.TextChoices):
    """How a result's figures were obtained, in the words of /methodik/ (BISKO practice)."""

    MEASURED = "A", _("A – measured")
    CALCULATED = "B", _("B – calculated from measured data")
    ESTIMATED = "C", _("C – estimated")
    ROUGH = "D", _("D – rough estimate")


DATA_QUALITY_CONSTRAINT = Q(data_quality__in=["", *DataQuality.values])


def data_quality_field():
    return models.CharField(
        _("data quality"),
        max_length=1,
        choices=DataQuality.choices,
        blank=True,
        help_text=_("How the figures were obtained (grades A–D, explained on the methods page)."),
    )


class ProjectResultQuerySet(models.QuerySet):
    def published(self):
        return self.filter(project__publication=Project.Publication.PUBLISHED)

    def with_lines(self):
        """Prefetches the activity lines with their factor versions (one query)."""
        return self.prefetch_related(
            models.Prefetch("lines", queryset=ResultLine.objects.select_related("factor"))
        )


class ProjectResult(models.Model):
    """The reduction a project achieved in one calendar year."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="results", verbose_name=_("project")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    achieved_reduction = models.DecimalField(
        _("achieved reduction (t CO2e)"),
        max_digits=10,
        decimal_places=1,
        validators=REDUCTION_VALIDATORS,
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    evidence = models.FileField(
        _("evidence"),
        upload_to="projects/evidence/",
        blank=True,
        validators=[validate_evidence],
        help_text=_("Optional: PDF, OpenDocument or image, at most 20 MB."),
    )
    justification = models.TextField(
        _("justification"),
        blank=True,
        max_length=2000,
        help_text=_("Why the value is far from the expected reduction or the previous year."),
    )
    data_quality = data_quality_field()
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = ProjectResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["project", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year"],
                name="projects_result_one_per_year",
                violation_error_message=_("There is already a result for this year."),
            ),
            models.CheckConstraint(
                condition=Q(achieved_reduction__gte=0) & Q(achieved_reduction__lte=MAX_REDUCTION),
                name="projects_result_achieved_range",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=MIN_YEAR) & Q(year__lte=MAX_YEAR),
                name="projects_result_year_range",
            ),
            models.CheckConstraint(
                condition=DATA_QUALITY_CONSTRAINT, name="projects_result_data_quality"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.year}"

    def clean(self):
        if self.year is None or self.project_id is None:
            return
        # Complete years only, within the project's years (validators.result_year_error).
        error = project_result_year_error(self.project, self.year)
        if error:
            raise ValidationError({"year": error})


class ProjectRevisionQuerySet(models.QuerySet):
    def open(self):
        """Pending or returned: the one revision of a project that further edits update."""
        return self.filter(state__in=ProjectRevision.OPEN_STATES)

    def pending(self):
        return self.filter(state=ProjectRevision.State.PENDING)


class ProjectRevision(models.Model):
    """A partner's proposed change to a published project: content fields (`changes`, only
    those that differ from the approved values) and yearly results (`results`). The project
    and its result rows keep the approved values, so every reader shows the approved state;
    staff approve (the values are applied) or return the revision with a comment."""

    class State(models.TextChoices):
        PENDING = "offen", _("pending review")
        APPROVED = "freigegeben", _("approved")
        RETURNED = "zurueckgegeben", _("returned")

    OPEN_STATES = (State.PENDING, State.RETURNED)

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("project")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PENDING, editable=False
    )
    changes = models.JSONField(_("proposed values"), default=dict, blank=True, editable=False)
    justification = models.TextField(_("justification"), blank=True, max_length=2000)
    flags = models.JSONField(_("plausibility flags"), default=list, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    staff_comment = models.TextField(_("comment of the Stabsstelle"), blank=True, editable=False)

    objects = ProjectRevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("pending change")
        verbose_name_plural = _("pending changes")
        ordering = ["updated_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(state__in=["offen", "zurueckgegeben"]),
                name="projects_revision_one_open_per_project",
            )
        ]

    def __str__(self) -> str:
        return _("Change to %(project)s") % {"project": self.project}

    @property
    def is_pending(self) -> bool:
        return self.state == self.State.PENDING

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES


class ResultRevision(models.Model):
    """A proposed new or changed yearly result within a revision (one per year)."""

    revision = models.ForeignKey(
        ProjectRevision,
        on_delete=models.CASCADE,
        related_name="results",
        verbose_name=_("pending change"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    achieved_reduction = models.DecimalField(
        _("achieved reduction (t CO2e)"),
        max_digits=10,
        decimal_places=1,
        validators=REDUCTION_VALIDATORS,
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    evidence = models.FileField(
        _("evidence"),
        upload_to="projects/evidence/",
        blank=True,
        validators=[validate_evidence],
    )
    justification = models.TextField(_("justification"), blank=True, max_length=2000)
    data_quality = data_quality_field()
    flags = models.JSONField(_("plausibility flags"), default=list, blank=True, editable=False)

    class Meta:
        verbose_name = _("pending result")
        verbose_name_plural = _("pending results")
        ordering = ["revision", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "year"], name="projects_result_revision_one_per_year"
            ),
            models.CheckConstraint(
                condition=Q(achieved_reduction__gte=0) & Q(achieved_reduction__lte=MAX_REDUCTION),
                name="projects_result_revision_achieved_range",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=MIN_YEAR) & Q(year__lte=MAX_YEAR),
                name="projects_result_revision_year_range",
            ),
            models.CheckConstraint(
                condition=DATA_QUALITY_CONSTRAINT, name="projects_result_revision_data_quality"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.revision.project} {self.year}"


# The largest activity quantity of one line: a billion units (1 TWh, a billion litres) is far
# beyond any partner project in the city; more is a typing slip.
MAX_QUANTITY = Decimal("999999999.999")


class ActivityLine(models.Model):
    """One line of activity data behind a result (e.g. 120.000 kWh natural gas saved): the
    inputs, the factor version it was computed with and the computed kg CO2e. The factor row
    is never edited in place (climate.services adds versions), so the line keeps explaining
    its value; `projects.activity` computes the lines, the services store them."""

    position = models.PositiveSmallIntegerField(_("position"), default=0)
    carrier = models.CharField(
        _("energy carrier"), max_length=30, choices=EmissionFactor.Carrier.choices
    )
    quantity = models.DecimalField(
        _("quantity saved"),
        max_digits=12,
        decimal_places=3,
        validators=[
            MinValueValidator(Decimal("0.001"), message=_("The quantity must be above zero.")),
            MaxValueValidator(MAX_QUANTITY, message=_("The quantity is too large.")),
        ],
    )
    unit = models.CharField(_("unit"), max_length=10, choices=EmissionFactor.Unit.choices)
    factor = models.ForeignKey(
        "climate.EmissionFactor",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("emission factor version"),
    )
    # quantity (3 places) × kg per unit (4 places) is exact with 7 places.
    kg_co2e = models.DecimalField(_("kg CO2e"), max_digits=19, decimal_places=7)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.quantity} {self.unit} {self.get_carrier_display()}"

    @property
    def t_co2e(self) -> Decimal:
        return self.kg_co2e / Decimal(1000)


def _line_constraints(prefix: str) -> list:
    return [
        models.CheckConstraint(
            condition=Q(quantity__gt=0) & Q(quantity__lte=MAX_QUANTITY),
            name=f"{prefix}_quantity_range",
        ),
        models.CheckConstraint(condition=Q(kg_co2e__gte=0), name=f"{prefix}_kg_not_negative"),
    ]


class ResultLine(ActivityLine):
    """An activity line of an approved (or not yet published) result."""

    result = models.ForeignKey(
        ProjectResult, on_delete=models.CASCADE, related_name="lines", verbose_name=_("result")
    )

    class Meta(ActivityLine.Meta):
        verbose_name = _("activity line")
        verbose_name_plural = _("activity lines")
        constraints = _line_constraints("projects_resultline")


class ResultRevisionLine(ActivityLine):
    """An activity line of a pending result; copied with its factor version on approval."""

    entry = models.ForeignKey(
        ResultRevision,
        on_delete=models.CASCADE,
        related_name="lines",
        verbose_name=_("pending result"),
    )

    class Meta(ActivityLine.Meta):
        verbose_name = _("pending activity line")
        verbose_name_plural = _("pending activity lines")
        constraints = _line_constraints("projects_resultrevisionline")


# --- Reporting compliance (#15.5): deadlines, "nothing to report", reminders sent ------------
# Which projects owe a report and who has reported is read in projects/reporting.py; writes go
# through projects/reporting_services.py.


def _single_line(value: str) -> None:
    from climate.models import single_line

    single_line(value)


class ReportingDeadline(models.Model):
    """The date by which partners report their results of one complete year (set by staff,
    e.g. 31 March of the following year)."""

    year = models.PositiveSmallIntegerField(_("reporting year"), unique=True)
    due_date = models.DateField(_("deadline"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("set by"),
    )
    set_at = models.DateTimeField(_("set at"), default=timezone.now)
    # When staff were told which partners had not reported (once per year); cleared when the
    # deadline moves, so the notice follows the new date.
    staff_notified_at = models.DateTimeField(
        _("staff notified at"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("reporting deadline")
        verbose_name_plural = _("reporting deadlines")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=MIN_YEAR) & Q(year__lte=MAX_YEAR),
                name="projects_reportingdeadline_year_range",
            ),
        ]

    def __str__(self) -> str:
        return _("Reporting deadline %(year)s") % {"year": self.year}

    def clean(self):
        errors = {}
        if self.year is not None:
            current = timezone.localdate().year
            if self.year < MIN_YEAR:
                errors["year"] = _("The reporting year cannot be before %(min)s.") % {
                    "min": MIN_YEAR
                }
            elif self.year >= current:
                errors["year"] = _(
                    "Only complete years are reported: the reporting year must be before "
                    "%(current)s."
                ) % {"current": current}
        if self.due_date is not None and self.year is not None and "year" not in errors:
            if self.due_date.year <= self.year:
                errors["due_date"] = _(
                    "The deadline must be after the end of the reporting year (after "
                    "31.12.%(year)s)."
                ) % {"year": self.year}
            elif self.due_date > MAX_DATE:
                errors["due_date"] = _("The deadline cannot be after %(max)s.") % {
                    "max": date_short(MAX_DATE)
                }
        if errors:
            raise ValidationError(errors)


class NothingToReport(models.Model):
    """A lead partner's statement that a project has no result to report for a year, with
    the reason; it fulfils the reporting duty of that year like a result."""

    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="nothing_to_report",
        verbose_name=_("project"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    reason = models.CharField(
        _("reason"),
        max_length=500,
        validators=[_single_line],
        help_text=_("Why there is no result for this year, e.g. the plant was out of service."),
    )
    stated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stated by"),
    )
    stated_at = models.DateTimeField(_("stated at"), default=timezone.now)

    class Meta:
        verbose_name = _("“nothing to report” statement")
        verbose_name_plural = _("“nothing to report” statements")
        ordering = ["project", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year"],
                name="projects_nothingtoreport_one_per_year",
                violation_error_message=_(
                    "“Nothing to report” has already been stated for this year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=MIN_YEAR) & Q(year__lte=MAX_YEAR),
                name="projects_nothingtoreport_year_range",
            ),
            models.CheckConstraint(
                condition=~Q(reason=""), name="projects_nothingtoreport_reason_required"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.year}"


class ReportingReminder(models.Model):
    """A reminder that was sent to a partner's contacts (once per partner, year and stage),
    so a second run of the daily job sends nothing again."""

    class Stage(models.TextChoices):
        DAYS_14 = "14_tage", _("14 days before the deadline")
        DAYS_3 = "3_tage", _("3 days before the deadline")

    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.CASCADE,
        related_name="reporting_reminders",
        verbose_name=_("partner"),
    )
    year = models.PositiveSmallIntegerField(_("reporting year"))
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("reporting reminder")
        verbose_name_plural = _("reporting reminders")
        ordering = ["year", "partner", "stage"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "year", "stage"], name="projects_reportingreminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} {self.year} {self.stage}"
