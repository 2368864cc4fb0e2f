from django import forms
from django.utils.translation import gettext_lazy as _


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
