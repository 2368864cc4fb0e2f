"""Projects with a location: the GeoJSON export and the look of their map markers.

The export (`/projekte/export.geojson`) is an RFC 7946 FeatureCollection: one Point feature
per published project with coordinates, `[longitude, latitude]` in that order (WGS 84), and as
properties exactly the record of the JSON export (projects.records: approved values only,
partners named only with their consent). The licence is a foreign member `license` at the top
level, as in the portal's other JSON documents (core.licence).

Markers are told apart by field of action without relying on colour: each working group gets a
shape and a letter besides its colour, and the legend names them in text.
"""

from dataclasses import asdict, dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from core.content_cache import remember
from core.licence import licence_metadata
from partners.models import Body

from .models import Project
from .records import export_queryset, project_record
from .validators import LAT_MAX, LAT_MIN, LON_MAX, LON_MIN

# Dark enough for a white letter (contrast above 4.5:1) and apart for common colour-vision
# deficiencies; the shape and the letter carry the distinction anyway.
COLOURS = ("#0b5394", "#8f4700", "#1b6b3a", "#6f2b86", "#a01c2c", "#3c4a56")
SHAPES = ("circle", "square", "triangle", "diamond", "hexagon", "pentagon")
# SVG paths in a 24 x 24 box, drawn by the legend (template) and the markers (map.js) alike.
SHAPE_PATHS = {
    "circle": "M12 1.5a10.5 10.5 0 1 0 0.01 0Z",
    "square": "M3 3h18v18H3Z",
    "triangle": "M12 1.5L23 22.5H1Z",
    "diamond": "M12 0.5L23.5 12L12 23.5L0.5 12Z",
    "hexagon": "M6.5 2h11l5.5 10l-5.5 10h-11L1 12Z",
    "pentagon": "M12 1.5l10.5 7.7l-4 12.8h-13l-4-12.8Z",
}


@dataclass(frozen=True)
class MarkerStyle:
    slug: str
    name: str
    letter: str
    shape: str
    colour: str

    @property
    def path(self) -> str:
        return SHAPE_PATHS[self.shape]

    @property
    def text_y(self) -> int:
        # The letter sits lower in a triangle, whose wide part is at the bottom.
        return 19 if self.shape == "triangle" else 16

    def as_dict(self) -> dict:
        return {**asdict(self), "path": self.path, "text_y": self.text_y}


def marker_styles(groups) -> list[MarkerStyle]:
    """A distinct (shape, letter, colour) per working group, in the groups' order. The letter
    is the name's first one, or more of it where two groups share it."""
    styles = []
    used: set[str] = set()
    for index, group in enumerate(groups):
        name = "".join(ch for ch in group.name if ch.isalnum()) or group.slug
        letter = next(
            (c for c in (name[:1].upper(), name[:2].capitalize()) if c not in used),
            str(index + 1),
        )
        used.add(letter)
        styles.append(
            MarkerStyle(
                slug=group.slug,
                name=group.name,
                letter=letter,
                shape=SHAPES[index % len(SHAPES)],
                colour=COLOURS[(index + index // len(SHAPES)) % len(COLOURS)],
            )
        )
    return styles


def working_group_styles() -> list[MarkerStyle]:
    """The styles of the current working groups, kept per content generation (every map and
    small map asks for them; a renamed or new group starts a new generation)."""
    return remember("projects.marker_styles", lambda: marker_styles(Body.objects.working_groups()))


def with_location(projects):
    """The projects that have coordinates (the model allows both or neither)."""
    return projects.filter(latitude__isnull=False, longitude__isnull=False)


def feature(request, project) -> dict:
    return {
        "type": "Feature",
        "id": project.slug,
        "geometry": {
            "type": "Point",
            # RFC 7946 section 3.1.1: longitude first.
            "coordinates": [float(project.longitude), float(project.latitude)],
        },
        "properties": project_record(request, project),
    }


def feature_collection(request, projects, *, source: str = "") -> dict:
    """The FeatureCollection of `projects` that have coordinates (a constant number of
    queries: the projects, their confirmed participants, their approved results)."""
    features = [feature(request, p) for p in export_queryset(with_location(projects))]
    collection = {
        "type": "FeatureCollection",
        "license": licence_metadata(),
        "generated_at": timezone.now(),
        "source": source,
        "count": len(features),
        "features": features,
    }
    if features:
        lons = [f["geometry"]["coordinates"][0] for f in features]
        lats = [f["geometry"]["coordinates"][1] for f in features]
        collection["bbox"] = [min(lons), min(lats), max(lons), max(lats)]
    return collection


def map_config(*, styles, geojson_url: str = "", collection: dict | None = None) -> dict:
    """What static/projects/map.js needs, as JSON in the page (no inline script): where the
    projects come from (the export's URL, or the collection itself for the small maps), the
    tile server (or none), the Magdeburg bounding box, the markers' styles and the texts."""
    return {
        "geojson_url": geojson_url,
        "collection": collection,
        "tiles": {
            "url": settings.MAP_TILE_URL,
            "attribution": settings.MAP_TILE_ATTRIBUTION,
            "max_zoom": settings.MAP_MAX_ZOOM,
        },
        # [[south, west], [north, east]]: the area inside which the model accepts coordinates.
        "bounds": [[float(LAT_MIN), float(LON_MIN)], [float(LAT_MAX), float(LON_MAX)]],
        "styles": {style.slug: style.as_dict() for style in styles},
        "statuses": {value: str(label) for value, label in Project.Status.choices},
        "labels": {
            "lead_partner": _("Lead partner"),
            "participants": _("Participating partners"),
            "field_of_action": _("Field of action"),
            "status": _("Status"),
            "expected": _("Expected reduction"),
            "expected_value": _("%(value)s CO2e per year"),
            "achieved": _("Achieved reduction"),
            "achieved_value": _("%(value)s CO2e in %(year)s"),
            "no_result": _("no result recorded yet"),
            "details": _("Go to the project page"),
            "marker": _("%(title)s (%(field)s), show details"),
            "cluster": _("%(count)s projects here, zoom in"),
            "close": _("Close details"),
            "zoom_in": _("Zoom in"),
            "zoom_out": _("Zoom out"),
            "bounds": _("Magdeburg (bounding box of the city area)"),
            "loaded": _("%(count)s projects shown on the map."),
            "failed": _("The map could not load the projects; the list below shows them."),
        },
    }
