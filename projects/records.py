"""The public record of a project, as the open-data exports publish it.

One serialisation for the JSON export (`/projekte/export.json`) and the properties of the
GeoJSON export (`/projekte/export.geojson`, projects.geo), so the two cannot drift apart. What it
reads is what the public may read: the project's own fields and its results hold the approved
values (a partner's change to a published project waits in a ProjectRevision / ResultRevision
until staff approve it), and partners are named only with their consent (partners.naming).
"""

from core.numbers import json_tonnes
from partners.naming import public_partner_json, public_partners_json


def export_queryset(projects):
    """`projects` with what `project_record` reads, in a fixed number of queries."""
    return (
        projects.select_related("lead_partner", "field_of_action")
        .with_participants()
        .prefetch_related("results")
    )


def project_record(request, project) -> dict:
    """The project's public record (JSON-serialisable with DjangoJSONEncoder)."""
    p = project
    return {
        "slug": p.slug,
        "title": p.title,
        "summary": p.summary,
        "url": request.build_absolute_uri(p.get_absolute_url()),
        "lead_partner": public_partner_json(p.lead_partner),
        "participating_partners": public_partners_json(p.participants),
        "field_of_action": {"slug": p.field_of_action.slug, "name": p.field_of_action.name},
        "status": p.status,
        "start_date": p.start_date,
        "end_date": p.end_date,
        "address": p.address,
        "latitude": float(p.latitude) if p.latitude is not None else None,
        "longitude": float(p.longitude) if p.longitude is not None else None,
        "expected_reduction_t_co2e_per_year": json_tonnes(p.expected_reduction),
        "credited": p.credited,
        "results": [
            {
                "year": r.year,
                "achieved_reduction_t_co2e": json_tonnes(r.achieved_reduction),
            }
            for r in sorted(p.results.all(), key=lambda r: r.year)
        ],
        "published_at": p.published_at,
        "updated_at": p.updated_at,
    }
