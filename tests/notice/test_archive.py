"""The public archive: list of versions, each version, what changed, downloads."""

import re

import pytest
from django.test import override_settings

from notice.diff import text_units, word_diff
from notice.export import html_to_markdown
from notice.models import NoticeVersion
from tests.notice_helpers import MAILCHIMP, SHARING, english_notice, publish_change

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_versions(initial_data, superuser):
    notice = english_notice()
    publish_change(
        notice,
        SHARING,
        f"{SHARING} {MAILCHIMP}",
        summary="Mailchimp is named as the newsletter processor.",
        material=True,
        user=superuser,
    )
    return notice


def marked(html, tag, text):
    """Whether ``text`` sits inside a <tag> element of the page."""
    pattern = rf"<{tag}\b[^>]*>(.*?)</{tag}>"
    return any(
        text in re.sub(r"<[^>]+>", "", m) for m in re.findall(pattern, html, re.S)
    )


def test_archive_lists_every_version_with_date_and_summary(client, two_versions):
    html = client.get("/privacy/versions/").content.decode()
    assert "Version 1" in html and "Version 2" in html
    assert "2018-09-12" in html
    assert "Mailchimp is named as the newsletter processor." in html
    assert "Material change." in html
    assert 'href="/privacy/versions/2/changes/"' in html


def test_diff_marks_an_inserted_sentence_as_inserted(client, two_versions):
    html = client.get("/privacy/versions/2/changes/").content.decode()
    assert marked(html, "ins", MAILCHIMP)
    assert not marked(html, "del", MAILCHIMP)
    assert "Changed:" in html


def test_diff_marks_a_removed_sentence_as_removed(client, initial_data, superuser):
    notice = english_notice()
    sentence = (
        "Any abusive request with respect to laws and regulations may be refused."
    )
    draft = notice.get_latest_revision_as_object()
    raw = [dict(block) for block in draft.body.raw_data]
    for block in raw:
        if block["type"] == "dpo_contact":
            block["value"] = dict(block["value"])
            block["value"]["text"] = block["value"]["text"].replace(" " + sentence, "")
    draft.body = raw
    draft.change_summary = "The sentence on abusive requests is removed."
    draft.save_revision(user=superuser).publish(user=superuser)

    html = client.get("/privacy/versions/changes/?old=1&new=2").content.decode()
    assert marked(html, "del", sentence)
    assert not marked(html, "ins", sentence)


def test_changes_are_marked_by_more_than_colour(client, two_versions):
    html = client.get("/privacy/versions/2/changes/").content.decode()
    text = html.split('class="notice-diff__text"')[1]
    ins = re.search(r"<ins\b.*?</ins>", text, re.S).group(0)
    assert ">+<" in ins  # a visible sign
    assert "Inserted:" in ins  # words for screen readers
    assert "underlined" in html and "struck through" in html  # the legend


def test_comparing_a_version_with_itself_is_refused_clearly(client, two_versions):
    response = client.get("/privacy/versions/changes/?old=2&new=2")
    assert response.status_code == 400
    assert "Choose two different versions to compare." in response.content.decode()


def test_comparing_an_unknown_version_is_refused_clearly(client, two_versions):
    response = client.get("/privacy/versions/changes/?old=1&new=7")
    assert response.status_code == 400
    assert "Choose one of the published versions." in response.content.decode()


def test_compare_in_either_order_shows_old_to_new(client, two_versions):
    html = client.get("/privacy/versions/changes/?old=2&new=1").content.decode()
    assert marked(html, "ins", MAILCHIMP)


def test_first_version_has_nothing_to_compare(client, initial_data):
    html = client.get("/privacy/versions/1/changes/").content.decode()
    assert "nothing to compare" in html


def test_version_downloads_as_standalone_html(client, two_versions):
    response = client.get("/privacy/versions/1/download/html/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "attachment" in response["Content-Disposition"]
    assert "privacy-notice-en-v1-2018-09-12.html" in response["Content-Disposition"]
    html = response.content.decode()
    assert html.lstrip().startswith("<!DOCTYPE html>")
    assert "not handed out to third parties" in html
    assert "Mailchimp" not in html
    assert '<link rel="stylesheet"' not in html  # nothing to fetch from the site
    version = NoticeVersion.objects.get(page=two_versions, number=1)
    assert version.sha256 in html


def test_version_downloads_as_markdown(client, two_versions):
    response = client.get("/privacy/versions/2/download/markdown/")
    assert response["Content-Type"].startswith("text/markdown")
    text = response.content.decode()
    assert "# Privacy notice" in text
    assert "## What Personal Data is collected?" in text
    assert "- IP address" in text
    assert MAILCHIMP in text
    assert "[their website](https://www.cnil.fr/)" in text


def test_unknown_download_format_is_not_found(client, initial_data):
    assert client.get("/privacy/versions/1/download/pdf/").status_code == 404


def test_pages_link_a_print_stylesheet(client, two_versions):
    for path in ("/privacy/", "/privacy/versions/", "/privacy/versions/2/changes/"):
        html = client.get(path).content.decode()
        assert 'media="print"' in html, path
        assert "css/notice.css" in html, path


def test_text_units_follow_the_blocks():
    units = text_units(
        "<h2>Title</h2><p>One <a href='#'>two</a>.</p><ul><li>A</li></ul>"
    )
    assert [(u.tag, u.text) for u in units] == [
        ("h2", "Title"),
        ("p", "One two."),
        ("li", "A"),
    ]


def test_word_diff_keeps_unchanged_words():
    segments = word_diff("Data is not shared.", "Data is never shared.")
    assert ("delete", "not") in segments
    assert ("insert", "never") in segments
    assert segments[0] == ("equal", "Data is ")


def test_markdown_of_a_table():
    md = html_to_markdown("<table><tr><th>Name</th></tr><tr><td>_ga</td></tr></table>")
    # Escaped, so that "_ga" stays literal wherever the table is rendered.
    assert "| Name |" in md and "| \\_ga |" in md


def test_markdown_keeps_html_and_markdown_from_the_notice_as_text():
    md = html_to_markdown(
        "<p>&lt;img src=x onerror=alert(1)&gt; [click](javascript:alert(1)) "
        "**bold** `code`</p>"
        '<p><a href="javascript:alert(1)">bad</a> <a href="/privacy/">good</a> '
        '<a href="https://example.org/a(b)">odd</a></p>'
    )
    assert re.search(r"(?<!\\)<", md) is None, "an unescaped < is HTML"
    assert "\\<img src=x onerror=alert(1)\\>" in md
    assert "\\[click\\](javascript:alert(1))" in md
    assert "\\*\\*bold\\*\\*" in md and "\\`code\\`" in md
    assert "javascript:alert(1))" not in md.replace("\\](javascript:alert(1))", "")
    assert "[bad]" in md and "(javascript" not in md.split("[bad]")[1][:15]
    assert "[good](/privacy/)" in md
    assert "[odd](https://example.org/a%28b%29)" in md


def test_a_multi_paragraph_change_summary_stays_quoted(client, initial_data):
    notice = english_notice()
    publish_change(
        notice,
        "not handed out",
        "never handed out",
        summary="First line.\n\n> Not a quote of ours\n# Not a heading",
    )
    text = client.get("/privacy/versions/2/download/markdown/").content.decode()
    quoted = text.split("-->", 1)[1].split("\n\n# ", 1)[0]
    assert "> First line." in quoted
    assert ">\n> \\> Not a quote of ours\n> \\# Not a heading" in quoted


@override_settings(PAGE_CACHE_SECONDS=600, PAGE_CACHE_S_MAXAGE=60)
@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_a_download_keeps_its_file_name_when_served_again(client, initial_data, fmt):
    url = f"/privacy/versions/1/download/{fmt}/"
    first, second = client.get(url), client.get(url)
    for response in (first, second):
        assert response.status_code == 200
        assert "privacy-notice-en-v1-2018-09-12" in response["Content-Disposition"]
    assert first.content == second.content


def test_a_diff_is_computed_once_per_pair_of_versions(
    client, two_versions, monkeypatch
):
    from notice import views

    calls = []
    real = views.diff_versions

    def counting(old, new):
        calls.append((old.number, new.number))
        return real(old, new)

    monkeypatch.setattr(views, "diff_versions", counting)
    for query in ("", "?x=1", "?x=2"):
        response = client.get(f"/privacy/versions/2/changes/{query}")
        assert response.status_code == 200
    assert calls == [(1, 2)]
