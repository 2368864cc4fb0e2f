from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from climate.models import EmissionFactor
from core.form_fields import GermanDecimalField, IdMultipleChoiceField
from partners.models import Body, Partner

from . import activity, plausibility
from .models import (
    MAX_QUANTITY,
    DataQuality,
    Project,
    ProjectResult,
    ProjectRevision,
    ResultRevision,
)
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


class ActivityLineForm(forms.Form):
    """One line of activity data: energy carrier, quantity saved, unit. A line left empty is
    ignored; a line filled in part says what is missing. Whether the unit fits the carrier's
    factor of the result's year is checked by the formset, which knows the year."""

    carrier = forms.ChoiceField(
        label=_("Energy carrier"),
        required=False,
        choices=[("", _("– please choose –")), *EmissionFactor.Carrier.choices],
    )
    quantity = GermanDecimalField(
        label=_("Quantity saved"),
        required=False,
        max_digits=12,
        decimal_places=3,
        error_messages={"max_whole_digits": _("The quantity is too large.")},
    )
    unit = forms.ChoiceField(
        label=_("Unit"),
        required=False,
        choices=[("", _("– please choose –")), *EmissionFactor.Unit.choices],
    )

    def clean(self):
        cleaned = super().clean()
        given = {name: cleaned.get(name) not in (None, "") for name in ("carrier", "unit")}
        given["quantity"] = cleaned.get("quantity") is not None
        if not any(given.values()) and not self.errors:
            return cleaned
        messages = {
            "carrier": _("Please choose the energy carrier of this line."),
            "quantity": _("Please enter the quantity saved."),
            "unit": _("Please choose the unit of the quantity."),
        }
        for name, present in given.items():
            if not present and name not in self.errors:
                self.add_error(name, messages[name])
        quantity = cleaned.get("quantity")
        if quantity is not None:
            if quantity <= 0:
                self.add_error("quantity", _("The quantity must be above zero."))
            elif quantity > MAX_QUANTITY:
                self.add_error("quantity", _("The quantity is too large."))
        return cleaned

    def line_input(self) -> activity.LineInput | None:
        data = getattr(self, "cleaned_data", None) or {}
        if not data.get("carrier") or data.get("quantity") is None or not data.get("unit"):
            return None
        return activity.LineInput(data["carrier"], data["quantity"], data["unit"])


class BaseActivityLineFormSet(forms.BaseFormSet):
    year: int | None = None

    def clean(self):
        for form in self.forms:
            if form.errors:
                continue
            line = form.line_input()
            if line is None:
                continue
            error = activity.line_error(line.carrier, line.unit, self.year)
            if error:
                form.add_error("unit", error)

    def line_inputs(self) -> list[activity.LineInput]:
        return [line for form in self.forms if (line := form.line_input()) is not None]


ActivityLineFormSet = forms.formset_factory(
    ActivityLineForm,
    formset=BaseActivityLineFormSet,
    extra=3,
    max_num=activity.MAX_LINES,
    absolute_max=activity.MAX_LINES,
    validate_max=True,
)


class _SummaryField:
    """A field of an activity line as the error summary lists it ("Zeile 2 – Menge")."""

    is_hidden = False

    def __init__(self, bound, number: int):
        self.errors = bound.errors
        self.id_for_label = bound.id_for_label
        self.label = _("Line %(n)s – %(label)s") % {"n": number, "label": bound.label}


class ResultErrorSummary:
    """The result form and its activity lines as one form for the error summary,
    so one summary (which takes the focus) links every error to its field."""

    prefix = None

    def __init__(self, form):
        self.form = form

    @property
    def errors(self):
        return bool(self.form.errors) or bool(self.form.lines.total_error_count())

    def non_field_errors(self):
        return [*self.form.non_field_errors(), *self.form.lines.non_form_errors()]

    def __iter__(self):
        yield from self.form
        for number, line in enumerate(self.form.lines.forms, start=1):
            for bound in line:
                yield _SummaryField(bound, number)


class ResultForm(forms.ModelForm):
    """A yearly result, entered either as activity data (lines of energy carrier, quantity,
    unit; the service computes the t CO2e with the factors valid in the year) or directly in
    t CO2e with a note on the method. The justification becomes required for implausible
    values (projects/plausibility.py); the thresholds for this project are shown with the
    field."""

    class Meta:
        model = ProjectResult
        fields = ["year", "achieved_reduction", "data_quality", "note", "evidence", "justification"]
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
                    "data_quality": pending.data_quality,
                    "note": pending.note,
                    "justification": pending.justification,
                }
            )
        super().__init__(*args, **kwargs)
        source = pending if pending is not None else self.instance
        self.current_lines = (
            list(source.lines.select_related("factor")) if source.pk is not None else []
        )
        if self.current_lines:
            # A computed value is not typed in: the form shows its lines instead.
            self.initial["achieved_reduction"] = None
        line_data = None
        if self.is_bound:
            line_data = self.data
            if "lines-TOTAL_FORMS" not in line_data:
                # A post without the lines (an older page, a script): no activity data.
                line_data = line_data.copy()
                line_data.update({"lines-TOTAL_FORMS": "0", "lines-INITIAL_FORMS": "0"})
        self.lines = ActivityLineFormSet(
            line_data,
            prefix="lines",
            # Shown, not compared: a bound line equal to its initial value would count as
            # empty (unchanged) and be dropped.
            initial=None
            if self.is_bound
            else [
                {"carrier": line.carrier, "quantity": line.quantity, "unit": line.unit}
                for line in self.current_lines
            ],
            form_kwargs={"use_required_attribute": False},
        )
        self.fields["achieved_reduction"].required = False
        self.fields["achieved_reduction"].label = _("achieved reduction (t CO2e), entered directly")
        self.fields["achieved_reduction"].help_text = _(
            "Only if you do not enter activity data above. Please describe in the note how "
            "the value was determined."
        )
        self.fields["data_quality"].choices = [
            ("", _("– not stated –")),
            *DataQuality.choices,
        ]
        self.fields["data_quality"].help_text = _(
            "Required with activity data: A measured, B calculated from measured data, "
            "C estimated, D rough estimate (see the methods page)."
        )
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

    def is_valid(self):
        # The lines are part of the form: both must be valid.
        valid = super().is_valid()
        return self.lines.is_valid() and valid

    def line_inputs(self) -> list[activity.LineInput]:
        return self.lines.line_inputs() if self.lines.is_valid() else []

    def error_summary(self) -> ResultErrorSummary:
        # The page's error summary (core.forms.failed_forms) lists the activity lines too.
        return ResultErrorSummary(self)

    def clean(self):
        cleaned = super().clean()
        year, value = cleaned.get("year"), cleaned.get("achieved_reduction")
        self.lines.year = year
        lines = self.line_inputs()
        if lines and value is not None:
            self.add_error(
                "achieved_reduction",
                _("Please enter either activity data or a value in t CO2e, not both."),
            )
            return cleaned
        if self.lines.is_valid() and not lines and value is None:
            if "achieved_reduction" not in self.errors:
                self.add_error(
                    "achieved_reduction",
                    _(
                        "Please enter the activity data (energy carrier, quantity, unit) or "
                        "the achieved reduction in t CO2e."
                    ),
                )
            return cleaned
        if lines and not cleaned.get("data_quality"):
            self.add_error(
                "data_quality", _("Please state the data quality (A to D) of the activity data.")
            )
        if year is None or value is None:
            # Activity data: the service computes the value and checks its plausibility.
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
            "Columns: project (slug), year, t CO2e – or, with a header line, energy carrier, "
            "quantity, unit and data quality; separated by semicolon or comma; UTF-8."
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
