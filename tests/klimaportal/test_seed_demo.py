from io import StringIO

from django.core.management import call_command

from accounts.models import User
from partners.models import Contact, Partner


def test_seed_demo_is_idempotent_and_prints_logins(db, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    counts = (User.objects.count(), Partner.objects.count(), Contact.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (User.objects.count(), Partner.objects.count(), Contact.objects.count()) == counts
    printed = out.getvalue()
    assert "stabsstelle@klimaportal.example" in printed
    assert "admin@klimaportal.example" in printed
    for contact in Contact.objects.select_related("user"):
        assert contact.user.email in printed


def test_seed_demo_refuses_without_debug(db, settings):
    import pytest
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=StringIO())
