"""One answer to "which version is in force?" and "the last material change"."""

import pytest
import time_machine
from django.utils import timezone

from consent.catalogue import build_catalogue
from consent.ledger import current_notice_version as consent_notice_version
from notice.models import NoticeVersion
from notice.publishing import publish_revision
from notice.templatetags.notice_tags import _notice_state
from people.services import current_notice_version as people_notice_version
from tests.notice_helpers import english_notice, french_notice, publish_change

pytestmark = pytest.mark.django_db

ENGLISH_EDIT = ("not handed out", "never handed out")
FRENCH_EDIT = ("restent confidentielles", "restent toujours confidentielles")


def numbers(language=None):
    in_force = NoticeVersion.objects.in_force(language)
    material = NoticeVersion.objects.last_material_change(language)
    return (
        in_force.number if in_force else None,
        material.number if material else None,
    )


def test_version_1_is_in_force_and_is_no_material_change(initial_data):
    assert numbers() == (1, None)
    assert numbers("en") == (1, None)
    assert numbers("fr") == (1, None)


def test_a_first_version_flagged_material_is_still_no_change(initial_data):
    NoticeVersion.objects.filter(number=1).update(material_change=True)
    assert numbers("en") == (1, None)


def test_a_minor_change_moves_the_version_in_force_only(initial_data):
    publish_change(english_notice(), "not handed out", "never handed out")
    assert numbers("en") == (2, None)
    assert numbers("fr") == (1, None)


def test_a_material_change_is_the_last_material_change(initial_data):
    publish_change(english_notice(), *ENGLISH_EDIT, material=True)
    publish_change(english_notice(), "never handed out", "not handed out")
    assert numbers("en") == (3, 2)
    assert numbers() == (3, 2)


def test_each_language_has_its_own_series(initial_data):
    publish_change(french_notice(), *FRENCH_EDIT, material=True)
    assert numbers("fr") == (2, 2)
    assert numbers("en") == (1, None)
    assert numbers() == (1, None), "the default language is settings.LANGUAGE_CODE"


def test_the_default_language_comes_from_settings(initial_data, settings):
    publish_change(french_notice(), *FRENCH_EDIT, material=True)
    settings.LANGUAGE_CODE = "fr"
    assert numbers() == (2, 2)


def test_a_version_scheduled_later_is_not_in_force_yet(initial_data):
    page = english_notice()
    later = timezone.now() + timezone.timedelta(days=3)
    draft = page.get_latest_revision_as_object()
    draft.change_summary = "Later."
    publish_revision(draft.save_revision(), effective_at=later, material_change=True)
    assert numbers("en") == (1, None)
    with time_machine.travel(later + timezone.timedelta(minutes=1)):
        assert numbers("en") == (2, 2)


def test_every_caller_gives_the_same_answer(initial_data, rf):
    """The consent ledger, the people ledger, the cookie catalogue and the
    change message all read the same function."""
    publish_change(english_notice(), *ENGLISH_EDIT, material=True)
    publish_change(french_notice(), *FRENCH_EDIT)
    in_force_en = NoticeVersion.objects.in_force("en")
    in_force_fr = NoticeVersion.objects.in_force("fr")
    material_en = NoticeVersion.objects.last_material_change("en")

    assert people_notice_version() == in_force_en.number == 2
    assert consent_notice_version("en") == 2
    assert consent_notice_version("fr") == in_force_fr.number == 2
    catalogue = build_catalogue()
    assert catalogue.notice_versions == {"en": 2, "fr": 2}
    assert catalogue.reconsent_after >= material_en.effective_at
    assert _notice_state("en")["material"] == int(material_en.effective_at.timestamp())
    assert "material" not in _notice_state("fr")
