"""Key figures agree in number with their count ("1 Projekte" was #20's example)."""

from tests.factories import ProjectFactory


def test_one_project_and_one_partner_are_singular_on_the_home_page(client, db):
    ProjectFactory()  # one published project, led by one active partner
    html = client.get("/").content.decode()
    assert '<span class="value">1</span> veröffentlichtes CO2-Minderungsprojekt<' in html
    assert '<span class="value">1</span> aktiver Partner' in html
