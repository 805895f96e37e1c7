"""``validate_mailbox``: any text is an address mail can reach, or a clear error."""

import pytest
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from hypothesis import given, settings
from hypothesis import strategies as st

from home.validators import validate_mailbox

ODD = ['"', '""', "a@[", '"a', "a@b(", "\\", "ada@example.org\u202e", '"\x0b"@x.org']


@pytest.mark.parametrize("text", ODD)
def test_text_the_mail_parser_chokes_on_is_refused_or_passed_on(text):
    """A lone quote once raised IndexError from the mail parser: a 500 on every
    form with an email field."""
    try:
        validate_mailbox(text)
    except ValidationError:
        return
    EmailMessage(to=[text]).message()


@settings(max_examples=300, deadline=None, database=None)
@given(
    st.one_of(
        st.emails().map(str),
        st.text(max_size=30),
        st.text(st.sampled_from('"@[]()<>\\.,:; a\x0b\u202e\u00e9'), max_size=20),
    )
)
def test_an_accepted_address_can_always_be_written_into_a_message(text):
    try:
        validate_mailbox(text)
    except ValidationError:
        return
    try:
        validate_email(text)
    except ValidationError:
        return  # the email field refuses it
    EmailMessage(to=[text]).message()
