"""The decision register as open data (/beschluesse/export.csv and .json): the decided
proposals the public register shows, with the page's filters, their result, the stored counts
and the follow-up status. Positions are never named; objection reasons are in the API and the
annual report without names, not here (a reason may name the objecting partner)."""

from django.urls import reverse

from . import selectors

CSV_HEADER = [
    "Nummer",
    "Titel",
    "Gremium",
    "Verfahren",
    "Ergebnis",
    "Entschieden am",
    "Teilnehmende Partner",
    "Zustimmungen",
    "Enthaltungen",
    "Einwände",
    "Ohne Antwort (als Zustimmung gewertet)",
    "Umsetzungsstand",
    "Aufgaben",
    "Aufgaben erledigt",
    "Adresse im Portal",
]


def record(proposal, absolute) -> dict:
    """One decision as the JSON export gives it (keys stable, English like the API's)."""
    follow_up = selectors.follow_up_of(proposal)
    return {
        "number": proposal.number,
        "title": proposal.title,
        "body": proposal.body.slug,
        "body_name": proposal.body.name,
        "procedure": proposal.procedure,
        "result": proposal.state,
        "decided_at": proposal.decided_at.date().isoformat() if proposal.decided_at else None,
        "participants": proposal.participant_count,
        "consent": proposal.consent_count,
        "stand_aside": proposal.abstain_count,
        "objection": proposal.objection_count,
        "silent_counted_as_consent": proposal.silent_count,
        "follow_up": follow_up.key if follow_up else None,
        "tasks": follow_up.tasks if follow_up else 0,
        "tasks_done": follow_up.done if follow_up else 0,
        "url": absolute(reverse("decisions:detail", kwargs={"pk": proposal.pk})),
    }


def csv_rows(proposals, absolute):
    yield CSV_HEADER
    for proposal in proposals:
        follow_up = selectors.follow_up_of(proposal)
        yield [
            proposal.number,
            proposal.title,
            proposal.body.name,
            proposal.get_procedure_display(),
            proposal.get_state_display(),
            proposal.decided_at.date().isoformat() if proposal.decided_at else "",
            proposal.participant_count,
            proposal.consent_count,
            proposal.abstain_count,
            proposal.objection_count,
            proposal.silent_count,
            str(follow_up.label) if follow_up else "",
            follow_up.tasks if follow_up else "",
            follow_up.done if follow_up else "",
            absolute(reverse("decisions:detail", kwargs={"pk": proposal.pk})),
        ]
