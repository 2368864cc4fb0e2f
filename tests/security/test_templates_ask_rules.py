"""Templates ask rules, never partner states (#12, #14): what a contact may see or do depends
on the partner's state, and that answer lives in the named rules (`{% has_perm %}` or a flag the
view got from the rule). A template comparing a partner's state string would be a second,
unchecked copy of the role table."""

import re
from pathlib import Path

from django.conf import settings

from partners.models import Partner

ROOT = Path(settings.BASE_DIR)
STATES = "|".join(re.escape(value) for value in Partner.Status.values)
COMPARISON = re.compile(
    rf"""(==|!=|\bin\b)\s*["'](?:{STATES})["']|["'](?:{STATES})["']\s*(==|!=)"""
)
PARTNER_STATUS = re.compile(r"partner[\w.]*\.status\s*(==|!=|\bin\b)")


def templates():
    folders = [ROOT / "templates", *ROOT.glob("*/templates")]
    for folder in folders:
        if ".venv" in folder.parts or "node_modules" in folder.parts:
            continue
        yield from folder.rglob("*.html")


def test_there_are_templates_to_check():
    assert sum(1 for _ in templates()) > 50


def test_no_template_compares_a_partner_state():
    found = []
    for path in templates():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if COMPARISON.search(line) or PARTNER_STATUS.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
    assert not found, "ask a rule instead:\n" + "\n".join(found)


def test_the_check_finds_a_comparison():
    assert COMPARISON.search('{% if partner.status == "aktiv" %}')
    assert COMPARISON.search("{% if 'ausgetreten' == p.status %}")
    assert PARTNER_STATUS.search("{% if object.partner.status != x %}")
    assert not COMPARISON.search('{% if meeting.state == "entwurf" %}')
