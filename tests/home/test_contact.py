import io

import openpyxl
import pytest
from django.core import mail
from django.test import override_settings
from wagtail.contrib.forms.models import FormSubmission

from home.models import ContactPage, SiteSettings

pytestmark = pytest.mark.django_db


def message(**overrides):
    data = {
        "your_name": "Ada Lovelace",
        "email": "ada@example.org",
        "message": "How do I annotate a genome?",
        "topic": "general",
        "website": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def contact(initial_data):
    page = ContactPage.objects.get(slug="contact", locale__language_code="en")
    page.to_address = "team@example.org"
    page.save_revision().publish()
    return page


def test_general_message_is_kept_and_emailed_to_the_team(client, contact):
    response = client.post("/contact/", message())
    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    submission = FormSubmission.objects.get(page=contact)
    assert submission.form_data["topic"] == "general"
    assert "website" not in submission.form_data
    assert [m.to for m in mail.outbox] == [["team@example.org"]]
    assert mail.outbox[0].reply_to == ["ada@example.org"]


def test_data_protection_message_goes_to_the_dpo(client, contact, initial_data):
    dpo_email = SiteSettings.for_site(initial_data).dpo_email
    client.post("/contact/", message(topic="data_protection"))
    assert [m.to for m in mail.outbox] == [[dpo_email]]
    assert "Data protection" in mail.outbox[0].subject


def test_topic_can_be_preselected_from_a_link(client, contact):
    html = client.get("/contact/?topic=data_protection").content.decode()
    assert '<option value="data_protection" selected>' in html


def test_filled_honeypot_keeps_nothing_and_sends_nothing(client, contact):
    response = client.post("/contact/", message(website="http://spam.example"))
    assert response.status_code == 200
    assert FormSubmission.objects.count() == 0
    assert mail.outbox == []


def test_invalid_message_shows_errors_and_keeps_what_was_typed(client, contact):
    response = client.post("/contact/", message(email="not-an-email"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid email address." in html
    assert "How do I annotate a genome?" in html
    assert FormSubmission.objects.count() == 0


@override_settings(FORM_RATES={"contact": (None, 2, 3600)})
def test_too_many_messages_are_throttled_with_a_clear_message(client, contact):
    for _ in range(2):
        assert client.post("/contact/", message()).status_code == 200
    response = client.post("/contact/", message())
    assert response.status_code == 429
    assert "Please wait an hour" in response.content.decode()
    assert FormSubmission.objects.count() == 2


FORMULAS = [
    '=HYPERLINK("http://evil.example","x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
]


@pytest.mark.parametrize("formula", FORMULAS)
def test_the_csv_export_of_messages_runs_no_formula(client, contact, dpo, formula):
    assert client.post("/contact/", message(message=formula)).status_code == 200
    client.force_login(dpo)
    response = client.get(f"/admin/forms/submissions/{contact.pk}/?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert "'" + formula.replace('"', '""') in body
    assert "," + formula not in body


@pytest.mark.parametrize("email", ["ada@example.org\u202e", '"\x0b"@example.org'])
def test_a_reply_address_no_mail_can_be_sent_to_is_refused(client, contact, email):
    response = client.post("/contact/", message(email=email))
    assert response.status_code == 200
    assert "invisible control or text-direction characters" in response.content.decode()
    assert FormSubmission.objects.count() == 0
    assert mail.outbox == []


def test_control_characters_in_a_message_are_refused_with_a_clear_error(
    client, contact
):
    """Once stored, a message with one made the XLSX export of messages a 500."""
    response = client.post("/contact/", message(message="Hello\x0b\x1b[2J\r\nBye"))
    assert response.status_code == 200
    assert "Please remove the invisible control" in response.content.decode()
    name = client.post("/contact/", message(your_name="Ada\u202eecalvoL"))
    assert "Please write this on one line" in name.content.decode()
    assert FormSubmission.objects.count() == 0
    assert (
        client.post("/contact/", message(message="Hi,\r\n\tthanks.")).status_code == 200
    )
    assert FormSubmission.objects.count() == 1


def test_the_xlsx_export_of_a_message_with_control_characters_answers(
    client, contact, dpo
):
    """A message stored before the form refused control characters."""
    FormSubmission.objects.create(
        page=contact,
        form_data={**message(message="Hello\x0b\x01 there"), "topic": "general"},
    )
    client.force_login(dpo)
    response = client.get(f"/admin/forms/submissions/{contact.pk}/?export=xlsx")
    assert response.status_code == 200
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    workbook = openpyxl.load_workbook(io.BytesIO(body))
    cells = [cell.value for row in workbook.active.iter_rows() for cell in row]
    assert "Hello\ufffd\ufffd there" in cells
