"""Demo data: two confirmed newsletter subscribers and one sent issue (idempotent). Goes
through the services like a citizen and staff would: request, confirm, compose, send."""

from accounts.models import User

from . import selectors, services
from .models import Issue, Subscriber

SUBSCRIBERS = [
    ("leserin@beispiel.example", []),
    ("radfahrer@beispiel.example", ["projekte", "termine"]),
]


def seed() -> list[tuple[str, str, str]]:
    for email, topics in SUBSCRIBERS:
        if Subscriber.objects.filter(email__iexact=email).exists():
            continue
        services.subscription_request(email=email, topics=topics)
        subscriber = Subscriber.objects.get(email__iexact=email)
        services.subscription_confirm(token=services.confirm_token(subscriber))
    staff = User.objects.filter(email="stabsstelle@klimaportal.example").first()
    if staff is not None and not Issue.objects.exists():
        found = selectors.candidates(since=selectors.since_last_issue())
        selected = [item["key"] for item in found if item["recent"]][:8] or [
            item["key"] for item in found[:5]
        ]
        if selected:
            issue = services.issue_save(
                actor=staff,
                subject="Neues aus der Klimaallianz",
                intro=(
                    "Liebe Leserinnen und Leser,\n\nhier sind die Neuigkeiten der "
                    "Magdeburger Klimaallianz aus den letzten Wochen."
                ),
                selected=selected,
                candidates=found,
            )
            services.issue_send(issue=issue, actor=staff)
            services.issue_deliver(issue_id=issue.pk)
    return []
