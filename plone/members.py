"""Plone members with an email address become registered users.

Through ``people.services.register``, as every new record: confirmed (they
had an account), ledger rows with the source ``plone import``, newsletter
consent only when a member property says they opted in. Passwords and roles
are never imported. The report names a member by their position in the
export, never by name or address.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django_countries import countries

from people import services
from people.models import Person

SOURCE = "plone import"
NEWSLETTER_PROPERTIES = ("newsletter", "newsletter_subscription", "newsletter_opt_in")
YES = {"1", "true", "yes", "on", "y"}


class Refused(ValueError):
    pass


def opted_in(member):
    for name in NEWSLETTER_PROPERTIES:
        value = member.get(name)
        if value is True or (isinstance(value, str) and value.strip().lower() in YES):
            return True
    return False


def text(member, name):
    value = member.get(name)
    return value.strip() if isinstance(value, str) else ""


def country_code(value):
    if not value:
        return ""
    code = countries.alpha2(value) or countries.by_name(value)
    if not code:
        raise Refused(_("its country is not one this site knows"))
    return code


def clean(member):
    email = text(member, "email")
    if not email:
        raise Refused(_("no email address"))
    try:
        validate_email(email)
    except ValidationError:
        raise Refused(_("its email address is not valid")) from None
    full_name = text(member, "fullname")
    if not full_name:
        raise Refused(_("no full name"))
    return {
        "full_name": full_name,
        "email": email,
        "laboratory": text(member, "laboratory"),
        # Plone's "location" is a free line: the address when nothing better.
        "address": text(member, "address") or text(member, "location"),
        "country": country_code(text(member, "country")),
        "newsletter": opted_in(member),
    }


def import_members(members, report):
    seen = set()
    for number, member in enumerate(members, start=1):
        label = _("member %(number)s") % {"number": number}
        if not isinstance(member, dict):
            report.skip(label, _("not a member record"))
            continue
        try:
            data = clean(member)
        except Refused as error:
            report.skip(label, error)
            continue
        key = data["email"].lower()
        if key in seen:
            report.skip(label, _("the same email address as an earlier member"))
            continue
        seen.add(key)
        existing = Person.objects.by_email(data["email"]).first()
        if existing is not None:
            if existing.source == SOURCE:
                report.count("unchanged", "member")
            else:
                report.skip(label, _("already a registered user"))
            continue
        try:
            with transaction.atomic():
                services.register(**data, source=SOURCE, confirmed=True)
        except services.DuplicateEmail:
            report.skip(label, _("already a registered user"))
            continue
        except ValidationError as error:
            # Field names only: the values are someone's personal data.
            fields = ", ".join(sorted(getattr(error, "error_dict", {}) or ["email"]))
            report.skip(label, _("invalid %(fields)s") % {"fields": fields})
            continue
        report.count("created", "member")
