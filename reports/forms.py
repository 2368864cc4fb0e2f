from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CityEmissions, TargetPath


class EmissionsForm(forms.ModelForm):
    class Meta:
        model = CityEmissions
        fields = ["year", "total_t", "population", "source", "note"]
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
