"""The demo content of ``load_initial_data``: legal pages, platform pages,
the home page's blocks and the navigation, in English and French.

Idempotent: each step creates what is missing and changes nothing an editor
made. French pages are translations of the English ones (same translation
key), so the language switcher and the hreflang alternates link them.
"""

import io
import math

from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from home.legal import AccessibilityStatementPage, LegalNoticePage
from home.models import ContactPage, SiteSettings, StandardPage
from home.navigation import Navigation

from . import texts

FRENCH = "fr"
IMAGE_TITLE = "Circular genome map (generated demo illustration)"


def genome_map_png():
    """A circular genome map drawn with Pillow: no file is downloaded."""
    from PIL import Image, ImageDraw

    size = 600
    image = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(image)
    centre = size / 2
    draw.ellipse((60, 60, size - 60, size - 60), outline="#1d4f6e", width=6)
    colours = ["#2a7f62", "#c0504d", "#e0a526", "#4f81bd", "#8064a2"]
    for index in range(40):
        start = index * 9
        radius = 250 if index % 2 else 220
        box = (centre - radius, centre - radius, centre + radius, centre + radius)
        draw.arc(box, start, start + 6, fill=colours[index % 5], width=18)
    tick = 2 * math.pi / 12
    for index in range(12):
        x = centre + 170 * math.cos(index * tick)
        y = centre + 170 * math.sin(index * tick)
        draw.ellipse((x - 4, y - 4, x + 4, y + 4), fill="#1d4f6e")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer


def fill(value, ids):
    """Page ids into the rich-text links of a text ("{contact}")."""
    if isinstance(value, str):
        return value.format(**ids) if "{" in value else value
    return value


class DemoContent:
    def __init__(self, command, home):
        self.command = command
        self.home = home
        self.french = Locale.objects.filter(language_code=FRENCH).first()
        self.french_home = (
            home.get_translation_or_none(self.french) if self.french else None
        )

    def note(self, what):
        self.command.note(what)

    def build(self):
        contact = ContactPage.objects.child_of(self.home).first()
        privacy = Page.objects.child_of(self.home).filter(slug="privacy").first()
        self.ids = {
            "contact": contact.pk if contact else "",
            "privacy": privacy.pk if privacy else "",
        }
        self.image = self.ensure_image()
        self.ensure_default_share_image()
        self.ensure_page(
            LegalNoticePage, "legal-notice", texts.LEGAL_NOTICE, "the legal notice"
        )
        self.ensure_page(
            AccessibilityStatementPage,
            "accessibility",
            texts.ACCESSIBILITY,
            "the accessibility statement",
        )
        pages = {
            "about": self.ensure_page(
                StandardPage,
                "about",
                {"en": texts.ABOUT_EN, "fr": texts.ABOUT_FR},
                "the About page",
                show_in_menus=True,
            )
        }
        for spec in texts.PLATFORM_PAGES:
            pages[spec["slug"]] = self.ensure_page(
                StandardPage,
                spec["slug"],
                spec,
                f"the {spec['en']['title']} page",
                show_in_menus=True,
            )
        index = self.newsletter_index()
        self.ensure_home_body(self.home, "en", pages, index)
        if self.french_home is not None:
            self.ensure_home_body(self.french_home.specific, FRENCH, pages, index)
        self.ensure_navigation(pages, privacy, contact, index)

    def blocks(self, body, language):
        result = []
        for name, value in body:
            if name == "image":
                if self.image is None:
                    continue
                value = {"image": self.image, **texts.IMAGE[language]}
            result.append((name, value))
        return result

    def ensure_image(self):
        model = get_image_model()
        image = model.objects.filter(title=IMAGE_TITLE).first()
        if image is None:
            image = model(title=IMAGE_TITLE)
            image.file = ImageFile(genome_map_png(), name="genome-map.png")
            image.save()
            self.note("the demo illustration")
        return image

    def ensure_default_share_image(self):
        site = self.home.get_site()
        if site is None:
            return
        site_settings = SiteSettings.for_site(site)
        if site_settings.default_share_image_id is None:
            site_settings.default_share_image = self.image
            site_settings.save(update_fields=["default_share_image"])
            self.note("the default share image")

    def ensure_page(self, model, slug, languages, label, **extra):
        page = model.objects.child_of(self.home).filter(slug=slug).first()
        if page is None:
            fields = self.fields(languages["en"], "en", self.ids)
            page = model(slug=slug, **fields, **extra)
            self.home.add_child(instance=page)
            page.save_revision().publish()
            self.note(label)
        self.translate(page, languages.get(FRENCH, {}), label)
        return page

    def translate(self, page, french_fields, label):
        if self.french_home is None or page.get_translation_or_none(self.french):
            return
        copy = page.copy_for_translation(self.french)
        translation = type(page).objects.get(pk=copy.pk)
        for name, value in self.fields(
            french_fields, FRENCH, self.french_ids()
        ).items():
            setattr(translation, name, value)
        translation.save()
        translation.save_revision().publish()
        self.note(f"the French version of {label}")

    def fields(self, words, language, ids):
        fields = {name: fill(value, ids) for name, value in words.items()}
        if "body" in fields:
            fields["body"] = self.blocks(fields["body"], language)
        return fields

    def french_ids(self):
        """Rich-text links of French pages go to the French pages."""
        ids = {}
        for name, pk in self.ids.items():
            page = Page.objects.filter(pk=pk).first() if pk else None
            french = page.get_translation_or_none(self.french) if page else None
            ids[name] = french.pk if french else pk
        return ids

    def newsletter_index(self):
        return self.child_of_type(self.home, "NewsletterIndexPage")

    @staticmethod
    def child_of_type(parent, class_name):
        """A live child page of ``parent`` of a type from an app above this one."""
        for child in parent.get_children().live().specific():
            if type(child).__name__ == class_name:
                return child
        return None

    def ensure_home_body(self, home, language, pages, index):
        if home.body:
            return
        words = texts.HOME[language]
        cards = [
            {"title": title, "text": text, "page": pages.get(slug)}
            for slug, (title, text) in words["cards"].items()
            if pages.get(slug)
        ]
        body = [
            (
                "hero",
                {
                    "heading": words["hero"]["heading"],
                    "text": words["hero"]["text"],
                    "buttons": [
                        {"label": words["hero"]["sign_up"], "route": "register"}
                    ],
                },
            ),
            ("feature_cards", {"heading": words["features"], "cards": cards}),
        ]
        for section, heading in (
            (self.child_of_type(home, "NewsIndexPage"), words["news"]),
            (self.child_of_type(home, "EventIndexPage"), words["events"]),
            (index, words["latest"]),
        ):
            if section is not None:
                body.append(
                    (
                        "latest_pages",
                        {"heading": heading, "index": section, "count": 3},
                    )
                )
        body.append(
            (
                "get_involved",
                {
                    "heading": words["involved"],
                    "text": words["involved_text"],
                    "newsletter_archive": index,
                },
            )
        )
        home.body = body
        home.save_revision().publish()
        self.note(f"the blocks of the home page ({language})")

    def ensure_navigation(self, pages, privacy, contact, index):
        for language in ("en", FRENCH):
            locale = Locale.objects.filter(language_code=language).first()
            if locale is None or Navigation.objects.filter(locale=locale).exists():
                continue
            words = texts.NAVIGATION[language]

            def page_link(page, label=""):
                return (
                    "link",
                    {"page": page, "label": label, "route": "", "link_url": ""},
                )

            def route_link(route, label):
                return (
                    "link",
                    {"page": None, "label": label, "route": route, "link_url": ""},
                )

            menu = [
                page_link(pages.get(slug))
                for slug in ("about", "documentation", "training", "publications")
                if pages.get(slug)
            ]
            menu += [page_link(p) for p in (privacy, contact) if p]
            menu.append(route_link("register", words["sign_up"]))
            footer = [route_link("register", words["sign_up"])]
            if index is not None:
                footer.append(page_link(index, words["newsletter"]))
            footer.append(route_link("my_data", words["my_data"]))
            if privacy is not None:
                footer.append(page_link(privacy))
            footer.append(route_link("cookie_preferences", words["cookies"]))
            if contact is not None:
                footer.append(page_link(contact))
            source = Navigation.objects.filter(locale__language_code="en").first()
            key = {"translation_key": source.translation_key} if source else {}
            Navigation.objects.create(
                locale=locale,
                **key,
                tagline=words["tagline"],
                navigation=menu,
                footer_links=footer,
            )
            self.note(f"the navigation and footer ({language})")
