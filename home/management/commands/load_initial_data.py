"""Build the site's page tree, settings and groups; safe to run again.

Content that already exists is left as editors made it: each step creates
what is missing and changes nothing else.
"""

from django.apps import apps as django_apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail import hooks
from wagtail.models import Collection, Locale, Page, Site

from home.groups import setup_groups
from home.models import ContactPage, HomePage, SiteSettings, StandardPage
from privacy.notice import seed
from privacy.notice.models import PrivacyNoticePage
from privacy.notice.publishing import publication_details

HOME_INTRO = (
    "<p>MicroScope is a platform for the annotation and comparative analysis of "
    "microbial genomes, run by the Genoscope of the CEA.</p>"
)
ABOUT_BODY = [
    (
        "paragraph",
        "<p>MicroScope gives biologists an environment to annotate microbial "
        "genomes by hand, with the results of automatic analyses beside them: "
        "syntactic and functional annotation, comparative genomics, metabolic "
        "networks and transcriptomics.</p>",
    ),
    (
        "paragraph",
        "<p>The platform is developed and run by the Laboratory of Bioinformatics "
        "Analyses for Genomics and Metabolism (LABGeM) at the Genoscope, part of "
        "the CEA.</p>",
    ),
]
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
            # What the notice shows live (cookie declarations, retention
            # periods) exists before its first version is frozen.
            for hook in hooks.get_hooks("load_initial_data_prerequisites"):
                hook(self)
            contact = self.ensure_contact(home)
            about = self.ensure_about(home)
            notice = self.ensure_notice(home, contact)
            self.ensure_settings(home, about, notice, contact)
            setup_groups(django_apps)
            # Other apps add their own initial data (cookie groups, retention
            # settings...) with @hooks.register("load_initial_data").
            for hook in hooks.get_hooks("load_initial_data"):
                hook(self, home=home, notice=notice)
        if self.created:
            for line in self.created:
                self.stdout.write(f"Created {line}.")
        else:
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

    def ensure_about(self, home):
        page = self.child(home, StandardPage, "about")
        if page:
            return page
        page = StandardPage(
            title="About MicroScope",
            slug="about",
            intro="A platform for microbial genome annotation and analysis.",
            body=ABOUT_BODY,
            show_in_menus=True,
        )
        self.publish(home, page)
        self.note("the About page")
        return page

    def ensure_notice(self, home, contact):
        page = self.child(home, PrivacyNoticePage, "privacy")
        if page:
            return page
        page = PrivacyNoticePage(
            title=seed.TITLE,
            slug="privacy",
            intro=seed.INTRO,
            body=seed.body(contact.pk),
        )
        home.add_child(instance=page)
        first = seed.first_version_datetime()
        with publication_details(
            effective_at=first, change_summary=seed.FIRST_VERSION_SUMMARY
        ):
            page.save_revision().publish()
        page.refresh_from_db()
        PrivacyNoticePage.objects.filter(pk=page.pk).update(
            first_published_at=first, last_published_at=first
        )
        page.refresh_from_db()
        self.note("the privacy notice")
        return page

    def first_run_settings(self):
        """The site settings, or None once an earlier run filled them in."""
        site = Site.objects.get(is_default_site=True)
        site_settings = SiteSettings.for_site(site)
        if site_settings.navigation or site_settings.footer_links:
            return None
        return site_settings

    def ensure_dpo_contact(self):
        site_settings = self.first_run_settings()
        if site_settings is not None and not site_settings.dpo_email:
            site_settings.dpo_email = DEFAULT_DPO_EMAIL
            site_settings.save()

    def ensure_settings(self, home, about, notice, contact):
        site_settings = self.first_run_settings()
        if site_settings is None:
            return
        site_settings.navigation = [
            ("link", {"page": about, "label": "", "link_url": ""}),
            ("link", {"page": notice, "label": "", "link_url": ""}),
            ("link", {"page": contact, "label": "", "link_url": ""}),
        ]
        site_settings.footer_links = [
            ("link", {"page": notice, "label": "", "link_url": ""}),
            (
                "link",
                {"page": None, "label": "Cookie settings", "link_url": "/cookies/"},
            ),
            ("link", {"page": contact, "label": "", "link_url": ""}),
        ]
        site_settings.save()
        self.note("the site settings")
