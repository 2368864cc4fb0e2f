"""The portal measures CO2 equivalents: its German texts say "CO2e" (README "UI conventions").
"CO2" alone is allowed only where carbon dioxide itself or a publication is named."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Each entry: the words around a bare "CO2" that make it correct.
ALLOWED = (
    "CO2-Emissionsfaktoren",  # Umweltbundesamt's publication
    "CO2-Faktoren",  # BAFA's Informationsblatt
    "wie CO2 (Kohlendioxid)",  # Leichte Sprache: the gas itself
)
BARE = re.compile(r"CO2(?![e\d])|CO₂(?!e)")


def catalogues():
    for path in ROOT.rglob("locale*/de/LC_MESSAGES/django.po"):
        if not set(path.relative_to(ROOT).parts) & {".venv", "node_modules"}:
            yield path


def msgstrs(path: Path):
    """The German texts of a catalogue (obsolete entries left out), continuation lines joined."""
    current, inside = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgstr"):
            inside = True
            current = [line.split('"', 1)[1].rsplit('"', 1)[0]]
        elif inside and line.startswith('"'):
            current.append(line[1:-1])
        else:
            if inside:
                yield "".join(current)
            inside = False
    if inside:
        yield "".join(current)


def test_catalogues_are_found():
    assert len(list(catalogues())) >= 5


def test_german_texts_say_co2e():
    offenders = []
    for path in catalogues():
        for text in msgstrs(path):
            rest = text
            for allowed in ALLOWED:
                rest = rest.replace(allowed, "")
            if BARE.search(rest):
                offenders.append(f"{path.relative_to(ROOT)}: {text[:120]}")
    assert not offenders, "bare CO2 in German texts:\n" + "\n".join(offenders)
