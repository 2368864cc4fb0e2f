"""A partner's description renders Markdown on its public profile, as project descriptions do,
and anything that is not Markdown (HTML, scripts) is removed."""

from tests.factories import PartnerFactory


def test_profile_description_renders_markdown(client, db):
    partner = PartnerFactory(
        public_listing=True,
        description=(
            "**Grüne** Energie für Magdeburg\n\n- Solar\n- Wind\n\n<script>alert(1)</script>"
        ),
    )
    html = client.get(f"/partner/{partner.slug}/").content.decode()
    assert "<strong>Grüne</strong> Energie" in html
    assert "<li>Solar</li>" in html
    assert "<script>alert(1)" not in html
    assert "**Grüne**" not in html
