"""Every model holding personal data is registered once, with its erasure and
retention, and erasure, export and the purge follow the registry."""

import re

import pytest
from django.apps import apps

from home import personal_data
from retention import periods

# Field names that hold a person's data: names, addresses (email, postal, IP),
# the browser's user agent.
PERSONAL_FIELD = re.compile(
    r"(^|_)(e?mail|full_name|first_name|last_name|username|author_name|"
    r"address|ip|user_agent|phone)($|_)"
)


def personal_fields(model):
    return [
        field.name
        for field in model._meta.get_fields()
        if getattr(field, "concrete", False) and PERSONAL_FIELD.search(field.name)
    ]


def test_the_detector_knows_personal_field_names():
    names = ["full_name", "email", "email_hash", "ip", "ip_address", "user_agent"]
    assert all(PERSONAL_FIELD.search(name) for name in names)
    for name in ("name", "site_name", "description", "shipping", "tip"):
        assert not PERSONAL_FIELD.search(name), name


@pytest.mark.parametrize(
    "model", apps.get_models(), ids=lambda model: model._meta.label
)
def test_every_model_with_personal_fields_is_registered(model):
    label = model._meta.label
    if not personal_fields(model) or label in personal_data.NOT_PERSONAL_DATA:
        return
    assert label in personal_data.labels(), (
        f"{label} has {personal_fields(model)}: register it in home.personal_data "
        "from its app's AppConfig.ready, with how it is erased and kept."
    )


def test_every_registered_label_is_a_real_model():
    for label in personal_data.labels():
        assert apps.get_model(label) is not None


def test_every_entry_says_how_it_is_erased_and_how_long_it_is_kept():
    for entry in personal_data.entries():
        assert entry.erase is not None or entry.erasure, entry.label
        assert entry.retention in periods.keys() or (
            entry.retention is None and entry.kept
        ), entry.label


def test_registering_a_model_twice_differently_is_refused():
    entry = personal_data.get("visits.Visit")
    with pytest.raises(ValueError, match="already registered"):
        personal_data.register(entry.label, "Something else", kept="forever")


def test_an_entry_without_erasure_or_period_is_refused():
    with pytest.raises(ValueError, match="erased"):
        personal_data.register("tests.Nothing", "No erasure", kept="a day")
    with pytest.raises(ValueError, match="kept"):
        personal_data.register("tests.Nothing", "No period", erasure="never")
    assert "tests.Nothing" not in personal_data.labels()


@pytest.mark.django_db
def test_erasure_export_and_purge_walk_the_registry(monkeypatch):
    """A model registered by a new app is erased, exported and purged."""
    from people import export
    from people.services import erase, register
    from retention.purge import purge

    calls = []
    entry = personal_data.PersonalData(
        label="tests.Probe",
        description="A probe",
        kept="a day",
        erase=lambda person: calls.append(("erase", person.email)),
        export=lambda person: [{"probe": person.email}],
        section="probe",
        purge=lambda now, dry_run: {"probe rows": 7},
    )
    monkeypatch.setitem(personal_data._registry, entry.label, entry)
    person = register(full_name="Ada Lovelace", email="ada@example.org")

    assert export.person_data(person)["probe"] == [{"probe": "ada@example.org"}]
    assert purge(dry_run=True)["probe rows"] == 7
    erase(person, source="test")
    assert calls == [("erase", "ada@example.org")]
