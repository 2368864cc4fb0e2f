from django import forms
from django.utils.translation import gettext_lazy as _

from core.form_fields import GermanDecimalField

from .models import CityEmissions, TargetPath


class EmissionsForm(forms.ModelForm):
    class Meta:
        model = CityEmissions
        fields = ["year", "total_t", "population", "source", "note"]
        field_classes = {"total_t": GermanDecimalField}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class TargetPathForm(forms.ModelForm):
    class Meta:
        model = TargetPath
        fields = ["base_year"]

    def clean_base_year(self):
        year = self.cleaned_data["base_year"]
        if not CityEmissions.objects.filter(year=year).exists():
            raise forms.ValidationError(
                _("There are no emission figures for %(year)s yet. Enter them first."),
                params={"year": year},
            )
        return year


class ReportRequestForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    outlook = forms.CharField(
        label=_("Outlook"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown. Appears as the chapter “Outlook” of the report."),
    )

    def __init__(self, *args, **kwargs):
        from .services import report_year_range

        super().__init__(*args, **kwargs)
        years = list(reversed(report_year_range()))
        self.fields["year"].choices = [(year, str(year)) for year in years]
        self.fields["year"].initial = years[1] if len(years) > 1 else years[0]
