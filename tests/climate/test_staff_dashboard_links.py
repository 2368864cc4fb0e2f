"""Staff reach the city balance and the emission factors from their dashboard directly."""

from tests.factories import StaffUserFactory


def test_the_staff_dashboard_links_the_climate_pages(client, db):
    client.force_login(StaffUserFactory())
    page = client.get("/stabsstelle/").content.decode()
    assert 'href="/stabsstelle/klimabilanz/"' in page
    assert 'href="/stabsstelle/emissionsfaktoren/"' in page
    assert "/stabsstelle/emissionen/" not in page  # the old address only redirects
