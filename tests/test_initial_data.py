import io
import re
from html import unescape
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from home.models import SiteSettings

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parent.parent / ("notice/initial_text/source.en.txt")
LINK = re.compile(r"\[([^\]]+)\]\(#\)")


def seed_lines():
    """Every paragraph, heading and list item of the seed, placeholders unlinked."""
    for raw in SEED.read_text().splitlines():
        line = LINK.sub(r"\1", raw.strip()).removeprefix("- ").strip()
        if line:
            yield line


def visible_text(html):
    text = re.sub(r"</?(?:a|b|strong|i|em|span)\b[^>]*>", "", html)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", unescape(text))


def row_counts():
    counts = {}
    for model in apps.get_models():
        if model._meta.managed and not model._meta.proxy:
            counts[model._meta.label] = model._default_manager.count()
    return counts


def test_running_twice_creates_nothing_twice(initial_data):
    before = row_counts()
    out = io.StringIO()
    call_command("load_initial_data", stdout=out)
    assert "nothing to create" in out.getvalue()
    assert row_counts() == before


def test_privacy_page_holds_every_sentence_of_the_seed(client, initial_data):
    text = visible_text(client.get("/privacy/").content.decode()).casefold()
    missing = [line for line in seed_lines() if line.casefold() not in text]
    assert missing == []


def test_first_version_keeps_the_seed_date(client, initial_data):
    html = client.get("/privacy/").content.decode()
    assert "Last update on 2018-09-12" in html


def test_placeholder_links_become_real_links(client, initial_data):
    html = client.get("/privacy/").content.decode()
    dpo = SiteSettings.for_site(initial_data).dpo_email
    assert f'<a href="mailto:{dpo}">the DPO</a>' in html
    assert '<a href="/contact/">contact us</a>' in html
    assert '<a href="https://www.cnil.fr/">their website</a>' in html
    assert 'href="#"' not in html


def test_dpo_link_follows_the_site_settings(client, initial_data):
    site_settings = SiteSettings.for_site(initial_data)
    site_settings.dpo_email = "protection@example.org"
    site_settings.save()
    html = client.get("/privacy/").content.decode()
    assert 'href="mailto:protection@example.org">the DPO</a>' in html


def test_without_a_dpo_email_the_link_opens_the_contact_form_on_that_topic(
    client, initial_data
):
    site_settings = SiteSettings.for_site(initial_data)
    site_settings.dpo_email = ""
    site_settings.save()
    html = client.get("/privacy/").content.decode()
    assert 'href="/contact/?topic=data_protection">the DPO</a>' in html


def test_the_running_site_never_reads_the_shared_folder():
    root = Path(__file__).resolve().parent.parent
    offenders = [
        str(path.relative_to(root))
        for folder in ("config", *settings.PROJECT_APPS)
        for path in (root / folder).rglob("*.py")
        if "shared/seed" in path.read_text() or "../shared" in path.read_text()
    ]
    assert offenders == []


def test_first_version_freezes_the_cookie_table_retention_and_dpo(initial_data):
    from notice.models import NoticeVersion

    first = NoticeVersion.objects.get(number=1, page__locale__language_code="en")
    dpo = SiteSettings.for_site(initial_data).dpo_email
    assert "_ga" in first.html
    assert "Visitor log" in first.html
    assert f"mailto:{dpo}" in first.html


def test_a_first_run_says_what_it_made_in_one_line_unless_asked(db):
    out = io.StringIO()
    call_command("load_initial_data", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Demo content created: ")
    again = io.StringIO()
    call_command("load_initial_data", verbosity=0, stdout=again)
    assert again.getvalue() == ""


def test_verbosity_two_lists_each_item(db):
    out = io.StringIO()
    call_command("load_initial_data", verbosity=2, stdout=out)
    assert "Created the privacy notice." in out.getvalue()
    assert "Created the French home page." in out.getvalue()
