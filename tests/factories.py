import datetime

import factory
import wagtail_factories
from django.utils import timezone

from events.models import EventIndexPage, EventPage
from home.legal import AccessibilityStatementPage, LegalNoticePage
from home.models import ContactPage, HomePage, StandardPage
from news.models import NewsIndexPage, NewsPage
from newsletter.models import NewsletterIndexPage, NewsletterPage
from notice.models import PrivacyNoticePage
from plone.models import FolderPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "MicroScope"

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Platform page {n}")
    intro = "A page about the platform."

    class Meta:
        model = StandardPage


class ContactPageFactory(wagtail_factories.PageFactory):
    title = "Contact"
    to_address = "team@example.org"

    class Meta:
        model = ContactPage


class LegalNoticePageFactory(wagtail_factories.PageFactory):
    title = "Legal notice"
    publisher = "CEA"
    publisher_address = "25 rue Leblanc, 75015 Paris"
    director = "The director of publication"
    host = "The host"
    host_address = "2 rue Gaston Crémieux, 91057 Évry"
    host_phone = "+33 1 60 87 25 00"
    contact = "<p>Use the contact form.</p>"

    class Meta:
        model = LegalNoticePage


class AccessibilityStatementPageFactory(wagtail_factories.PageFactory):
    title = "Accessibility statement"
    conformance_status = "none"
    contact = "<p>Use the contact form.</p>"
    complaint = "<p>Write to the Défenseur des droits.</p>"

    class Meta:
        model = AccessibilityStatementPage


class PrivacyNoticePageFactory(wagtail_factories.PageFactory):
    title = "Privacy notice"
    body = [("paragraph", "<p>We keep your data safe.</p>")]

    class Meta:
        model = PrivacyNoticePage


class NewsletterIndexPageFactory(wagtail_factories.PageFactory):
    title = "Newsletters"

    class Meta:
        model = NewsletterIndexPage


class NewsletterPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Newsletter {n}")
    intro = "News from the platform."
    body = [("heading", "New genomes"), ("paragraph", "<p>We added some.</p>")]

    class Meta:
        model = NewsletterPage


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    # Not "News": load_initial_data's demo index has that slug under the home page.
    title = factory.Sequence(lambda n: f"News section {n}")

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"News {n}")
    date = datetime.date(2026, 3, 2)
    intro = "A new release of the platform."
    body = [("paragraph", "<p>Faster annotation.</p>")]

    class Meta:
        model = NewsPage


class EventIndexPageFactory(wagtail_factories.PageFactory):
    # Not "Events": the demo index has that slug under the home page.
    title = factory.Sequence(lambda n: f"Events section {n}")

    class Meta:
        model = EventIndexPage


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Workshop {n}")
    start = timezone.make_aware(datetime.datetime(2026, 6, 1, 9))
    end = timezone.make_aware(datetime.datetime(2026, 6, 1, 17))
    location = "Evry"

    class Meta:
        model = EventPage


class FolderPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Folder {n}")
    intro = "<p>What this section holds.</p>"

    class Meta:
        model = FolderPage


PAGE_FACTORIES = {
    HomePage: HomePageFactory,
    StandardPage: StandardPageFactory,
    ContactPage: ContactPageFactory,
    LegalNoticePage: LegalNoticePageFactory,
    AccessibilityStatementPage: AccessibilityStatementPageFactory,
    PrivacyNoticePage: PrivacyNoticePageFactory,
    NewsletterIndexPage: NewsletterIndexPageFactory,
    NewsletterPage: NewsletterPageFactory,
    NewsIndexPage: NewsIndexPageFactory,
    NewsPage: NewsPageFactory,
    EventIndexPage: EventIndexPageFactory,
    EventPage: EventPageFactory,
    FolderPage: FolderPageFactory,
}
