import factory
import wagtail_factories

from home.models import ContactPage, HomePage, StandardPage
from newsletter.models import NewsletterIndexPage, NewsletterPage
from notice.models import PrivacyNoticePage


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


PAGE_FACTORIES = {
    HomePage: HomePageFactory,
    StandardPage: StandardPageFactory,
    ContactPage: ContactPageFactory,
    PrivacyNoticePage: PrivacyNoticePageFactory,
    NewsletterIndexPage: NewsletterIndexPageFactory,
    NewsletterPage: NewsletterPageFactory,
}
