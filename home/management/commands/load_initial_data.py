"""Build the site's page tree, settings and groups; safe to run again.

Content that already exists is left as editors made it: each step creates
what is missing and changes nothing else. ``home`` builds the shell (home
pages in every language, contact and About pages, groups, site settings);
the apps above it add their part through two hooks, so this command imports
none of them:

- ``load_initial_data_prerequisites(command)``: what pages show live, before
  any page is published (cookie declarations, retention periods);
- ``load_initial_data(command, home=...)``: their own pages and data (the
  privacy notice, the newsletter section).
"""

from django.apps import apps as django_apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail import hooks
from wagtail.models import Collection, Locale, Page, Site

from home.demo.build import DemoContent
from home.groups import setup_groups
from home.models import ContactPage, HomePage, SiteSettings
from home.navigation import Navigation

FRENCH = "fr"
HOME_INTRO_FR = (
    "<p>MicroScope est une plateforme d'annotation et d'analyse comparative de "
    "génomes microbiens, opérée par le Genoscope du CEA.</p>"
)
FRENCH_CONTACT_INTRO = (
    "<p>Écrivez à l’équipe MicroScope. Choisissez « Protection des données » "
    "pour joindre directement le délégué à la protection des données.</p>"
)
FRENCH_CONTACT_SUBJECT = "Message depuis le site MicroScope"
# Keyed by clean_name, which must not change: submissions and the Reply-To
# address read the fields by it.
FRENCH_FIELD_LABELS = {
    "your_name": "Votre nom",
    "email": "Adresse électronique",
    "message": "Message",
}
HOME_INTRO = (
    "<p>MicroScope is a platform for the annotation and comparative analysis of "
    "microbial genomes, run by the Genoscope of the CEA.</p>"
)
CONTACT_FIELDS = [
    ("Your name", "singleline", True, ""),
    ("Email", "email", True, ""),
    ("Message", "multiline", True, ""),
]
DEFAULT_DPO_EMAIL = "dpo@example.org"


class Command(BaseCommand):
    help = "Create the page tree, privacy notice, site settings and admin groups."

    def handle(self, *args, **options):
        with transaction.atomic():
            self.created = []
            self.ensure_locales()
            self.ensure_roots()
            home = self.ensure_home()
            self.ensure_dpo_contact()
            # What pages show live (cookie declarations, retention periods)
            # exists before the first version of the notice is frozen.
            for hook in hooks.get_hooks("load_initial_data_prerequisites"):
                hook(self)
            contact = self.ensure_contact(home)
            self.ensure_french(home, contact)
            setup_groups(django_apps)
            for hook in hooks.get_hooks("load_initial_data"):
                hook(self, home=home)
            DemoContent(self, home).build()
        verbosity = options.get("verbosity", 1)
        if self.created and verbosity > 1:
            for line in self.created:
                self.stdout.write(f"Created {line}.")
        elif self.created and verbosity:
            self.stdout.write(
                f"Demo content created: {len(self.created)} items, from the home "
                "page to the privacy notice (-v 2 lists them)."
            )
        elif verbosity:
            self.stdout.write("Initial data already present: nothing to create.")

    def note(self, what):
        self.created.append(what)

    def ensure_locales(self):
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
            _locale, created = Locale.objects.get_or_create(language_code=code)
            if created:
                self.note(f"the {code} locale")

    def ensure_roots(self):
        """Wagtail's migrations make these; a flushed database lacks them."""
        if Page.get_first_root_node() is None:
            Page.add_root(
                instance=Page(title="Root", slug="root", locale=Locale.get_default())
            )
            self.note("the root page")
        if Collection.get_first_root_node() is None:
            Collection.add_root(name="Root")
            self.note("the root collection")

    def ensure_home(self):
        home = HomePage.objects.filter(locale=Locale.get_default()).first()
        root = Page.get_first_root_node()
        if home is None:
            # Wagtail's own placeholder page sits where the home page goes.
            placeholder = root.get_children().filter(slug="home").first()
            if placeholder and placeholder.specific_class is Page:
                placeholder.delete()
            home = HomePage(
                title="MicroScope",
                slug="home",
                intro=HOME_INTRO,
                locale=Locale.get_default(),
            )
            root.add_child(instance=home)
            home.save_revision().publish()
            self.note("the home page")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name="MicroScope",
            )
            self.note("the default site")
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.site_name = site.site_name or "MicroScope"
            site.save()
        return home

    def child(self, parent, model, slug):
        return model.objects.child_of(parent).filter(slug=slug).first()

    def publish(self, parent, page):
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    def ensure_contact(self, home):
        page = self.child(home, ContactPage, "contact")
        if page:
            return page
        page = ContactPage(
            title="Contact",
            slug="contact",
            intro="<p>Write to the MicroScope team. Choose “Data protection” to "
            "reach the data protection officer directly.</p>",
            subject="Message from the MicroScope website",
            show_in_menus=True,
        )
        for order, (label, field_type, required, help_text) in enumerate(
            CONTACT_FIELDS
        ):
            page.form_fields.add(
                page.form_fields.model(
                    sort_order=order,
                    label=label,
                    field_type=field_type,
                    required=required,
                    help_text=help_text,
                )
            )
        self.publish(home, page)
        self.note("the contact page")
        return page

    def ensure_french(self, home, contact):
        """The French home page and contact form, linked from French pages."""
        french = Locale.objects.filter(language_code=FRENCH).first()
        if french is None:
            return
        if home.get_translation_or_none(french) is None:
            translation = home.copy_for_translation(french)
            translation.intro = HOME_INTRO_FR
            translation.save()
            translation.save_revision().publish()
            self.note("the French home page")
        if contact.get_translation_or_none(french) is not None:
            return
        copy = contact.copy_for_translation(french)
        for field in copy.form_fields.model.objects.filter(page=copy):
            field.label = FRENCH_FIELD_LABELS.get(field.clean_name, field.label)
            field.save()
        translation = ContactPage.objects.get(pk=copy.pk)
        translation.intro = FRENCH_CONTACT_INTRO
        translation.subject = FRENCH_CONTACT_SUBJECT
        translation.save()
        translation.save_revision().publish()
        self.note("the French contact page")

    def ensure_dpo_contact(self):
        """On the first run only: an editor may have emptied it since."""
        site = Site.objects.get(is_default_site=True)
        site_settings = SiteSettings.for_site(site)
        if Navigation.objects.exists() or site_settings.dpo_email:
            return
        site_settings.dpo_email = DEFAULT_DPO_EMAIL
        site_settings.save()
