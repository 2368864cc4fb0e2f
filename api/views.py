"""The read API (/api/v1/): read-only viewsets over the querysets the public pages use.

Nothing here asks who is asking: the API has no authentication (settings.REST_FRAMEWORK), so
every client -- a staff member's browser included -- gets exactly the public data. Each
viewset's queryset is the public one (published projects, listed partners, public meetings,
the decision register, published news), so an unpublished, unlisted or internal object is a
404 by id too. Lists use a fixed number of queries (select_related/prefetch_related)."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from climate.models import CityEmissions, EmissionFactor
from climate.selectors import city_balance
from decisions.models import Position
from decisions.selectors import (
    decision_register,
    public_tasks_prefetch,
    with_follow_up_counts,
)
from meetings.models import Document, Meeting
from news.models import Post
from partners.models import Body, Partner
from projects.models import Project, ProjectResult

from . import filters, serializers

RESULT_FIELDS = serializers.RESULT_FIELDS


class PublicReadViewSet(viewsets.ReadOnlyModelViewSet):
    # No format suffixes (api.urls), so a lookup may hold any character but "/": an unknown
    # slug with a dot is the viewset's JSON 404, not a missing route.
    lookup_value_regex = "[^/]+"

    def dispatch(self, request, *args, **kwargs):
        # Defined here so that every viewset of the read API carries this one name in the
        # gate test's table of public views (tests/security/test_gate.py, PUBLIC_VIEWS).
        return super().dispatch(request, *args, **kwargs)


def _results_queryset():
    results = ProjectResult.objects.order_by("year")
    if "lines" in RESULT_FIELDS:
        results = results.prefetch_related("lines__factor")
    return results


@extend_schema_view(
    list=extend_schema(
        summary="Veröffentlichte Projekte",
        description="Veröffentlichte Klimaschutzprojekte mit ihren freigegebenen "
        "Jahresergebnissen (offene Änderungen erscheinen erst nach der Freigabe). Filter wie "
        "auf /projekte/.",
    ),
    retrieve=extend_schema(summary="Ein veröffentlichtes Projekt"),
)
class ProjectViewSet(PublicReadViewSet):
    serializer_class = serializers.ProjectSerializer
    filterset_class = filters.ProjectApiFilter
    lookup_field = "slug"

    def get_queryset(self):
        return (
            Project.objects.published()
            .select_related("lead_partner", "field_of_action")
            .with_participants()
            .prefetch_related(Prefetch("results", queryset=_results_queryset()))
            .order_by("-start_date", "-pk")
        )


@extend_schema_view(
    list=extend_schema(
        summary="Partnerverzeichnis",
        description="Aktive Partner, die der öffentlichen Nennung zugestimmt haben.",
    ),
    retrieve=extend_schema(summary="Ein Partner des Verzeichnisses"),
)
class PartnerViewSet(PublicReadViewSet):
    serializer_class = serializers.PartnerSerializer
    filterset_class = filters.PartnerApiFilter
    lookup_field = "slug"

    def get_queryset(self):
        return Partner.objects.listed().select_related("sector").order_by("name", "pk")


@extend_schema_view(
    list=extend_schema(summary="Gremien: Allianzversammlung und Facharbeitsgruppen"),
    retrieve=extend_schema(summary="Ein Gremium"),
)
class BodyViewSet(PublicReadViewSet):
    serializer_class = serializers.BodySerializer
    filterset_class = filters.BodyApiFilter
    lookup_field = "slug"
    queryset = Body.objects.order_by("position", "name")


@extend_schema_view(
    list=extend_schema(
        summary="Öffentliche Termine",
        description="Veröffentlichte, stattgefundene und abgesagte Termine mit Tagesordnung "
        "und öffentlichen Dokumenten.",
    ),
    retrieve=extend_schema(summary="Ein öffentlicher Termin"),
)
class MeetingViewSet(PublicReadViewSet):
    serializer_class = serializers.MeetingSerializer
    filterset_class = filters.MeetingApiFilter

    def get_queryset(self):
        return (
            Meeting.objects.public()
            .select_related("body")
            .prefetch_related(
                "agenda_items",
                Prefetch(
                    "documents",
                    queryset=Document.objects.public().order_by("uploaded_at", "pk"),
                    to_attr="public_documents",
                ),
            )
            .order_by("-starts_at", "-pk")
        )


@extend_schema_view(
    list=extend_schema(
        summary="Beschlussregister",
        description="Angenommene und nicht angenommene Beschlussvorlagen mit Nummer und "
        "gespeichertem Ergebnis.",
    ),
    retrieve=extend_schema(summary="Ein Beschluss des Registers"),
)
class DecisionViewSet(PublicReadViewSet):
    serializer_class = serializers.DecisionSerializer
    filterset_class = filters.DecisionApiFilter

    def get_queryset(self):
        # The register's follow-up as on /beschluesse/: the status from the counts of its
        # tasks and the public tasks themselves (discarded ones left out).
        return (
            with_follow_up_counts(decision_register())
            .select_related("corrects")
            .prefetch_related(
                public_tasks_prefetch("public_task_links"),
                Prefetch(
                    "positions",
                    queryset=Position.objects.filter(
                        is_current=True, value=Position.Value.OBJECTION
                    ).order_by("pk"),
                    to_attr="public_objections",
                ),
            )
        )


@extend_schema_view(
    list=extend_schema(summary="Veröffentlichte Neuigkeiten"),
    retrieve=extend_schema(summary="Eine Neuigkeit"),
)
class PostViewSet(PublicReadViewSet):
    serializer_class = serializers.PostSerializer
    filterset_class = filters.PostApiFilter
    lookup_field = "slug"

    def get_queryset(self):
        return Post.objects.published().order_by("-publish_at", "-pk")


@extend_schema_view(
    list=extend_schema(
        summary="Klimabilanz der Stadt",
        description="Die Treibhausgasbilanz der Stadt je Jahr (BISKO) mit dem Wert des "
        "Zielpfads. Die Minderungen der Allianz sind nicht Teil der Stadtbilanz.",
    ),
    retrieve=extend_schema(summary="Die Klimabilanz eines Jahres"),
)
class CityBalanceViewSet(PublicReadViewSet):
    serializer_class = serializers.CityBalanceSerializer
    filterset_class = filters.CityBalanceApiFilter
    lookup_field = "year"
    queryset = CityEmissions.objects.order_by("year")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        # The target path of every year, from the selector /klimabilanz/ uses (two queries).
        context["targets"] = city_balance().targets
        return context


@extend_schema_view(
    list=extend_schema(
        summary="Emissionsfaktoren",
        description="Alle Versionen der Emissionsfaktoren (kg CO2e je Einheit mit "
        "Vorketten); noch nicht bestätigte sind als solche gekennzeichnet.",
    ),
    retrieve=extend_schema(summary="Eine Version eines Emissionsfaktors"),
)
class EmissionFactorViewSet(PublicReadViewSet):
    serializer_class = serializers.EmissionFactorSerializer
    filterset_class = filters.EmissionFactorApiFilter
    queryset = EmissionFactor.objects.order_by("carrier", "-version")
