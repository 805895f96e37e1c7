"""Each group's dashboard: its own panels, and no name it may not see."""

import pytest

from people import services

pytestmark = pytest.mark.django_db

PANELS = {
    "site-health": {"editor", "dpo", "comms", "root"},
    "newsletter-health": {"dpo", "comms", "root"},
    "retention-runs": {"dpo", "root"},
}


@pytest.fixture
def people(initial_data):
    services.register(
        full_name="Barbara McClintock",
        email="barbara@example.org",
        confirmed=True,
        newsletter=True,
    )


@pytest.mark.parametrize("who", ["editor", "dpo", "comms", "root"])
def test_each_group_sees_its_panels_and_no_one_named(
    client, people, who, editor, dpo, communications, superuser, settings
):
    settings.HEALTH_SCHEDULER_REQUIRED = False
    user = {"editor": editor, "dpo": dpo, "comms": communications, "root": superuser}
    client.force_login(user[who])
    page = client.get("/admin/").content.decode()
    for panel, groups in PANELS.items():
        assert (f'id="{panel}' in page) == (who in groups), panel
    assert "Barbara" not in page and "barbara@example.org" not in page


def test_the_newsletter_panel_counts_subscribers_and_erasures_for_the_dpo(
    client, people, dpo, communications
):
    client.force_login(dpo)
    page = client.get("/admin/").content.decode()
    assert "1 subscriber" in page
    assert "erasure" in page  # the DPO sees the erasure queue
    client.force_login(communications)
    page = client.get("/admin/").content.decode()
    assert "1 subscriber" in page
    assert "erasures wait" not in page and "erasure waits" not in page


def test_a_failing_check_shows_on_every_dashboard(client, editor, initial_data):
    # No scheduler has ever run here: the health panel says so.
    client.force_login(editor)
    page = client.get("/admin/").content.decode()
    assert "The scheduler has never run" in page
