"""Consensus decisions: proposals (Beschlussvorlagen), the partners' positions and the
yearly decision numbers.

The models came from the meetings app and keep their tables (`meetings_proposal`,
`meetings_position`, `meetings_decisioncounter`) and constraint names.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import AgendaItem
from partners.models import Body


class ProposalQuerySet(models.QuerySet):
    DECIDED_STATES = ("angenommen", "nicht_angenommen")

    def decided(self):
        return self.filter(state__in=self.DECIDED_STATES)

    def decided_public(self):
        """The public register: adopted and not adopted proposals (they carry a number)."""
        return self.decided()

    def open(self):
        return self.filter(state=Proposal.State.OPEN)

    def written(self):
        return self.filter(procedure=Proposal.Procedure.WRITTEN)


class Proposal(models.Model):
    """A Beschlussvorlage, decided by consensus in a meeting or in a written procedure.

    Decided proposals are immutable (services refuse changes); a correction is a new proposal
    that refers to the old one through `corrects`.
    """

    class Procedure(models.TextChoices):
        MEETING = "sitzung", _("In a meeting")
        WRITTEN = "umlauf", _("Written procedure")

    class State(models.TextChoices):
        DRAFT = "entwurf", _("Draft")
        OPEN = "offen", _("Open")
        ADOPTED = "angenommen", _("Adopted")
        NOT_ADOPTED = "nicht_angenommen", _("Not adopted")
        WITHDRAWN = "zurueckgezogen", _("Withdrawn")

    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text of the proposal"), max_length=20000, help_text=_("Markdown."))
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("body")
    )
    procedure = models.CharField(_("procedure"), max_length=10, choices=Procedure.choices)
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("agenda item"),
    )
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default="entwurf")
    number = models.CharField(_("number"), max_length=20, null=True, blank=True, unique=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    review_on = models.DateField(_("review on"), null=True, blank=True)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
    )
    # The result, stored when decided (immutable afterwards).
    consent_count = models.PositiveIntegerField(_("consent"), default=0)
    abstain_count = models.PositiveIntegerField(_("stand aside"), default=0)
    objection_count = models.PositiveIntegerField(_("objection"), default=0)
    silent_count = models.PositiveIntegerField(_("silent, counted as consent"), default=0)
    participant_count = models.PositiveIntegerField(_("partners taking part"), default=0)
    result_summary = models.TextField(_("result"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        db_table = "meetings_proposal"
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-decided_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(procedure="umlauf", deadline__isnull=False, agenda_item__isnull=True)
                    | Q(procedure="sitzung", agenda_item__isnull=False, deadline__isnull=True)
                ),
                name="meetings_proposal_meeting_or_written",
                violation_error_message=_(
                    "A proposal is decided either in a meeting (agenda item) or in a written "
                    "procedure (deadline)."
                ),
            ),
            models.CheckConstraint(
                condition=(
                    ~Q(state__in=["angenommen", "nicht_angenommen"])
                    | Q(number__isnull=False, decided_at__isnull=False)
                ),
                name="meetings_proposal_decided_has_number",
            ),
        ]
        indexes = [models.Index(fields=["state", "decided_at"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title

    def get_absolute_url(self) -> str:
        return reverse("decisions:detail", kwargs={"pk": self.pk})

    @property
    def is_decided(self) -> bool:
        return self.state in ProposalQuerySet.DECIDED_STATES

    @property
    def is_written(self) -> bool:
        return self.procedure == self.Procedure.WRITTEN

    @property
    def meeting(self):
        return self.agenda_item.meeting if self.agenda_item_id else None


class DecisionCounter(models.Model):
    """The last decision number given per year; its row is locked while a number is taken."""

    year = models.PositiveIntegerField(_("year"), primary_key=True)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        db_table = "meetings_decisioncounter"
        verbose_name = _("decision counter")
        verbose_name_plural = _("decision counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Position(models.Model):
    """A partner organisation's position on a proposal. Every change is a new row; the
    database keeps exactly one current row per proposal and partner."""

    class Value(models.TextChoices):
        CONSENT = "zustimmung", _("Consent")
        ABSTAIN = "enthaltung", _("Stand aside")
        OBJECTION = "einwand", _("Objection")

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="positions", verbose_name=_("proposal")
    )
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        related_name="decision_positions",
        verbose_name=_("partner"),
    )
    value = models.CharField(_("position"), max_length=20, choices=Value.choices)
    reason = models.TextField(_("reason"), blank=True, max_length=5000)
    note = models.CharField(_("note"), max_length=200, blank=True)
    stated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("stated by"),
    )
    stated_at = models.DateTimeField(_("stated at"), default=timezone.now)
    is_current = models.BooleanField(_("current"), default=True)

    class Meta:
        db_table = "meetings_position"
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["proposal", "partner__name", "-stated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "partner"],
                condition=Q(is_current=True),
                name="meetings_position_one_current",
            ),
            models.CheckConstraint(
                condition=~Q(value="einwand") | ~Q(reason=""),
                name="meetings_position_objection_reason",
                violation_error_message=_("Please give the reason for your objection."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} – {self.proposal}: {self.get_value_display()}"


class DecisionTask(models.Model):
    """Links a decision to a task of its follow-up (a `meetings.ActionItem`). The link lives
    here because decisions sit above meetings: the action item does not know decisions."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("decision")
    )
    action_item = models.OneToOneField(
        "meetings.ActionItem",
        on_delete=models.CASCADE,
        related_name="decision_link",
        verbose_name=_("action item"),
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("task of a decision")
        verbose_name_plural = _("tasks of decisions")
        ordering = ["proposal", "action_item__due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.action_item_id}"


class Comment(models.Model):
    """A contribution to a proposal's discussion (contacts of active partners and staff, before
    and while positions are stated). Staff hide a comment with a reason; it is never deleted."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="comments", verbose_name=_("proposal")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    # The organisation the author wrote for (none for the Stabsstelle), kept as it was.
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner"),
    )
    text = models.TextField(_("comment"), max_length=5000, help_text=_("Markdown."))
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                name="decisions_comment_hidden_has_reason",
                violation_error_message=_("Please give the reason for hiding the comment."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.text[:40]}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None
