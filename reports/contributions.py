"""What reports adds to the portal's composed pages (registered in ReportsConfig.ready())."""

from django.utils.translation import gettext as _

from core.registry import Section, home_sections, staff_dashboard_sections

from . import selectors
from .charts import target_path_svg


def home_target_path(user) -> Section:
    """The city's emissions per inhabitant against the straight path to 3.2 t in 2050."""
    path = selectors.target_path()
    chart = target_path_svg(
        path,
        title=_("Per-capita emissions of Magdeburg and the target path to 2050"),
        description=_(
            "Line chart: actual t CO2e per inhabitant per year and the straight target path "
            "to 3.2 t in 2050. The same figures are in the table below."
        ),
    )
    return Section("reports/sections/home_target_path.html", {"target_path": path, "chart": chart})


def staff_dashboard(user) -> Section:
    return Section("reports/includes/dashboard_section.html", selectors.staff_dashboard(user))


def register() -> None:
    home_sections.register("reports.target_path", home_target_path, order=20)
    staff_dashboard_sections.register("reports", staff_dashboard, order=50)
