import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.widgets import FastSelect

from .models import Body, Partner, Sector


class PartnerDirectoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Name"), method="filter_name", widget=forms.TextInput(attrs={"type": "search"})
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of organisation"), choices=Partner.Kind.choices, empty_label=_("all")
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"),
        queryset=lambda request: Sector.objects.all(),
        to_field_name="slug",
        empty_label=_("all"),
        widget=FastSelect(shared_options="partner-filter-sectors"),
    )
    working_group = django_filters.ModelChoiceFilter(
        label=_("Working group"),
        queryset=lambda request: Body.objects.working_groups(),
        to_field_name="slug",
        method="filter_working_group",
        empty_label=_("all"),
        widget=FastSelect(shared_options="partner-filter-working-groups"),
    )

    class Meta:
        model = Partner
        fields = ["q", "kind", "sector", "working_group"]

    def filter_name(self, queryset, name, value):
        value = value.strip()[:100]
        return queryset.filter(name__icontains=value) if value else queryset

    def filter_working_group(self, queryset, name, value):
        """Partners with a current confirmed representative in the working group."""
        if not value:
            return queryset
        from .selectors import member_partners

        return queryset.filter(pk__in=member_partners(value).values("pk"))
