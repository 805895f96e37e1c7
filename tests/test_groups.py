"""What each admin group may see and do."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from wagtail.models import Page

from home import groups, personal_data

pytestmark = pytest.mark.django_db


def test_migrations_create_the_three_groups():
    names = set(Group.objects.values_list("name", flat=True))
    assert {groups.EDITORS, groups.DPO, groups.COMMUNICATIONS} <= names
    assert "Moderators" not in names


@pytest.mark.parametrize("label", sorted(personal_data.labels()))
def test_editors_hold_no_permission_on_personal_data(editor, label):
    model = apps.get_model(label)
    codenames = [
        f"{action}_{model._meta.model_name}"
        for action in ("view", "change", "delete", "add")
    ]
    for codename in codenames:
        assert not editor.has_perm(f"{model._meta.app_label}.{codename}"), codename


def test_editor_cannot_list_contact_messages(client, editor, initial_data):
    contact = Page.objects.get(slug="contact", locale__language_code="en")
    client.force_login(editor)
    assert client.get("/admin/forms/").status_code in (200, 302)
    listing = client.get(f"/admin/forms/submissions/{contact.pk}/")
    assert listing.status_code in (302, 403)
    export = client.get(f"/admin/forms/submissions/{contact.pk}/?export=csv")
    assert export.status_code in (302, 403)


def test_editor_cannot_list_users(client, editor):
    client.force_login(editor)
    assert client.get("/admin/users/").status_code in (302, 403)


def test_editor_can_edit_pages(client, editor, initial_data):
    about = Page.objects.get(slug="about", locale__language_code="en")
    client.force_login(editor)
    assert client.get(f"/admin/pages/{about.pk}/edit/").status_code == 200


def test_dpo_can_read_contact_messages(client, dpo, initial_data):
    contact = Page.objects.get(slug="contact", locale__language_code="en")
    client.force_login(dpo)
    assert client.get(f"/admin/forms/submissions/{contact.pk}/").status_code == 200


def test_communications_cannot_edit_platform_pages(
    client, communications, initial_data
):
    about = Page.objects.get(slug="about", locale__language_code="en")
    client.force_login(communications)
    assert client.get(f"/admin/pages/{about.pk}/edit/").status_code in (302, 403)


def test_every_group_can_reach_the_admin(editor, dpo, communications):
    for user in (editor, dpo, communications):
        assert user.has_perm("wagtailadmin.access_admin")


def test_group_setup_is_idempotent():
    from home.groups import setup_groups

    before = Permission.objects.filter(group__isnull=False).count()
    setup_groups(apps)
    assert Permission.objects.filter(group__isnull=False).count() == before
