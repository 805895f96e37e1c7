"""axe-core on the chart reports, as the DPO and as Communications (WCAG 2.2 AA)."""

import datetime
import uuid

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from consent.models import ConsentRecord
from home import groups
from newsletter.models import ReconciliationReport, SyncRecord
from people.models import ConsentEvent
from tests.browser.test_cookie_accessibility import AXE, run_axe
from visits.models import AggregatedDay, DailyVisits

VISITS = "/admin/privacy/visits/"
CONSENT = "/admin/consent-report/"
NEWSLETTER = "/admin/newsletter/report/"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def seeded(site, django_user_model):
    today = timezone.localdate()
    now = timezone.now()
    for offset, views in enumerate((3, 0, 5, 2, 8, 1), start=1):
        day = today - datetime.timedelta(days=offset)
        AggregatedDay.objects.create(day=day, views=views, visitors=views)
        if views:
            DailyVisits.objects.create(
                day=day,
                path="/<script>alert(1)</script>" if offset == 3 else "/about/",
                os_family="Linux",
                browser_family="Firefox",
                views=views,
            )
        for index, action in enumerate(
            ("accept", "refuse", "custom")[: offset % 3 + 1]
        ):
            ConsentRecord.objects.create(
                consent_id=f"c{offset}{index}",
                created_at=now - datetime.timedelta(days=offset),
                action=action,
                source="banner",
            )
        ConsentEvent.objects.create(
            person_public_id=uuid.uuid4(),
            email_hash=f"h{offset}",
            purpose=ConsentEvent.Purpose.NEWSLETTER,
            action=ConsentEvent.Action.GIVEN,
            occurred_at=now - datetime.timedelta(days=offset),
            source="test",
        )
    SyncRecord.objects.create(
        person_public_id=uuid.uuid4(),
        operation=SyncRecord.Operation.SUBSCRIBE,
        changed_at=now - datetime.timedelta(hours=30),
    )
    ReconciliationReport.objects.create(
        started_at=now - datetime.timedelta(days=1),
        finished_at=now - datetime.timedelta(days=1),
        counts={"in_sync": 5, "missing_in_mailchimp": 1, "mailchimp_members": 6},
    )
    for username, group in (("dpo", groups.DPO), ("comms", groups.COMMUNICATIONS)):
        user = django_user_model.objects.create_user(
            username=username, email=f"{username}@example.org", password=PASSWORD
        )
        user.groups.add(Group.objects.get(name=group))


# One test for both groups: the live server's per-test settings trip the
# suite's settings guard from the second browser test of a run onwards.
def test_chart_reports_have_no_axe_violation_for_the_dpo_and_communications(
    page, admin_login, seeded
):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make browser-deps`.")
    for username, reports in (
        ("dpo", (VISITS, CONSENT, NEWSLETTER)),
        ("comms", (VISITS, NEWSLETTER)),
    ):
        page.context.clear_cookies()
        admin_login(username)
        for url in reports:
            page.goto(url)
            assert page.url.endswith(url), (username, url)
            charts = page.locator("section[data-chart] svg[role=img]")
            assert charts.count() >= 1
            assert page.locator("h1").first.text_content().strip() != "Home"
            assert run_axe(page) == [], (username, url)
