import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.widgets import FastSelect
from partners.models import Body, Partner

from .models import Project

SORTS = {
    "neueste": ("-start_date", "-pk"),
    "minderung": ("-expected_reduction", "title", "pk"),
    "titel": ("title", "pk"),
}


class ProjectFilter(django_filters.FilterSet):
    """The filters of the public list and the open-data exports (GET parameters)."""

    q = django_filters.CharFilter(
        label=_("Search"), method="filter_search", widget=forms.TextInput(attrs={"type": "search"})
    )
    field_of_action = django_filters.ModelChoiceFilter(
        label=_("Field of action"),
        queryset=lambda request: Body.objects.working_groups(),
        to_field_name="slug",
        empty_label=_("all"),
        widget=FastSelect(shared_options="project-filter-working-groups"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Project.Status.choices, empty_label=_("all")
    )
    partner = django_filters.ModelChoiceFilter(
        label=_("Partner"),
        queryset=lambda request: Partner.objects.listed(),
        to_field_name="slug",
        method="filter_partner",
        empty_label=_("all"),
        widget=FastSelect(shared_options="project-filter-partners"),
    )
    start_year = django_filters.NumberFilter(
        label=_("Start year"),
        field_name="start_date",
        lookup_expr="year",
        min_value=1990,
        max_value=2100,
    )
    credited = django_filters.ChoiceFilter(
        label=_("Credited"),
        choices=[("ja", _("yes")), ("nein", _("no"))],
        method="filter_credited",
        empty_label=_("all"),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[
            ("neueste", _("newest")),
            ("minderung", _("largest expected reduction")),
            ("titel", _("title")),
        ],
        method="filter_sort",
        empty_label=None,
    )

    class Meta:
        model = Project
        fields = []

    def narrows(self) -> bool:
        """Whether the filters leave out projects (sorting and unknown parameters do not)."""
        if not self.is_bound:
            return False
        if not self.is_valid():
            return True
        return any(
            value not in (None, "", [])
            for name, value in self.form.cleaned_data.items()
            if name != "sort"
        )

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_partner(self, queryset, name, value):
        return queryset.involving(value.pk)

    def filter_credited(self, queryset, name, value):
        return queryset.filter(credited=(value == "ja"))

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS["neueste"]))
