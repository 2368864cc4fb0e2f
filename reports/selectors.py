"""Reads for the annual reports. The city's progress towards 3.2 t per inhabitant is read in
climate (the city balance moved there); its names stay importable here for the report."""

from climate.selectors import (  # noqa: F401
    PathPoint,
    TargetPathData,
    target_path,
    target_value,
)

from .models import AnnualReport


def staff_dashboard(user=None) -> dict:
    """Context for the annual-report section of /stabsstelle/ (one query)."""
    return {"reports_latest": list(AnnualReport.objects.select_related("requested_by")[:3])}
