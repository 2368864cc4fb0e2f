"""The API's filters: the public pages' FilterSets where they exist (projects, partner
directory), extended by `modified_since`; small ones of the same shape for the rest."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from climate.models import CityEmissions, EmissionFactor
from decisions.models import Proposal
from meetings.models import Meeting, MeetingQuerySet
from news.models import Post
from partners.filters import PartnerDirectoryFilter
from partners.models import Body
from projects.filters import ProjectFilter
from projects.models import ProjectResult

from .fields import PointInTimeFilter


class ProjectApiFilter(ProjectFilter):
    """/projekte/'s filters (search, field of action, status, partner, start year, credited,
    sort) and the time of the last change of the project or of one of its approved results."""

    modified_since = PointInTimeFilter(method="filter_modified_since")

    class Meta(ProjectFilter.Meta):
        fields = []

    # The page's filter, unchanged; the decorator tells the schema that the value is a slug.
    @extend_schema_field(OpenApiTypes.STR)
    def filter_partner(self, queryset, name, value):
        return super().filter_partner(queryset, name, value)

    def filter_modified_since(self, queryset, name, value: str):
        changed_results = ProjectResult.objects.filter(updated_at__gte=value).values("project_id")
        return queryset.filter(Q(updated_at__gte=value) | Q(pk__in=changed_results))


class PartnerApiFilter(PartnerDirectoryFilter):
    """The partner directory's filters (name, kind, sector, working group)."""

    modified_since = PointInTimeFilter(field_name="updated_at")

    class Meta(PartnerDirectoryFilter.Meta):
        fields = ["q", "kind", "sector", "working_group", "modified_since"]

    # The directory's filter, unchanged; the decorator tells the schema the value is a slug.
    @extend_schema_field(OpenApiTypes.STR)
    def filter_working_group(self, queryset, name, value):
        return super().filter_working_group(queryset, name, value)


class BodyApiFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Body.Kind.choices)

    class Meta:
        model = Body
        fields = ["kind"]


class MeetingApiFilter(django_filters.FilterSet):
    body = django_filters.ModelChoiceFilter(
        label=_("Body"), queryset=lambda request: Body.objects.all(), to_field_name="slug"
    )
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[c for c in Meeting.State.choices if c[0] in MeetingQuerySet.PUBLIC_STATES],
    )
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="starts_at", lookup_expr="year", min_value=1990, max_value=2100
    )
    modified_since = PointInTimeFilter(field_name="updated_at")

    class Meta:
        model = Meeting
        fields = ["body", "state", "year", "modified_since"]


class DecisionApiFilter(django_filters.FilterSet):
    """The register's filters (search, year, body); decided proposals are immutable, so the
    time of the decision is their last change."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_search", max_length=200)
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="decided_at", lookup_expr="year", min_value=1990, max_value=2100
    )
    body = django_filters.ModelChoiceFilter(
        label=_("Body"), queryset=lambda request: Body.objects.all(), to_field_name="slug"
    )
    modified_since = PointInTimeFilter(field_name="decided_at")

    class Meta:
        model = Proposal
        fields = ["q", "year", "body", "modified_since"]

    def filter_search(self, queryset, name, value):
        # The register's search (decisions.selectors.decision_register): every word.
        for term in (value or "").split()[:10]:
            queryset = queryset.filter(Q(title__icontains=term) | Q(text__icontains=term))
        return queryset


class PostApiFilter(django_filters.FilterSet):
    modified_since = PointInTimeFilter(field_name="updated_at")

    class Meta:
        model = Post
        fields = ["modified_since"]


class CityBalanceApiFilter(django_filters.FilterSet):
    modified_since = PointInTimeFilter(field_name="updated_at")

    class Meta:
        model = CityEmissions
        fields = ["modified_since"]


class EmissionFactorApiFilter(django_filters.FilterSet):
    carrier = django_filters.ChoiceFilter(
        label=_("Energy carrier"), choices=EmissionFactor.Carrier.choices
    )
    confirmed = django_filters.BooleanFilter(label=_("Confirmed by the specialist department"))
    # A version's values never change; its confirmation is its only later change.
    modified_since = PointInTimeFilter(method="filter_modified_since")

    class Meta:
        model = EmissionFactor
        fields = ["carrier", "confirmed", "modified_since"]

    def filter_modified_since(self, queryset, name, value: str):
        return queryset.filter(Q(created_at__gte=value) | Q(confirmed_at__gte=value))
