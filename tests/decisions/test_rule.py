"""The consensus rule, exhaustively against an independent oracle."""

import itertools
from types import SimpleNamespace

import pytest

from decisions.services import consensus_outcome

VALUES = (None, "zustimmung", "enthaltung", "einwand")


def oracle(states, written):
    """Written independently of the service: DESIGN.md's consensus rule."""
    objections = [i for i, s in enumerate(states) if s == "einwand"]
    consents = sum(1 for s in states if s == "zustimmung")
    silent = sum(1 for s in states if s is None)
    if written:
        consents += silent
    return (not objections and consents > 0), consents, objections


@pytest.mark.parametrize("written", [False, True])
@pytest.mark.parametrize("size", [0, 1, 2, 3])
def test_every_combination_matches_the_oracle(written, size):
    partners = [SimpleNamespace(pk=i + 1, name=f"P{i + 1}") for i in range(size)]
    for states in itertools.product(VALUES, repeat=size):
        positions = [
            SimpleNamespace(partner_id=p.pk, value=s, reason=f"Grund {p.pk}")
            for p, s in zip(partners, states, strict=True)
            if s is not None
        ]
        outcome = consensus_outcome(
            participants=partners, positions=positions, written_procedure=written
        )
        adopted, consents, objecting = oracle(states, written)
        assert outcome.adopted == adopted, (states, written)
        assert outcome.consent == consents
        assert outcome.abstain == states.count("enthaltung")
        assert outcome.objection == len(objecting)
        assert outcome.silent == states.count(None)
        assert outcome.silent_counted_as_consent == (written and None in states)
        assert [(p.pk, r) for p, r in outcome.objections] == [
            (i + 1, f"Grund {i + 1}") for i in objecting
        ]


def test_positions_of_partners_not_taking_part_are_ignored():
    present = [SimpleNamespace(pk=1, name="A")]
    positions = [
        SimpleNamespace(partner_id=1, value="zustimmung", reason=""),
        SimpleNamespace(partner_id=2, value="einwand", reason="nicht anwesend"),
    ]
    outcome = consensus_outcome(participants=present, positions=positions, written_procedure=False)
    assert outcome.adopted and outcome.objection == 0 and outcome.participants == 1


def test_only_abstentions_in_a_meeting_are_not_adopted():
    present = [SimpleNamespace(pk=1, name="A"), SimpleNamespace(pk=2, name="B")]
    positions = [SimpleNamespace(partner_id=p.pk, value="enthaltung", reason="") for p in present]
    outcome = consensus_outcome(participants=present, positions=positions, written_procedure=False)
    assert not outcome.adopted
