"""Staff see plausibility warnings before they publish a submitted project."""

from decimal import Decimal

from projects.models import ProjectResult
from tests.factories import ProjectFactory, StaffUserFactory


def test_the_review_page_warns_about_an_implausible_result(client, db):
    project = ProjectFactory(
        publication="eingereicht",
        expected_reduction=Decimal("23.8"),
        calculation_method="Zählerstände vor und nach dem Tausch",
    )
    ProjectResult.objects.create(project=project, year=2023, achieved_reduction=Decimal("23.1"))
    ProjectResult.objects.create(project=project, year=2024, achieved_reduction=Decimal("23800"))
    client.force_login(StaffUserFactory())
    page = client.get(f"/stabsstelle/projekte/{project.slug}/").content.decode()
    assert "Plausibilität: Bitte prüfen Sie vor Ihrer Entscheidung" in page
    assert "Ergebnis 2024:" in page and "23.800,0" in page
    assert "Ergebnis 2023:" not in page  # a plausible year is not flagged


def test_no_warning_for_plausible_results(client, db):
    project = ProjectFactory(
        publication="eingereicht",
        expected_reduction=Decimal("23.8"),
        calculation_method="Zählerstände vor und nach dem Tausch",
    )
    ProjectResult.objects.create(project=project, year=2024, achieved_reduction=Decimal("20.5"))
    client.force_login(StaffUserFactory())
    page = client.get(f"/stabsstelle/projekte/{project.slug}/").content.decode()
    assert "Plausibilität: Bitte prüfen" not in page
