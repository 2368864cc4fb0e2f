from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.form_fields import GermanDecimalField, IdMultipleChoiceField
from partners.models import Body, Partner

from .models import Project, ProjectResult
from .validators import validate_evidence

MAX_IMPORT_BYTES = 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ProjectForm(forms.ModelForm):
    participants = IdMultipleChoiceField(
        label=_("participating partners"),
        queryset=Partner.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Other partner organisations that take part in the project."),
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
            "start_date": DateInput(),
            "end_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 8}),
            "baseline": forms.Textarea(attrs={"rows": 3}),
            "calculation_method": forms.Textarea(attrs={"rows": 3}),
            "image": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }

    def __init__(self, *args, lead_partner: Partner, **kwargs):
        super().__init__(*args, **kwargs)
        self.lead_partner = lead_partner
        self.instance.lead_partner = lead_partner
        self.fields["field_of_action"].queryset = Body.objects.working_groups()
        self.fields["field_of_action"].empty_label = _("– please choose –")
        self.fields["participants"].queryset = Partner.objects.exclude(pk=lead_partner.pk).exclude(
            status=Partner.Status.WITHDRAWN
        )
        if self.instance.pk:
            self.fields["participants"].initial = list(
                self.instance.partners.values_list("pk", flat=True)
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("document") and not cleaned.get("document_title"):
            self.add_error("document_title", _("Please give the evidence document a title."))
        if cleaned.get("image") and not cleaned.get("image_alt") and not self.instance.image_alt:
            self.add_error("image_alt", _("Please describe what the image shows."))
        return cleaned

    def project_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ResultForm(forms.ModelForm):
    class Meta:
        model = ProjectResult
        fields = ["year", "achieved_reduction", "note", "evidence"]
        field_classes = {"achieved_reduction": GermanDecimalField}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.instance.project = project
        self.fields["year"].widget.attrs.update(
            {"min": project.start_date.year, "max": timezone.localdate().year}
        )

    def clean_year(self):
        year = self.cleaned_data["year"]
        others = ProjectResult.objects.filter(project=self.project, year=year)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(
                _("There is already a result for this year."), code="duplicate"
            )
        return year


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
        required=False,
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
