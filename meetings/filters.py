"""The filter of the public meeting list (/termine/): body and year. Unknown values make
the filter invalid, which the view answers with an empty list and the form's errors (never a
500)."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.widgets import FastSelect
from partners.models import Body

from .models import Meeting

FIRST_YEAR = 2015


def year_choices():
    this_year = timezone.localdate().year
    return [(year, str(year)) for year in range(this_year + 2, FIRST_YEAR - 1, -1)]


class MeetingListFilter(django_filters.FilterSet):
    body = django_filters.ModelChoiceFilter(
        label=_("Body"),
        queryset=lambda request: Body.objects.all(),
        to_field_name="slug",
        empty_label=_("all"),
        widget=FastSelect(shared_options="meeting-filter-bodies"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"), choices=year_choices, method="filter_year", empty_label=_("all")
    )

    class Meta:
        model = Meeting
        fields = ["body", "year"]

    def filter_year(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(starts_at__year=int(value))
