"""The project map (/projekte/karte/) and the GeoJSON export (/projekte/export.geojson).

Both take the public list's filters (projects.filters, the same query string), so the links
between list and map keep them. The map page lists the same projects in an accessible table,
its text alternative and what a visitor without JavaScript gets; the script
(static/projects/map.js) reads the GeoJSON export with the page's query string.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from core.licence import licence_metadata, with_licence

from . import geo
from .views import filtered_projects


def _querystring(request) -> str:
    query = request.GET.copy()
    query.pop("seite", None)  # the list's page number means nothing on the map
    return query.urlencode()


def _with_query(url: str, querystring: str) -> str:
    return f"{url}?{querystring}" if querystring else url


@require_GET
def export_geojson(request):
    _filterset, projects = filtered_projects(request)
    collection = geo.feature_collection(
        request, projects, source=request.build_absolute_uri(reverse("projects:list"))
    )
    response = JsonResponse(
        collection,
        encoder=DjangoJSONEncoder,
        content_type="application/geo+json",
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
    response["Content-Disposition"] = 'inline; filename="klimaallianz-projekte.geojson"'
    return with_licence(response)


@require_GET
def project_map(request):
    filterset, projects = filtered_projects(request)
    querystring = _querystring(request)
    located = list(geo.with_location(projects).select_related("lead_partner", "field_of_action"))
    styles = geo.working_group_styles()
    by_slug = {style.slug: style for style in styles}
    return render(
        request,
        "projects/map/map.html",
        {
            "filter": filterset,
            "querystring": querystring,
            "is_filtered": bool(querystring),
            "rows": [(p, by_slug.get(p.field_of_action.slug)) for p in located],
            "located_count": len(located),
            "total_count": projects.count(),
            "styles": styles,
            "list_url": _with_query(reverse("projects:list"), querystring),
            "geojson_url": _with_query(reverse("projects:export_geojson"), querystring),
            "map_config": geo.map_config(
                styles=styles,
                geojson_url=_with_query(reverse("projects:export_geojson"), querystring),
            ),
            "has_tiles": bool(settings.MAP_TILE_URL),
            "licence": licence_metadata(),
        },
    )
