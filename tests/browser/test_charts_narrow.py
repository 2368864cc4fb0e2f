"""Charts on a phone (#20): every label of every chart is at least 12 CSS px high at 375 px,
the y-axis names its unit and the target path's end point is labelled."""

from decimal import Decimal

import pytest

from tests.factories import (
    ProjectFactory,
    ProjectResultFactory,
    StaffUserFactory,
    seed_city_balance,
)

pytestmark = pytest.mark.browser

# The rendered size of each label: its font size times the scale the SVG is drawn at.
TEXT_SIZES = """() => [...document.querySelectorAll('svg.chart text')].map(t => {
    const scale = t.getScreenCTM() ? t.getScreenCTM().a : 1;
    return {text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale};
})"""


@pytest.fixture
def charts(transactional_db):
    staff = StaffUserFactory()
    seed_city_balance(staff)
    project = ProjectFactory(start_date="2019-01-01")
    for year, value in ((2020, "12.5"), (2021, "1834.2"), (2022, "99.0"), (2023, "250.0")):
        ProjectResultFactory(project=project, year=year, achieved_reduction=Decimal(value))
    return project


def test_chart_labels_are_readable_on_a_phone(page, charts):
    page.set_viewport_size({"width": 375, "height": 800})
    for url in ("/", "/klimabilanz/", f"/projekte/{charts.slug}/"):
        page.goto(url)
        assert page.locator("svg.chart").count() >= 1, url
        sizes = page.evaluate(TEXT_SIZES)
        small = [s for s in sizes if s["px"] < 12]
        assert sizes and not small, (url, small)
        labels = [s["text"] for s in sizes]
        assert any(label.startswith("t CO2e") for label in labels), (url, labels)
        if url != f"/projekte/{charts.slug}/":
            assert "2050: 3,2 t CO2e" in labels and "je Einwohnerin und Einwohner" in labels
        # the chart fits the column: nothing of it is cut off or scrolls sideways
        box = page.locator("svg.chart").first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375, (url, box)
