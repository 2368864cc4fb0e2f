"""Reads for the annual reports. The city's progress towards 3.2 t per inhabitant is read in
climate (the city balance moved there); its names stay importable here for the report."""

from climate.selectors import (  # noqa: F401
    PathPoint,
    TargetPathData,
    target_path,
    target_value,
)
from core.content_cache import remember

from .models import AnnualReport


def staff_dashboard(user=None) -> dict:
    """Context for the annual-report section of /stabsstelle/: the latest three reports,
    kept per content generation (a report's state is written by its task, and the requester
    is an account, both content)."""
    return {
        "reports_latest": remember(
            "reports.latest_three",
            lambda: list(AnnualReport.objects.select_related("requested_by")[:3]),
        )
    }
