import pytest

from partners.services import contact_add
from tests.factories import PartnerFactory, StaffUserFactory, UserFactory

# Everyone who must be refused the staff pages: citizens with an account and the contacts of
# partners in every state of DESIGN.md's role table.
PARTNER_STATES = ["aktiv", "registriert", "unterzeichnet", "ausgetreten"]
REFUSED = ["anonymous", "user", *PARTNER_STATES]


@pytest.fixture
def staff(db):
    return StaffUserFactory()


@pytest.fixture
def login_as(client, db):
    def login(role: str):
        if role == "anonymous":
            return client
        if role == "staff":
            client.force_login(StaffUserFactory())
            return client
        user = UserFactory()
        if role in PARTNER_STATES:
            contact_add(partner=PartnerFactory(status=role), user=user)
        client.force_login(user)
        return client

    return login
