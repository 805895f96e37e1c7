"""Addresses Django's email check accepts but no mail can be sent to."""

import pytest
from django.core import mail

from rights.models import DataSubjectRequest

pytestmark = pytest.mark.django_db

UNMAILABLE = ["ada.lovelace@example.org\u202e", '"\x0b"@example.org']


@pytest.mark.parametrize("email", UNMAILABLE)
def test_my_data_refuses_an_address_no_mail_can_be_sent_to(client, db, email):
    """Once a 500: the link was mailed to an address with a direction override."""
    response = client.post("/my-data/", {"email": email})
    assert response.status_code == 200
    assert "invisible control or text-direction characters" in response.content.decode()
    assert mail.outbox == []


@pytest.mark.parametrize("email", UNMAILABLE)
def test_the_request_form_refuses_an_address_no_mail_can_be_sent_to(client, db, email):
    response = client.post(
        "/privacy/request/",
        {
            "kind": "access",
            "full_name": "Ada Lovelace",
            "email": email,
            "message": "What do you hold about me?",
        },
    )
    assert response.status_code == 200
    assert "invisible control or text-direction characters" in response.content.decode()
    assert not DataSubjectRequest.objects.exists()
    assert mail.outbox == []
