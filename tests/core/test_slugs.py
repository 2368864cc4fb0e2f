"""Slugs transliterate German and drop markup; a slug changes only when staff ask for it, and the
old address then redirects permanently (every address below it too), never for a hidden row."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from core.slugs import german_slugify, unique_slug
from news import services
from news.models import Post
from tests.factories import StaffUserFactory


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Klimaallianz begrüßt drei neue Partner", "klimaallianz-begruesst-drei-neue-partner"),
        ("Klimafrühstück für Unternehmen", "klimafruehstueck-fuer-unternehmen"),
        ("ÖPNV-Offensive: Straßenbahn & Rad", "oepnv-offensive-strassenbahn-rad"),
        ("<b>Wärme</b>wende <script>x</script>im Quartier", "waermewende-xim-quartier"),
        ("Café &amp; Größe", "cafe-groesse"),
        ("GROẞE Ziele", "grosse-ziele"),
        ("   ", ""),
    ],
)
def test_german_slugify(title, slug):
    assert german_slugify(title) == slug


def test_long_titles_are_cut_at_a_word():
    slug = german_slugify("Fernwärme " * 40)
    assert len(slug) <= 200
    assert slug.endswith("fernwaerme")


@pytest.fixture
def staff(db):
    return StaffUserFactory()


def make_post(staff, title="Klimaallianz begrüßt drei neue Partner", **extra):
    return services.post_create(
        author=staff,
        title=title,
        teaser="Kurz.",
        body="Text",
        publish_at=extra.pop("publish_at", timezone.now() - datetime.timedelta(hours=1)),
        **extra,
    )


def test_new_post_gets_the_german_slug(staff):
    assert make_post(staff).slug == "klimaallianz-begruesst-drei-neue-partner"


def test_a_corrected_title_keeps_the_slug_unless_asked(client, staff):
    post = make_post(staff)
    client.force_login(staff)
    url = f"/stabsstelle/aktuelles/{post.slug}/bearbeiten/"
    data = {
        "title": "Klimaallianz begrüßt vier neue Partner",
        "teaser": "Kurz.",
        "body": "Text",
        "image_alt": "",
        "publish_at": timezone.localtime(post.publish_at).strftime("%Y-%m-%dT%H:%M"),
    }
    assert client.post(url, data).status_code == 302
    post.refresh_from_db()
    assert post.slug == "klimaallianz-begruesst-drei-neue-partner"

    response = client.post(url, {**data, "update_slug": "on"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.slug == "klimaallianz-begruesst-vier-neue-partner"
    assert response["Location"] == f"/aktuelles/{post.slug}/"


def test_old_slug_redirects_permanently_with_the_rest_of_the_path(client, staff):
    post = make_post(staff)
    services.post_update(post=post, actor=staff, title="Neuer Titel", update_slug=True)
    response = client.get("/aktuelles/klimaallianz-begruesst-drei-neue-partner/?a=1")
    assert response.status_code == 301
    assert response["Location"] == "/aktuelles/neuer-titel/?a=1"
    assert client.get(response["Location"]).status_code == 200
    # Below the public prefix too (the staff edit address), for a staff member.
    client.force_login(staff)
    response = client.get("/aktuelles/klimaallianz-begruesst-drei-neue-partner/")
    assert response.status_code == 301


def test_an_old_slug_stays_reserved_and_can_be_taken_back(staff):
    post = make_post(staff, title="Erster Titel")
    services.post_update(post=post, actor=staff, title="Zweiter Titel", update_slug=True)
    other = make_post(staff, title="Erster Titel")
    assert other.slug == "erster-titel-2"
    services.post_update(post=post, actor=staff, title="Erster Titel", update_slug=True)
    post.refresh_from_db()
    assert post.slug == "erster-titel"
    assert unique_slug(Post, "Zweiter Titel", fallback="x") == "zweiter-titel-2"


def test_a_hidden_post_old_slug_reveals_nothing(client, staff):
    post = make_post(staff, publish_at=timezone.now() + datetime.timedelta(days=3))
    services.post_update(post=post, actor=staff, title="Geheimer neuer Titel", update_slug=True)
    assert client.get("/aktuelles/klimaallianz-begruesst-drei-neue-partner/").status_code == 404


def test_deleting_a_post_forgets_its_old_slugs(client, staff):
    post = make_post(staff)
    services.post_update(post=post, actor=staff, title="Neu", update_slug=True)
    services.post_delete(post=post, actor=staff)
    assert client.get("/aktuelles/klimaallianz-begruesst-drei-neue-partner/").status_code == 404
    assert make_post(staff).slug == "klimaallianz-begruesst-drei-neue-partner"


def test_a_post_is_never_redirected_for_other_methods(client, staff):
    post = make_post(staff)
    services.post_update(post=post, actor=staff, title="Neu", update_slug=True)
    assert client.post("/aktuelles/klimaallianz-begruesst-drei-neue-partner/").status_code in (
        404,
        405,
    )


@pytest.mark.django_db(transaction=True)
def test_migration_gives_old_rows_german_slugs_and_keeps_old_links(
    client, latest_schema_afterwards
):
    executor = MigrationExecutor(connection)
    executor.migrate([("news", "0002_unguessable_image_names")])
    old = executor.loader.project_state([("news", "0002_unguessable_image_names")]).apps
    OldPost = old.get_model("news", "Post")
    now = timezone.now()
    for title, slug in [
        ("Klimaallianz begrüßt drei neue Partner", "klimaallianz-begrut-drei-neue-partner"),
        ("Klimafrühstück für Unternehmen", "klimafruhstuck-fur-unternehmen"),
        ("Klimafrühstück für Unternehmen", "klimafruhstuck-fur-unternehmen-2"),
        ("Umbenannt nach Veröffentlichung", "ursprunglicher-titel"),
        ("Plain title", "plain-title"),
    ]:
        OldPost.objects.create(
            title=title, slug=slug, teaser="t", body="b", publish_at=now, created_at=now
        )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert list(Post.objects.order_by("pk").values_list("slug", flat=True)) == [
        "klimaallianz-begruesst-drei-neue-partner",
        "klimafruehstueck-fuer-unternehmen",
        "klimafruehstueck-fuer-unternehmen-2",
        "ursprunglicher-titel",
        "plain-title",
    ]
    response = client.get("/aktuelles/klimafruhstuck-fur-unternehmen-2/")
    assert response.status_code == 301
    assert response["Location"] == "/aktuelles/klimafruehstueck-fuer-unternehmen-2/"


# Partners and projects ------------------------------------------------------------------------


def test_partner_rename_keeps_the_address_unless_asked(client, db):
    from partners import services as partner_services
    from tests.factories import PartnerFactory

    staff = StaffUserFactory()
    partner = PartnerFactory(
        name="Okostrom fur alle", slug="okostrom-fur-alle", public_listing=True
    )
    partner_services.partner_update(partner=partner, actor=staff, name="Ökostrom für alle")
    partner.refresh_from_db()
    assert partner.slug == "okostrom-fur-alle"

    partner_services.partner_update(
        partner=partner, actor=staff, name="Ökostrom für alle", update_slug=True
    )
    partner.refresh_from_db()
    assert partner.slug == "oekostrom-fuer-alle"
    response = client.get("/partner/okostrom-fur-alle/")
    assert response.status_code == 301
    assert response["Location"] == "/partner/oekostrom-fuer-alle/"


def test_an_unlisted_partners_old_address_reveals_nothing(client, db):
    from partners import services as partner_services
    from tests.factories import PartnerFactory

    partner = PartnerFactory(name="Alt GmbH", slug="alt-gmbh", public_listing=False)
    partner_services.partner_update(
        partner=partner, actor=StaffUserFactory(), name="Neu GmbH", update_slug=True
    )
    assert client.get("/partner/alt-gmbh/").status_code == 404


def test_new_partners_and_projects_get_german_slugs(db):
    from partners.services import unique_slug as partner_slug
    from projects.services import unique_project_slug

    assert partner_slug("Grün & Gut e. V.") == "gruen-gut-e-v"
    assert partner_slug("Registrieren") == "registrieren-2"  # a reserved path
    assert unique_project_slug("Wärmepumpen <i>im</i> Quartier") == "waermepumpen-im-quartier"


def test_staff_let_a_project_address_follow_its_title(client, db):
    from tests.factories import ProjectFactory

    project = ProjectFactory(title="Wärmepumpen im Quartier", slug="warmepumpen-im-quartier")
    staff = StaffUserFactory()
    client.force_login(staff)
    review = client.get(f"/stabsstelle/projekte/{project.slug}/").content.decode()
    assert "/projekte/waermepumpen-im-quartier/" in review

    response = client.post(f"/stabsstelle/projekte/{project.slug}/adresse/")
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.slug == "waermepumpen-im-quartier"
    assert response["Location"] == "/stabsstelle/projekte/waermepumpen-im-quartier/"
    client.logout()
    old = client.get("/projekte/warmepumpen-im-quartier/")
    assert old.status_code == 301
    assert old["Location"] == "/projekte/waermepumpen-im-quartier/"
    # The partner's own pages below an old address are not redirected for the public.
    assert client.get("/projekte/warmepumpen-im-quartier/x/").status_code in (301, 404)


def test_a_draft_projects_old_address_reveals_nothing(client, db):
    from projects.services import project_slug_update
    from tests.factories import ProjectFactory

    project = ProjectFactory(title="Geheimes Vorhaben", slug="entwurf-alt", publication="entwurf")
    project_slug_update(project=project, actor=StaffUserFactory())
    assert client.get("/projekte/entwurf-alt/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_partner_migration_gives_german_slugs(client, latest_schema_afterwards):
    executor = MigrationExecutor(connection)
    executor.migrate([("partners", "0004_membership_ended")])
    old = executor.loader.project_state([("partners", "0004_membership_ended")]).apps
    OldPartner = old.get_model("partners", "Partner")
    OldPartner.objects.create(
        name="Ökostrom für alle",
        slug="okostrom-fur-alle",
        status="aktiv",
        public_listing=True,
        kind=OldPartner._meta.get_field("kind").choices[0][0],
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from partners.models import Partner

    assert Partner.objects.get(name="Ökostrom für alle").slug == "oekostrom-fuer-alle"
    assert client.get("/partner/okostrom-fur-alle/").status_code == 301
