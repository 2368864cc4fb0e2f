"""Every server-drawn chart keeps its text readable on a phone and names its unit (#20).

The charts have no viewBox (which scaled 12 px labels down to about 5 px on a 375 px
phone): x in percent, y in pixels, text in CSS pixels of at least 12."""

import re
from decimal import Decimal

import pytest

from climate.charts import target_path_svg
from climate.selectors import PathPoint, TargetPathData
from projects.charts import bar_chart
from reports.charts import contribution_svg, report_path_svg


def _path_points():
    return [
        PathPoint(year, Decimal("9.4") - Decimal("0.2") * (year - 2010), Decimal("9.4"))
        for year in range(2010, 2025)
    ] + [PathPoint(2050, None, Decimal("3.2"))]


def all_charts() -> dict[str, str]:
    points = _path_points()
    labels = {"x": "Jahr", "y": "t CO2e je Einwohnerin und Einwohner", "actual": "Ist"}
    return {
        "target path": str(
            target_path_svg(
                TargetPathData(base_year=2010, points=points, latest=points[-2]),
                title="T",
                description="D",
            )
        ),
        "report path": str(
            report_path_svg(
                [
                    {"year": p.year, "actual": p.actual, "target": p.target, "preliminary": False}
                    for p in points
                ],
                title="T",
                description="D",
                labels={**labels, "target": "Zielpfad"},
            )
        ),
        "contribution": str(
            contribution_svg(
                [
                    {"year": y, "distance_t": Decimal("1234567.8"), "achieved_t": Decimal("4321")}
                    for y in range(2015, 2025)
                ],
                title="T",
                description="D",
                labels={**labels, "y": "t CO2e", "distance": "Abstand", "achieved": "Erreicht"},
            )
        ),
        "project results": str(
            bar_chart([(2021, Decimal("12.5")), (2022, Decimal("1834.2")), (2023, Decimal("99"))])
        ),
    }


@pytest.mark.parametrize("name", list(all_charts()))
def test_chart_text_is_not_scaled_and_at_least_12_px(name):
    svg = all_charts()[name]
    assert svg.startswith("<svg") and "viewBox" not in svg.split(">", 1)[0]
    sizes = [int(size) for size in re.findall(r'<text[^>]*font-size="(\d+)"', svg)]
    assert sizes and min(sizes) >= 12
    assert len(sizes) == svg.count("<text")  # no text falls back to a default size
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg


@pytest.mark.parametrize("name", list(all_charts()))
def test_chart_names_the_unit_of_its_y_axis(name):
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", all_charts()[name])
    assert any(text.startswith("t CO2e") for text in texts), texts


def test_the_target_paths_end_point_is_labelled():
    for name in ("target path", "report path"):
        texts = re.findall(r"<text[^>]*>([^<]*)</text>", all_charts()[name])
        assert "2050: 3,2 t CO2e" in texts, (name, texts)
        assert "je Einwohnerin und Einwohner" in texts, (name, texts)


def test_many_bars_leave_their_values_to_the_table():
    svg = str(bar_chart([(year, Decimal("1234.5")) for year in range(2010, 2025)]))
    assert "1.234,5</text>" not in svg  # they would overlap on a phone
    assert "<title>2010: 1.234,5 t CO2e</title>" in svg
