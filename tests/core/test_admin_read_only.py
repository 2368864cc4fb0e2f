"""Where a service owns a change, the admin only shows: no add, change or delete."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model

from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

# Models without a service that owns their changes (accounts and groups are managed here).
EDITABLE = {"accounts.user", "auth.group", "account.emailaddress"}


def test_every_registered_model_with_a_service_is_read_only(rf):
    request = rf.get("/admin/")
    request.user = get_user_model()(is_superuser=True, is_staff=True, is_active=True)
    editable = {
        model._meta.label_lower
        for model, model_admin in admin.site._registry.items()
        if model_admin.has_add_permission(request)
        or model_admin.has_change_permission(request)
        or model_admin.has_delete_permission(request)
    }
    assert editable == EDITABLE, editable ^ EDITABLE


def test_a_superuser_cannot_change_a_project_in_the_admin(client):
    superuser = get_user_model().objects.create_superuser(
        email="admin@example.org", password="x-very-long-password"
    )
    project = ProjectFactory(title="Unverändert")
    client.force_login(superuser)
    url = f"/admin/projects/project/{project.pk}/change/"
    assert client.get(url).status_code == 200  # visible
    response = client.post(url, {"title": "Geändert"})
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.title == "Unverändert"
    assert client.get("/admin/projects/project/add/").status_code == 403
