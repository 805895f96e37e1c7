"""Plain-text emails of the personal-data pages, rendered in the active language."""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string


def send(to, subject, template, context):
    body = render_to_string(template, context)
    EmailMessage(subject=str(subject), body=body, to=[to]).send()
