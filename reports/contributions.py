"""What reports adds to the portal's composed pages (registered in ReportsConfig.ready())."""

from django.utils.translation import gettext as _

from climate import selectors as climate_selectors
from core.content_cache import remember
from core.registry import Section, home_figures, home_sections, staff_dashboard_sections

from . import contribution, selectors
from .charts import target_path_svg


def home_target_path(user) -> Section:
    """The city's emissions per inhabitant against the straight path to 3.2 t in 2050."""
    return Section(
        "reports/sections/home_target_path.html",
        remember("reports.target_path", _target_path_context, per_language=True),
    )


def _target_path_context() -> dict:
    path = selectors.target_path()
    chart = target_path_svg(
        path,
        title=_("Per-capita emissions of Magdeburg and the target path to 2050"),
        description=_(
            "Line chart: actual t CO2e per inhabitant per year and the straight target path "
            "to 3.2 t in 2050. The same figures are in the table below."
        ),
    )
    return {"target_path": path, "chart": chart}


def home_contribution(user) -> Section | None:
    """Key figure "Beitrag der Allianz": the latest complete year's share of the distance."""
    latest = remember("reports.contribution", _latest_contribution)
    if latest is None:
        return None
    return Section("reports/sections/home_contribution.html", {"contribution": latest})


def _latest_contribution():
    found = climate_selectors.contributions(climate_selectors.city_balance())
    return climate_selectors.latest_contribution(found)


def staff_dashboard(user) -> Section:
    return Section("reports/includes/dashboard_section.html", selectors.staff_dashboard(user))


def register() -> None:
    home_sections.register("reports.target_path", home_target_path, order=20)
    home_figures.register("reports.contribution", home_contribution, order=30)
    climate_selectors.achieved_reductions.register(
        "projects.achieved", contribution.achieved_by_year_and_field
    )
    staff_dashboard_sections.register("reports", staff_dashboard, order=50)
