from django import forms
from django.utils.translation import gettext_lazy as _

from core.form_fields import GermanDecimalField

from .models import FIRST_BALANCE_YEAR, SECTOR_FIELDS, CityEmissions, EmissionFactor, TargetPath


class EmissionsForm(forms.ModelForm):
    """A year's balance. The year is fixed once entered (a correction keeps its year); the
    model's clean() checks the year bounds and the sum of the sectors against the total."""

    class Meta:
        model = CityEmissions
        fields = ["year", "total_t", "population", "source", "preliminary", *SECTOR_FIELDS, "note"]
        field_classes = {
            "total_t": GermanDecimalField,
            **dict.fromkeys(SECTOR_FIELDS, GermanDecimalField),
        }
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "year": _("From %(first)s up to the current year.") % {"first": FIRST_BALANCE_YEAR},
            "households_t": _(
                "Optional: all five BISKO sectors or none. Their sum may differ from the "
                "total by at most 0.5 %."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["year"].disabled = True


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


class EmissionFactorForm(forms.ModelForm):
    """A new version of a factor; prefilled from the current one."""

    class Meta:
        model = EmissionFactor
        fields = [
            "carrier",
            "unit",
            "kg_co2e_per_unit",
            "source",
            "source_year",
            "valid_from",
            "valid_until",
            "note",
        ]
        field_classes = {"kg_co2e_per_unit": GermanDecimalField}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, carrier: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if carrier:
            self.fields["carrier"].disabled = True
            self.fields["carrier"].initial = carrier

    def _post_clean(self):
        # The version number is the service's to give; the model is validated there.
        pass
