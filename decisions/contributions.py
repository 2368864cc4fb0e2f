"""What decisions adds to other apps' pages (registered in DecisionsConfig.ready())."""

from django.template.loader import render_to_string

from . import selectors


def meeting_section(request, meeting, *, page: str) -> str:
    """The decisions taken in the meeting; on the staff page also the link to a new proposal."""
    can_create = (
        page == "manage"
        and request is not None
        and request.user.has_perm("decisions.manage_decisions")
    )
    return render_to_string(
        "decisions/includes/meeting_decisions.html",
        {
            "meeting_decisions": list(selectors.meeting_decisions(meeting)),
            "can_create": can_create,
        },
        request=request,
    )
