"""Small maps on other pages: a project's location on its page, a partner's projects on its
profile. Each shows the projects' features inline (the same FeatureCollection as the export),
so the page needs no second request."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import geo
from ..models import Project

register = template.Library()


def _small_map(request, projects, *, map_id: str, heading: str, **extra) -> dict:
    collection = geo.feature_collection(request, projects)
    if not collection["features"]:
        return {}
    return {
        "map_id": map_id,
        "config_id": f"{map_id}-config",
        "heading": heading,
        "has_tiles": bool(settings.MAP_TILE_URL),
        "map_config": geo.map_config(styles=geo.working_group_styles(), collection=collection),
        **extra,
    }


@register.inclusion_tag("projects/map/_small_map.html", takes_context=True)
def project_location_map(context, project):
    """The project's marker, if it has coordinates (the facts list the address and them)."""
    if project.latitude is None or project.longitude is None:
        return {}
    return _small_map(
        context["request"],
        Project.objects.filter(pk=project.pk),
        map_id="projektstandort",
        heading=_("Location on the map"),
        alternative=_("The address and the coordinates are listed above."),
        map_url=reverse("projects:map"),
        map_link_text=_("All projects on the map"),
    )


@register.inclusion_tag("projects/map/_small_map.html", takes_context=True)
def partner_projects_map(context, partner, projects):
    """The partner's published projects with coordinates; the link opens the big map with
    the partner filter, which knows only listed partners (consent included)."""
    map_url = reverse("projects:map")
    if partner.is_listed:
        map_url += "?partner=" + partner.slug
    return _small_map(
        context["request"],
        projects,
        map_id="partnerprojekte-karte",
        heading=_("The projects on the map"),
        alternative=_("The projects are listed above."),
        map_url=map_url,
        map_link_text=_("Show them on the big map with their addresses"),
    )
