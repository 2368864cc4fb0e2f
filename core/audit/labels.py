"""How actions read on history pages. Apps add their own verbs with `register_actions()`."""

from django.utils.translation import pgettext_lazy

ACTION_LABELS = {
    "created": pgettext_lazy("audit action", "created"),
    "changed": pgettext_lazy("audit action", "changed"),
    "deleted": pgettext_lazy("audit action", "deleted"),
    "submitted": pgettext_lazy("audit action", "submitted for review"),
    "published": pgettext_lazy("audit action", "published"),
    "returned": pgettext_lazy("audit action", "returned with a comment"),
    "unpublished": pgettext_lazy("audit action", "unpublished"),
    "confirmed": pgettext_lazy("audit action", "confirmed"),
    "withdrawn": pgettext_lazy("audit action", "withdrawn"),
    "signed": pgettext_lazy("audit action", "signed the declaration"),
    "resent": pgettext_lazy("audit action", "sent again"),
    "reissued": pgettext_lazy("audit action", "issued afresh with a new link"),
}


def register_actions(labels: dict) -> None:
    ACTION_LABELS.update(labels)


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))
