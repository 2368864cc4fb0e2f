"""Seeds a large alliance for the benchmarks (bulk inserts; idempotent by a marker partner).

Usage from a benchmark: `django_setup()` first, then `seed_large_alliance(...)`.
"""

import datetime
import os
import random
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARKER = "Bench-Partner 0000"


def django_setup(require_postgres: bool = True) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klimaportal.settings")
    os.environ.setdefault("DEBUG", "1")
    url = os.environ.get("DATABASE_URL", "")
    if require_postgres and not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database used only for benchmarks.")
    import django

    django.setup()


def seed_large_alliance(**sizes) -> dict:
    """Seeds once, then brings the planner's statistics up to date: right after bulk inserts
    PostgreSQL still believes the tables nearly empty and picks nested loops over thousands
    of rows (autovacuum would analyze them later, in the middle of a measurement)."""
    from django.db import connection

    result = _seed(**sizes)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return result


def _seed(
    *, partners=300, projects=1500, result_years=10, news=200, meetings=30, decisions=60
) -> dict:
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from meetings.models import Meeting
    from news.models import Post
    from partners.models import Body, Partner
    from projects.models import Project, ProjectResult

    call_command("migrate", verbosity=0)
    if Partner.objects.filter(name=MARKER).exists():
        return {"seeded": False}
    rng = random.Random(42)  # noqa: S311 - benchmark data
    now = timezone.now()
    groups = list(Body.objects.working_groups())
    plenary = Body.objects.get(kind=Body.Kind.PLENARY)
    with transaction.atomic():
        partner_objs = Partner.objects.bulk_create(
            Partner(
                name=f"Bench-Partner {i:04d}",
                slug=f"bench-partner-{i:04d}",
                kind=rng.choice(Partner.Kind.values),
                status=Partner.Status.ACTIVE,
                public_listing=True,
                joined_on=datetime.date(2011 + i % 14, 1 + i % 12, 1),
                description="Ein Partner der Klimaallianz für die Lastmessung.",
            )
            for i in range(partners)
        )
        project_objs = Project.objects.bulk_create(
            Project(
                title=f"Bench-Projekt {i:05d} Photovoltaik und Wärme",
                slug=f"bench-projekt-{i:05d}",
                summary="Photovoltaik, Wärmepumpen und LED im Betrieb.",
                description="Ein **Projekt** für die Lastmessung mit Text.",
                lead_partner=partner_objs[i % partners],
                field_of_action=groups[i % len(groups)],
                status=rng.choice(["geplant", "in_umsetzung", "abgeschlossen"]),
                start_date=datetime.date(2012 + i % 12, 1 + i % 12, 1),
                expected_reduction=Decimal(rng.randint(1, 5000)),
                credited=i % 7 == 0,
                publication="veroeffentlicht",
                published_at=now,
            )
            for i in range(projects)
        )
        through = Project.partners.through
        through.objects.bulk_create(
            # Confirmed participations, the ones pages and totals read.
            through(
                project_id=p.pk,
                partner_id=partner_objs[(i * 7 + 3) % partners].pk,
                state="bestaetigt",
            )
            for i, p in enumerate(project_objs)
        )
        last_year = now.year - 1
        ProjectResult.objects.bulk_create(
            ProjectResult(
                project=p,
                year=year,
                achieved_reduction=Decimal(rng.randint(0, 4000)),
            )
            for p in project_objs
            for year in range(max(p.start_date.year, last_year - result_years + 1), last_year + 1)
        )
        Post.objects.bulk_create(
            Post(
                title=f"Bench-Meldung {i}",
                slug=f"bench-meldung-{i}",
                teaser="Kurzfassung der Meldung.",
                body="Text der Meldung mit **Markdown**.",
                publish_at=now - datetime.timedelta(days=i),
            )
            for i in range(news)
        )
        meeting_objs = Meeting.objects.bulk_create(
            Meeting(
                body=plenary if i % 3 == 0 else groups[i % len(groups)],
                title=f"Bench-Sitzung {i}",
                starts_at=now - datetime.timedelta(days=30 * i - 60),
                ends_at=now - datetime.timedelta(days=30 * i - 60) + datetime.timedelta(hours=2),
                format="praesenz",
                place="Altes Rathaus",
                description="Öffentliche Beschreibung.",
                state="stattgefunden" if i > 2 else "veroeffentlicht",
            )
            for i in range(meetings)
        )
    seeded_decisions = seed_decisions(meeting_objs, partner_objs, decisions)
    return {
        "seeded": True,
        "partners": partners,
        "projects": projects,
        "news": news,
        "meetings": meetings,
        "decisions": seeded_decisions,
    }


def seed_decisions(meetings, partners, count: int) -> int:
    """`count` decided written procedures of the plenary over the last years, made with the
    decisions services (numbers, counts, result); every tenth with an objection."""
    from django.apps import apps

    try:
        proposal_model = apps.get_model("decisions", "Proposal")
    except LookupError:
        return 0
    import datetime

    from django.test.utils import override_settings
    from django.utils import timezone

    from accounts.models import User
    from accounts.services import user_make_stabsstelle
    from decisions import services as ds
    from partners.models import Body, Contact

    if count <= 0 or not partners:
        return 0
    staff, created = User.objects.get_or_create(
        email="bench-stabsstelle@klimaportal.example", defaults={"name": "Bench Stabsstelle"}
    )
    if created:
        user_make_stabsstelle(user=staff)
    objecting = partners[0]
    contact = Contact.objects.filter(partner=objecting).select_related("user").first()
    if contact is None:
        user = User.objects.create_user(
            email="bench-kontakt-0000@klimaportal.example", name="Bench Kontakt"
        )
        contact = Contact.objects.create(partner=objecting, user=user)
    plenary = Body.objects.get(kind=Body.Kind.PLENARY)
    now = timezone.now()
    made = 0
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        for i in range(count):
            deadline = now - datetime.timedelta(days=(count - i) * 15)
            before = deadline - datetime.timedelta(days=14)
            proposal = ds.proposal_create(
                actor=staff,
                title=f"Bench-Umlauf {i:03d}: gemeinsamer Leitfaden",
                text="Die Allianz **beschließt** einen gemeinsamen Schritt.",
                body=plenary,
                deadline=deadline,
                now=before,
            )
            ds.proposal_open(proposal=proposal, actor=staff, now=before)
            if i % 10 == 9:
                ds.position_state(
                    proposal=proposal,
                    partner=objecting,
                    actor=contact.user,
                    value="einwand",
                    reason="Kosten und Zuständigkeiten sind noch offen.",
                    now=before + datetime.timedelta(days=1),
                )
            ds.proposal_close(proposal=proposal, now=deadline)
            made += 1
    assert proposal_model.objects.decided().count() >= made
    return made
