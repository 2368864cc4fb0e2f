from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The city balance moved to climate (layer below reports); the names stay importable here.
from climate.models import (  # noqa: E402, F401
    TARGET_PER_CAPITA,
    TARGET_YEAR,
    CityEmissions,
    TargetPath,
)


class AnnualReport(models.Model):
    """One rendering (version) of the alliance's annual report for a year.

    Re-rendering a year makes a new version; older versions stay. The PDF is rendered from
    `snapshot`, the figures as they were when the report was made, so a published report can
    be explained later.
    """

    class State(models.TextChoices):
        QUEUED = "wartend", _("queued")
        RUNNING = "in_arbeit", _("in progress")
        DONE = "fertig", _("done")
        FAILED = "fehlgeschlagen", _("failed")

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    version = models.PositiveSmallIntegerField(_("version"), editable=False)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.QUEUED, editable=False
    )
    error = models.TextField(_("error"), blank=True, editable=False)
    outlook = models.TextField(_("outlook"), blank=True, max_length=20000, help_text=_("Markdown."))
    requested_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now, editable=False)
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now, editable=False)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0, editable=False)
    pdf = models.FileField(_("PDF file"), upload_to="reports/", blank=True, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), default=0, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    page_count = models.PositiveIntegerField(_("pages"), default=0, editable=False)
    snapshot = models.JSONField(_("data snapshot"), null=True, blank=True, editable=False)
    published = models.BooleanField(_("published"), default=False, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "version"], name="reports_annualreport_version"
            ),
            models.CheckConstraint(
                condition=Q(published=False) | Q(state="fertig"),
                name="reports_annualreport_published_done",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} v{self.version}"

    @property
    def is_pending(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def download_name(self) -> str:
        return f"jahresbericht-klimaallianz-magdeburg-{self.year}-v{self.version}.pdf"
