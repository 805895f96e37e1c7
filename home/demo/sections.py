"""Demo sections that apps above ``home`` add to ``load_initial_data``.

An app with an index page (news, events) gives its index and a few items in
English and French; this creates what is missing under the home page, as
translations of each other, and never changes what exists.
"""

from wagtail.models import Locale

FRENCH = "fr"


def paragraph(text):
    """A body of one paragraph, for the demo items' ``body`` field."""
    return [("paragraph", f"<p>{text}</p>")]


def ensure_section(command, home, index_model, index_fields, items, label):
    """The index page ``index_model`` under ``home`` with its demo ``items``.

    ``index_fields`` and each item are ``{"en": {...}, "fr": {...}}`` field
    values; each item also names its ``"model"`` and ``"slug"``. Returns the
    English index page, or None when another page under ``home`` has its slug.
    """
    index = index_model.objects.child_of(home).first()
    if index is not None:
        return index
    if home.get_children().filter(slug=index_fields["en"]["slug"]).exists():
        # An editor's page holds the address: the site keeps it, without the
        # demo section, rather than a demo index at a numbered address.
        return None
    index = index_model(**index_fields["en"])
    home.add_child(instance=index)
    index.save_revision().publish()
    command.note(label)
    children = []
    for item in items:
        model = item["model"]
        child = model(slug=item["slug"], **item["en"])
        index.add_child(instance=child)
        child.save_revision().publish()
        children.append((child, item))
    french = Locale.objects.filter(language_code=FRENCH).first()
    if french is None or home.get_translation_or_none(french) is None:
        return index
    translate(index, french, index_fields[FRENCH])
    for child, item in children:
        translate(child, french, item[FRENCH])
    command.note(f"the French version of {label}")
    return index


def translate(page, locale, fields):
    copy = page.copy_for_translation(locale)
    translation = type(page).objects.get(pk=copy.pk)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    translation.save_revision().publish()
    return translation
