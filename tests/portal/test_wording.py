"""Key figures agree in number with their count ("1 Projekte" was #20's example)."""

import re

from tests.factories import ProjectFactory, ProjectResultFactory


def test_one_project_and_one_partner_are_singular_on_the_home_page(client, db):
    ProjectFactory()  # one published project, led by one active partner
    html = client.get("/").content.decode()
    assert '<span class="value">1</span> veröffentlichtes Klimaschutzprojekt<' in html
    assert '<span class="value">1</span> aktiver Partner' in html


def test_key_figures_carry_their_unit_in_the_value(client, db):
    """'1.234,5 t CO2e' as the value, the label names only what is counted (#20)."""
    ProjectResultFactory(project=ProjectFactory(expected_reduction="1234.5"), year=2022)
    for url in ("/", "/projekte/"):
        html = client.get(url).content.decode()
        items = re.findall(r'<li><span class="value">([^<]*)</span>([^<]*)', html)
        assert items, url
        tonnes = [(value, label) for value, label in items if "\xa0t" in value]
        assert tonnes and all(value.endswith("t\xa0CO2e") for value, _ in tonnes), (url, items)
        assert "1.234,5\xa0t\xa0CO2e" in [value for value, _ in tonnes]
        for _value, label in items:
            assert "CO2" not in label and not label.strip().endswith(")"), (url, label)
