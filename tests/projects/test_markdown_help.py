"""The Markdown help of a project description says what happens to HTML: scripts, frames and
event handlers are refused with a message (projects.validators.validate_no_script), so the
help must not promise that HTML is removed (issue #20)."""

from django.utils import translation

from projects.forms import ProjectForm
from tests.factories import PartnerFactory


def test_the_help_says_active_html_is_refused_and_the_form_refuses_it(db):
    with translation.override("de"):
        form = ProjectForm(
            data={"description": "Text <script>alert(1)</script>"},
            lead_partner=PartnerFactory(),
        )
        help_text = str(form["description"].help_text)
        assert "abgelehnt" in help_text and "entfernt" not in help_text
        assert not form.is_valid()
        assert "nicht erlaubt" in " ".join(form.errors["description"])
        html = form.as_div()
    assert 'aria-describedby="id_description_helptext id_description_error"' in html
