import factory
import wagtail_factories

from home.models import ContactPage, HomePage, StandardPage
from privacy.notice.models import PrivacyNoticePage


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


PAGE_FACTORIES = {
    HomePage: HomePageFactory,
    StandardPage: StandardPageFactory,
    ContactPage: ContactPageFactory,
    PrivacyNoticePage: PrivacyNoticePageFactory,
}
