"""What the meeting views share: loading a meeting that the user may see and loaders for the
permission gate."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from ..models import Meeting


def meeting_or_404(request, pk: int, **_other_url_kwargs) -> Meeting:
    """Gate loader: the meeting (with its body) or 404."""
    return get_object_or_404(Meeting.objects.select_related("body"), pk=pk)


def visible_meeting(request, pk: int) -> Meeting:
    """The meeting, or 404 if it does not exist or the user may not see it (drafts)."""
    meeting = meeting_or_404(request, pk)
    if not request.user.has_perm("meetings.view_meeting", meeting):
        raise Http404
    return meeting


def staff_meeting(pk: int) -> Meeting:
    return meeting_or_404(None, pk)


def manage_url(pk: int) -> str:
    return reverse("meetings:manage", kwargs={"pk": pk})


def login_first(loader):
    """A gate loader that loads nothing for anonymous users: they are sent to the login
    whichever object they asked for (a missing or hidden one included); logged-in users get
    the loader's 404 before the rule is asked."""

    def load(request, **kwargs):
        if not request.user.is_authenticated:
            return None
        return loader(request, **kwargs)

    return load
