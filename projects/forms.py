from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.form_fields import GermanDecimalField, IdMultipleChoiceField
from partners.models import Body, Partner

from . import plausibility
from .models import Project, ProjectResult, ProjectRevision, ResultRevision
from .validators import MAX_DATE, MIN_DATE, stop_year, validate_evidence

MAX_IMPORT_BYTES = 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ProjectDateInput(DateInput):
    """A project's dates: the browser's date picker offers only the plausible years (the
    model's clean refuses others with a German message, whatever was typed)."""

    def __init__(self, attrs=None):
        bounds = {"min": MIN_DATE.isoformat(), "max": MAX_DATE.isoformat()}
        super().__init__(attrs={**bounds, **(attrs or {})})


class ProjectForm(forms.ModelForm):
    participants = IdMultipleChoiceField(
        label=_("participating partners"),
        queryset=Partner.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Active partner organisations that take part in the project. They are asked to "
            "confirm; only a confirmed participation counts."
        ),
    )
    document = forms.FileField(
        label=_("add an evidence document"),
        required=False,
        validators=[validate_evidence],
        help_text=_("PDF, OpenDocument or image, at most 20 MB. Not shown publicly."),
    )
    document_title = forms.CharField(
        label=_("title of the evidence document"), max_length=200, required=False
    )
    justification = forms.CharField(
        label=_("justification of the changed expected reduction"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = Project
        fields = [
            "title",
            "summary",
            "description",
            "field_of_action",
            "status",
            "start_date",
            "end_date",
            "address",
            "latitude",
            "longitude",
            "expected_reduction",
            "baseline",
            "calculation_method",
            "emission_factor_source",
            "credited",
            "image",
            "image_alt",
        ]
        field_classes = {
            "latitude": GermanDecimalField,
            "longitude": GermanDecimalField,
            "expected_reduction": GermanDecimalField,
        }
        widgets = {
            "start_date": ProjectDateInput(),
            "end_date": ProjectDateInput(),
            "description": forms.Textarea(attrs={"rows": 8}),
            "baseline": forms.Textarea(attrs={"rows": 3}),
            "calculation_method": forms.Textarea(attrs={"rows": 3}),
            "image": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }

    def __init__(
        self,
        *args,
        lead_partner: Partner,
        revision: ProjectRevision | None = None,
        reviewed: bool = False,
        **kwargs,
    ):
        """`revision`: the project's open revision, whose proposed values the form shows;
        `reviewed`: the change becomes a revision (a partner edits a published project)."""
        if revision is not None:
            initial = kwargs.setdefault("initial", {})
            for name, value in revision.changes.items():
                if name == "participants":
                    continue
                initial[name] = value
            initial["justification"] = revision.justification
        super().__init__(*args, **kwargs)
        self.lead_partner = lead_partner
        self.reviewed = reviewed
        self.instance.lead_partner = lead_partner
        self.fields["field_of_action"].queryset = Body.objects.working_groups()
        self.fields["field_of_action"].empty_label = _("– please choose –")
        # Only active partners can be invited; those already invited or taking part stay
        # choosable (the service refuses to invite anyone else).
        current = (
            list(self.instance.participations.current().values_list("partner_id", flat=True))
            if self.instance.pk
            else []
        )
        self.fields["participants"].queryset = (
            Partner.objects.filter(Q(status=Partner.Status.ACTIVE) | Q(pk__in=current))
            .exclude(pk=lead_partner.pk)
            .order_by("name")
        )
        if self.instance.pk:
            self.fields["participants"].initial = current
        if revision is not None and "participants" in revision.changes:
            self.fields["participants"].initial = revision.changes["participants"]
        if reviewed:
            self.approved_expected = self.instance.expected_reduction
            self.fields["justification"].help_text = plausibility.expected_hint(
                old=self.approved_expected
            )
        else:
            del self.fields["justification"]

    def clean(self):
        cleaned = super().clean()
        if self.reviewed and "expected_reduction" in cleaned:
            flags = plausibility.expected_change_flags(
                old=self.approved_expected, new=cleaned["expected_reduction"]
            )
            if plausibility.needs_justification(flags) and not cleaned.get("justification"):
                self.add_error("justification", plausibility.justification_error(flags))
        if cleaned.get("document") and not cleaned.get("document_title"):
            self.add_error("document_title", _("Please give the evidence document a title."))
        if cleaned.get("image") and not cleaned.get("image_alt") and not self.instance.image_alt:
            self.add_error("image_alt", _("Please describe what the image shows."))
        return cleaned

    def project_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ResultForm(forms.ModelForm):
    """A yearly result. The justification becomes required for implausible values
    (projects/plausibility.py); the thresholds for this project are shown with the field."""

    class Meta:
        model = ProjectResult
        fields = ["year", "achieved_reduction", "note", "evidence", "justification"]
        field_classes = {"achieved_reduction": GermanDecimalField}
        widgets = {
            "note": forms.Textarea(attrs={"rows": 3}),
            "justification": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(
        self,
        *args,
        project: Project,
        pending: ResultRevision | None = None,
        revision: ProjectRevision | None = None,
        reviewed: bool = False,
        justify: bool = True,
        **kwargs,
    ):
        """`pending`: the revision's entry for this year, whose values the form shows;
        `revision`: the open revision (its pending values are the references);
        `reviewed`: the value becomes part of a revision (the year of a stored result is
        then fixed); `justify`: flagged values need a justification (partners; staff may give
        one)."""
        if pending is not None:
            initial = kwargs.setdefault("initial", {})
            initial.update(
                {
                    "year": pending.year,
                    "achieved_reduction": pending.achieved_reduction,
                    "note": pending.note,
                    "justification": pending.justification,
                }
            )
        super().__init__(*args, **kwargs)
        self.project = project
        self.pending = pending
        self.revision = revision
        self.justify = justify
        self.flags = []
        self.instance.project = project
        # The years the model's clean accepts: complete years within the project's years.
        last = timezone.localdate().year - 1
        stopped = stop_year(project)
        self.fields["year"].widget.attrs.update(
            {"min": project.start_date.year, "max": min(last, stopped or last)}
        )
        fixed_year = self.instance.pk or pending is not None
        if reviewed and fixed_year:
            self.fields["year"].disabled = True
        self.fields["justification"].help_text = self._hint()

    def _references(self, year):
        expected = self.project.expected_reduction
        if self.revision is not None and "expected_reduction" in self.revision.changes:
            expected = Decimal(self.revision.changes["expected_reduction"])
        previous = None
        if year is not None:
            if self.revision is not None:
                entry = self.revision.results.filter(year=year - 1).first()
                previous = entry.achieved_reduction if entry else None
            if previous is None:
                previous = (
                    ProjectResult.objects.filter(project=self.project, year=year - 1)
                    .values_list("achieved_reduction", flat=True)
                    .first()
                )
        return expected, previous

    def _hint(self) -> str:
        year = self.instance.year or (self.pending.year if self.pending else None)
        expected, previous = self._references(year)
        return plausibility.result_hint(expected=expected, previous=previous)

    def clean_year(self):
        year = self.cleaned_data["year"]
        others = ProjectResult.objects.filter(project=self.project, year=year)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        pending = (
            self.revision is not None
            and self.pending is None
            and self.revision.results.filter(year=year).exists()
        )
        if others.exists() or pending:
            raise forms.ValidationError(
                _("There is already a result for this year."), code="duplicate"
            )
        return year

    def clean(self):
        cleaned = super().clean()
        year, value = cleaned.get("year"), cleaned.get("achieved_reduction")
        if year is None or value is None:
            return cleaned
        expected, previous = self._references(year)
        self.flags = plausibility.result_flags(
            value=value,
            expected=expected,
            previous=previous,
            has_evidence=bool(
                cleaned.get("evidence")
                or self.instance.evidence
                or (self.pending is not None and self.pending.evidence)
            ),
            has_method=bool(self.project.calculation_method.strip()),
        )
        if (
            self.justify
            and plausibility.needs_justification(self.flags)
            and not cleaned.get("justification")
        ):
            self.add_error("justification", plausibility.justification_error(self.flags))
        return cleaned


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What should the partner change?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )


class UnpublishForm(forms.Form):
    comment = forms.CharField(
        label=_("Reason (sent to the partner)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": _("Please state why the project is unpublished.")},
    )


class RevisionReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What should the partner change?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": _("Please tell the partner what to change.")},
    )


class ResultsImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: project (slug), year, t CO2e; separated by semicolon or comma; "
            "UTF-8. A header line is optional."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 1 MB. Please split it into smaller files.")
            )
        return file
