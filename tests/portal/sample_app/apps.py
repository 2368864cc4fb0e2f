"""A stand-in for a future app: it contributes to the portal's pages only through
core.registry, in its ready(), as every app does (the portal is not changed for it)."""

from django.apps import AppConfig

KEYS = ("sample.home", "sample.figure", "sample.partner", "sample.staff", "sample.sectors")


class SampleAppConfig(AppConfig):
    name = "tests.portal.sample_app"
    label = "sample_app"

    def ready(self):
        from core.registry import (
            SearchType,
            Section,
            home_figures,
            home_sections,
            partner_dashboard_sections,
            search_types,
            staff_dashboard_sections,
        )

        home_sections.register(
            "sample.home",
            lambda user: Section("sample_app/home.html", {"sample_text": "Stadtradeln 2026"}),
            order=25,
        )
        home_figures.register(
            "sample.figure",
            lambda user: Section("sample_app/figure.html", {"sample_trees": 4711}),
            order=30,
        )
        partner_dashboard_sections.register(
            "sample.partner",
            lambda user, partner: Section("sample_app/partner.html", {"sample_partner": partner}),
            order=35,
        )
        # Not applicable to anyone: the page leaves it out.
        staff_dashboard_sections.register("sample.staff", lambda user: None, order=5)
        search_types.register(
            "sample.sectors",
            SearchType("branchen", "Branchen", "partners.Sector", ("name",), "all"),
            order=60,
        )


def unregister() -> None:
    from core import registry

    for name in (
        "home_sections",
        "home_figures",
        "partner_dashboard_sections",
        "staff_dashboard_sections",
        "search_types",
    ):
        for key in KEYS:
            getattr(registry, name).unregister(key)
