"""The French catalogue is complete, compiled, and what French pages show."""

import ast
import gettext
import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation
from wagtail.contrib.forms.models import FormSubmission

from home.models import SiteSettings

pytestmark = pytest.mark.django_db

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"
NBSP = "\u00a0"

# %(name)s, %s, %d; {{ var }}; HTML tags. Each must survive translation as is.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{.*?\}\}|</?[a-zA-Z][^>]*>")
# A plain or missing space before : ; ? ! », or after «, or two spaces in a
# row. A colon before a digit is a clock time (":00" in a Mailchimp message).
FRENCH_PUNCTUATION_MISSPACED = re.compile(
    r"[ \u202f](?:[;?!»]|:(?!\d))|«[ \u202f]|\w[;?!»]|\w:(?!\d)|«\w"
    r"|[ \u00a0\u202f]{2}"
)


def read_po(path):
    """The active entries of a .po file: comments, flags, msgid and msgstr(s).

    Enough of the format for this project's catalogue (GNU gettext output);
    obsolete ``#~`` entries are skipped, as gettext itself ignores them.
    """
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry = {"flags": set(), "fields": {}}
        field = None
        for line in block.splitlines():
            if line.startswith("#~"):
                continue
            if line.startswith("#,"):
                entry["flags"].update(f.strip() for f in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                entry["fields"][field] += ast.literal_eval(line)
            elif line:
                field, _space, value = line.partition(" ")
                entry["fields"][field] = ast.literal_eval(value)
        if "msgid" in entry["fields"] and entry["fields"]["msgid"]:
            entries.append(entry)
    return entries


def translations(entry):
    fields = entry["fields"]
    return [value for key, value in fields.items() if key.startswith("msgstr")]


def visible_text(page):
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


@pytest.fixture(scope="module")
def catalogue():
    return read_po(PO_FILE)


def test_every_entry_is_translated(catalogue):
    missing = [
        entry["fields"]["msgid"] for entry in catalogue if not all(translations(entry))
    ]
    assert len(catalogue) > 600
    assert missing == []


def test_no_entry_is_left_fuzzy(catalogue):
    fuzzy = [e["fields"]["msgid"] for e in catalogue if "fuzzy" in e["flags"]]
    assert fuzzy == []


# What `make messages` leaves out of the catalogue; what it reads of the rest.
NOT_SOURCE = (
    ".*", "node_modules", "media", "var", "static_collected", "bench",
    "__pycache__", "*.sqlite3", "*.mo",
)  # fmt: skip


def test_every_string_of_the_code_has_its_french_translation(tmp_path):
    """`make messages` on a copy of the code finds nothing left to translate.

    The tests above read the catalogue alone; a new string in the code only
    reached it when someone ran `make messages`, so it could ship in English.
    """
    copy = tmp_path / "site"
    shutil.copytree(settings.BASE_DIR, copy, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    entries = read_po(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po")
    untranslated = [
        entry["fields"]["msgid"]
        for entry in entries
        if "fuzzy" in entry["flags"] or not all(translations(entry))
    ]
    assert len(entries) > 600
    assert untranslated == []


def test_translations_keep_every_placeholder_and_tag(catalogue):
    broken = []
    for entry in catalogue:
        fields = entry["fields"]
        expected = sorted(PLACEHOLDER.findall(fields["msgid"]))
        plural = sorted(PLACEHOLDER.findall(fields.get("msgid_plural", "")))
        for text in translations(entry):
            found = sorted(PLACEHOLDER.findall(text))
            if found != expected and found != plural:
                broken.append((fields["msgid"], text))
    assert broken == []


def test_plural_entries_have_both_french_forms(catalogue):
    plurals = [e for e in catalogue if "msgid_plural" in e["fields"]]
    assert plurals
    for entry in plurals:
        assert set(entry["fields"]) >= {"msgstr[0]", "msgstr[1]"}


def test_french_punctuation_uses_non_breaking_spaces(catalogue):
    """French sets a (non-breaking) space before : ; ? ! and inside « »."""
    wrong = []
    for entry in catalogue:
        for text in translations(entry):
            if FRENCH_PUNCTUATION_MISSPACED.search(text):
                wrong.append(text)
    assert wrong == []


def test_the_compiled_catalogue_matches_the_po_file(catalogue):
    """A .po edited without running compilemessages would not reach the site."""
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in catalogue:
        fields = entry["fields"]
        if "msgid_plural" in fields:
            pairs = [
                (compiled.ngettext(fields["msgid"], fields["msgid_plural"], n), key)
                for n, key in ((1, "msgstr[0]"), (2, "msgstr[1]"))
            ]
        else:
            pairs = [(compiled.gettext(fields["msgid"]), "msgstr")]
        stale += [fields["msgid"] for got, key in pairs if got != fields[key]]
    assert stale == []


def test_french_pages_show_the_header_and_footer_in_french(client, initial_data):
    response = client.get("/fr/")
    assert response.status_code == 200
    page = response.content.decode()
    text = visible_text(page)
    assert '<html lang="fr">' in page
    assert "Aller au contenu" in text
    assert '<label class="visually-hidden" for="site-search-query">' in page
    assert "Rechercher sur le site" in text
    assert 'placeholder="Rechercher"' in page
    assert 'aria-label="Menu principal"' in page
    assert 'aria-label="Pied de page"' in page
    assert (
        "MicroScope est exploité par le CEA (Commissariat à l’énergie atomique "
        "et aux énergies alternatives)." in text
    )
    assert f"Délégué à la protection des données{NBSP}:" in text
    assert "Search the site" not in text
    assert "is run by the CEA" not in text
    # Each language is named in itself, whatever the page's language.
    switcher = page.split('class="language-switcher"')[1].split("</nav>")[0]
    assert ">English<" in switcher


def test_english_pages_keep_the_english_interface(client, initial_data):
    text = visible_text(client.get("/").content.decode())
    assert "Search the site" in text
    assert "MicroScope is run by the CEA" in text
    assert "Rechercher sur le site" not in text


def test_french_contact_form_has_french_labels_and_errors(client, initial_data):
    text = visible_text(client.get("/fr/contact/").content.decode())
    for label in (
        "Votre nom",
        "Adresse électronique",
        "Objet",
        "Question générale",
        "Protection des données",
        "Envoyer",
    ):
        assert label in text
    assert "Your name" not in text

    response = client.post("/fr/contact/", {"topic": "general", "website": ""})
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    # Django's own message, looked up through a variable so that makemessages
    # does not copy it into this project's catalogue.
    english = "This field is required."
    with translation.override("fr"):
        required = translation.gettext(english)
    assert required != english
    assert text.count(required) == 3
    assert english not in text
    assert FormSubmission.objects.count() == 0


def test_french_contact_message_reaches_the_team_with_its_reply_address(
    client, initial_data
):
    site_settings = SiteSettings.for_site(initial_data)
    site_settings.team_email = "team@example.org"
    site_settings.save()
    response = client.post(
        "/fr/contact/",
        {
            "your_name": "Marie Curie",
            "email": "marie@example.org",
            "message": "Comment annoter un génome ?",
            "topic": "general",
            "website": "",
        },
    )
    assert response.status_code == 200
    assert "Votre message a été envoyé." in visible_text(response.content.decode())
    submission = FormSubmission.objects.get()
    assert submission.page.locale.language_code == "fr"
    assert submission.form_data["email"] == "marie@example.org"
    assert [message.to for message in mail.outbox] == [["team@example.org"]]
    assert mail.outbox[-1].reply_to == ["marie@example.org"]
    assert mail.outbox[-1].subject.endswith("Question générale")


def test_french_contact_form_throttle_message_is_french(client, initial_data, settings):
    settings.FORM_RATES = {**settings.FORM_RATES, "contact": (None, 0, 3600)}
    response = client.post("/fr/contact/", {"topic": "general", "website": ""})
    assert response.status_code == 429
    assert "Veuillez patienter une heure avant d’en envoyer un autre." in (
        visible_text(response.content.decode())
    )


def test_french_registration_errors_are_in_french(client, initial_data):
    response = client.post("/fr/register/", {"full_name": "", "email": ""})
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "Veuillez saisir vos nom et prénom." in text
    assert "Veuillez saisir votre adresse électronique." in text
    assert "Please enter" not in text


def test_french_search_results_are_worded_in_french(client, initial_data):
    text = visible_text(client.get("/fr/search/?query=zzzqqq").content.decode())
    assert f"Aucun résultat pour «{NBSP}zzzqqq{NBSP}»." in text


def test_french_missing_page_says_so_in_french(client, initial_data):
    response = client.get("/fr/no-such-page/")
    assert response.status_code == 404
    text = visible_text(response.content.decode())
    assert "Page introuvable" in text
    assert "Aller à la page d’accueil" in text
