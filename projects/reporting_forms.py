"""Forms of reporting compliance (#15.5): "nothing to report" with its reason, and the
deadline staff set per reporting year. The services validate again (model clean)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from climate.models import single_line

from .validators import MAX_DATE, MIN_YEAR


class NothingToReportForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"),
        max_length=500,
        validators=[single_line],
        help_text=_(
            "One line, at most 500 characters: why there is no result for this year, e.g. the "
            "plant was out of service the whole year."
        ),
        error_messages={
            "required": _("Please give the reason why there is nothing to report."),
            "max_length": _("Please keep the reason to at most 500 characters."),
        },
    )


class ReportingDeadlineForm(forms.Form):
    year = forms.IntegerField(
        label=_("reporting year"),
        error_messages={
            "required": _("Please enter the reporting year."),
            "invalid": _("Please enter the reporting year as a whole number, e.g. 2025."),
        },
    )
    due_date = forms.DateField(
        label=_("deadline"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("E.g. 31 March of the following year."),
        error_messages={
            "required": _("Please enter the deadline."),
            "invalid": _("Please enter the deadline as a date, e.g. 31.03.2026."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        last = timezone.localdate().year - 1
        self.fields["year"].widget.attrs.update({"min": MIN_YEAR, "max": last})
        self.fields["due_date"].widget.attrs.update({"max": MAX_DATE.isoformat()})

    def clean_year(self):
        year = self.cleaned_data["year"]
        current = timezone.localdate().year
        if year < MIN_YEAR:
            raise forms.ValidationError(
                _("The reporting year cannot be before %(min)s.") % {"min": MIN_YEAR}
            )
        if year >= current:
            raise forms.ValidationError(
                _(
                    "Only complete years are reported: the reporting year must be before "
                    "%(current)s."
                )
                % {"current": current}
            )
        return year
