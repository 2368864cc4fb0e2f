"""The map's part of the public partner profile (core.registry.partner_profile): the partner's
published projects with coordinates on a small map. The partner template includes the section
it is given; the queryset is evaluated only there (four queries, whatever the number)."""

from core.registry import Section

from .models import Project


def partner_profile_map(partner) -> dict:
    # Led or with a confirmed participation, as the profile's list of projects.
    projects = Project.objects.published().involving(partner.pk).order_by("-start_date", "pk")
    return {
        "projects_map": Section(
            "projects/map/_partner_map.html", {"partner": partner, "projects": projects}
        )
    }
