"""#16.6 and #16.7: staff manage the participants of a theme circle (add, remove, export),
someone on a waiting list switches to a circle with free places; working-group memberships
end properly, are never open twice, staff add members and set roles. With refusals per role
for each new view."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.audit.models import AuditEntry
from meetings import services
from meetings.models import CircleRegistration
from tests.factories import CircleFactory, PartnerFactory
from tests.meetings.conftest import make_contact


@pytest.fixture
def people(db):
    """Seven contacts of active partners (the plenary's members), one of a registered one."""
    return [make_contact(PartnerFactory(name=f"Partner {n}")) for n in range(7)]


@pytest.fixture
def circles(meeting):
    return CircleFactory(meeting=meeting, title="Wärme", capacity=6), CircleFactory(
        meeting=meeting, title="Verkehr", capacity=6
    )


def expect(response, code):
    if code == "login":
        assert response.status_code == 302 and response["Location"].startswith("/konto/login/")
    else:
        assert response.status_code == code, (response.status_code, code)


# Theme circles ----------------------------------------------------------------------------


def test_staff_add_fills_then_waits(circles, people, staff_user):
    full, _other = circles
    for person in people[:6]:
        assert (
            services.circle_participant_add(circle=full, user=person, actor=staff_user).status
            == CircleRegistration.Status.REGISTERED
        )
    seventh = services.circle_participant_add(circle=full, user=people[6], actor=staff_user)
    assert seventh.status == CircleRegistration.Status.WAITING
    with pytest.raises(ValidationError):
        services.circle_participant_add(circle=full, user=people[0], actor=staff_user)
    assert AuditEntry.objects.filter(action="participant_added").count() == 7


def test_staff_add_refuses_non_members(circles, staff_user, inactive_contact, user):
    for outsider in (inactive_contact, user):
        with pytest.raises(ValidationError):
            services.circle_participant_add(circle=circles[0], user=outsider, actor=staff_user)


def test_only_staff_add(circles, people):
    with pytest.raises(PermissionDenied):
        services.circle_participant_add(circle=circles[0], user=people[0], actor=people[1])


def test_staff_remove_moves_the_waiting_list_up(circles, people, staff_user):
    full, _other = circles
    registrations = [
        services.circle_participant_add(circle=full, user=p, actor=staff_user) for p in people
    ]
    moved = services.circle_participant_remove(registration=registrations[0], actor=staff_user)
    assert [r.user for r in moved] == [people[6]]
    assert not CircleRegistration.objects.filter(user=people[0]).exists()


def test_waiting_list_switch_to_a_free_circle(circles, people, staff_user):
    full, free = circles
    for person in people[:6]:
        services.circle_register(circle=full, user=person)
    waiting = services.circle_register(circle=full, user=people[6])
    assert waiting.status == CircleRegistration.Status.WAITING
    switched = services.circle_switch(registration=waiting, circle=free, actor=people[6])
    assert switched.circle == free and switched.status == CircleRegistration.Status.REGISTERED
    # Back into the full one: refused.
    with pytest.raises(ValidationError):
        services.circle_switch(registration=switched, circle=full, actor=people[6])
    # Nobody switches someone else.
    with pytest.raises(PermissionDenied):
        services.circle_switch(registration=switched, circle=full, actor=people[0])


def test_registered_switch_frees_the_place_for_the_waiting(circles, people):
    full, free = circles
    registrations = [services.circle_register(circle=full, user=p) for p in people]
    services.circle_switch(registration=registrations[0], circle=free, actor=people[0])
    assert CircleRegistration.objects.get(user=people[6]).status == "angemeldet"


def test_switch_view_and_button(client, circles, people):
    full, free = circles
    for person in people[:6]:
        services.circle_register(circle=full, user=person)
    services.circle_register(circle=full, user=people[6])
    client.force_login(people[6])
    page = client.get(full.meeting.get_absolute_url()).content.decode()
    assert "Zu Verkehr wechseln" in page
    url = reverse("meetings:circle_switch", kwargs={"circle_id": free.pk})
    assert client.post(url).status_code == 302
    assert CircleRegistration.objects.get(user=people[6]).circle == free


def test_participant_csv(client, circles, people, staff_user):
    services.circle_participant_add(circle=circles[0], user=people[0], actor=staff_user)
    people[0].name = "=HYPERLINK(1)"
    people[0].save()
    client.force_login(staff_user)
    url = reverse(
        "meetings:circle_participants_csv",
        kwargs={"pk": circles[0].meeting_id, "circle_id": circles[0].pk},
    )
    response = client.get(url)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Klimakreis" and rows[1][1] == "'=HYPERLINK(1)"
    assert rows[1][4] == "Angemeldet"


def test_staff_circle_page_add_and_remove(client, circles, people, staff_user):
    circle = circles[0]
    client.force_login(staff_user)
    base = {"pk": circle.meeting_id, "circle_id": circle.pk}
    page = client.get(reverse("meetings:circle_edit", kwargs=base)).content.decode()
    assert "Teilnehmende Person hinzufügen" in page
    response = client.post(
        reverse("meetings:circle_participant_add", kwargs=base), {"participant-user": "999999"}
    )
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    client.post(
        reverse("meetings:circle_participant_add", kwargs=base),
        {"participant-user": people[0].pk},
    )
    registration = CircleRegistration.objects.get(user=people[0])
    client.post(
        reverse(
            "meetings:circle_participant_remove",
            kwargs={**base, "registration_id": registration.pk},
        )
    )
    assert not CircleRegistration.objects.exists()


@pytest.mark.parametrize("role", ["anonymous", "partner", "staff"])
def test_circle_staff_views_refuse_others(client, circles, people, staff_user, role):
    circle = circles[0]
    registration = services.circle_participant_add(circle=circle, user=people[0], actor=staff_user)
    base = {"pk": circle.meeting_id, "circle_id": circle.pk}
    if role == "partner":
        client.force_login(people[1])
    elif role == "staff":
        client.force_login(staff_user)
    urls = [
        ("post", reverse("meetings:circle_participant_add", kwargs=base)),
        (
            "post",
            reverse(
                "meetings:circle_participant_remove",
                kwargs={**base, "registration_id": registration.pk},
            ),
        ),
        ("get", reverse("meetings:circle_participants_csv", kwargs=base)),
        ("post", reverse("meetings:rsvp_remind", kwargs={"pk": circle.meeting_id})),
        ("post", reverse("meetings:membership_add")),
    ]
    for method, url in urls:
        response = getattr(client, method)(url)
        if role == "anonymous":
            expect(response, "login")
        elif role == "partner":
            expect(response, 403)
        else:
            assert response.status_code in (200, 302)
    if role != "staff":
        assert CircleRegistration.objects.filter(pk=registration.pk).exists()


def test_switch_refused_for_anonymous_and_strangers(client, circles, people):
    url = reverse("meetings:circle_switch", kwargs={"circle_id": circles[1].pk})
    expect(client.post(url), "login")
    client.force_login(people[0])  # no registration in this meeting
    expect(client.post(url), 404)
    expect(client.get(url), 405)
