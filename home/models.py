from django import forms
from django.core.mail import EmailMessage
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.forms.forms import FormBuilder
from wagtail.contrib.forms.models import (
    AbstractEmailForm,
    AbstractFormField,
    FormSubmission,
)
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BodyBlock, HomeBodyBlock
from .forms import HONEYPOT_FIELD, caught_by_honeypot, honeypot_field
from .personal_data import text_contains
from .sharing import ShareImageMixin
from .throttle import refuse, throttled
from .validators import PlainText, validate_mailbox

# Who may change where personal data goes (the DPO's and the team's
# addresses, a contact form's recipients): the Data protection officer group.
CONTACTS_PERMISSION = "home.change_contact_addresses"


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """The platform's name and contacts, edited under Settings > Site settings.

    What changes with the language (tagline, menu, footer links) is in the
    ``Navigation`` snippet, one per language (``home.navigation``).
    """

    platform_name = models.CharField(
        _("platform name"), max_length=100, default="MicroScope"
    )
    dpo_email = models.EmailField(
        _("data protection officer's email"),
        blank=True,
        help_text=_(
            "Where the privacy notice and data-protection messages send people."
        ),
    )
    dpo_postal_address = models.TextField(_("DPO postal address"), blank=True)
    team_email = models.EmailField(
        _("platform team's email"),
        blank=True,
        help_text=_("Where general contact messages go."),
    )
    default_share_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("default share image"),
        help_text=_(
            "Shown when a page without its own share image is shared on social "
            "networks or in chat messages."
        ),
    )
    panels = [
        MultiFieldPanel(
            [FieldPanel("platform_name"), FieldPanel("default_share_image")],
            heading=_("Platform"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("dpo_email", permission=CONTACTS_PERMISSION),
                FieldPanel("dpo_postal_address", permission=CONTACTS_PERMISSION),
                FieldPanel("team_email", permission=CONTACTS_PERMISSION),
            ],
            heading=_("Contacts"),
            help_text=_(
                "The privacy notice shows these addresses, and contact messages "
                "go to them: only the data protection officer changes them."
            ),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")
        permissions = [
            (
                "change_contact_addresses",
                _("Can change the addresses the notice shows and messages go to"),
            )
        ]


class HomePage(ShareImageMixin, Page):  # noqa: DJ008 (Page has __str__)
    """The home page: title and introduction, then blocks editors arrange."""

    intro = RichTextField(_("introduction"), blank=True)
    body = StreamField(HomeBodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    template = "pages/home_page.html"
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")


class StandardPage(ShareImageMixin, Page):  # noqa: DJ008 (Page has __str__)
    """A platform page such as "About MicroScope"."""

    intro = models.TextField(_("introduction"), blank=True, max_length=500)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    template = "pages/standard_page.html"
    parent_page_types = ["home.HomePage", "home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class FormField(AbstractFormField):
    page = ParentalKey(
        "ContactPage", on_delete=models.CASCADE, related_name="form_fields"
    )


TOPIC_GENERAL = "general"
TOPIC_ACCOUNT = "account"
TOPIC_DATA_PROTECTION = "data_protection"
TOPIC_CHOICES = [
    (TOPIC_GENERAL, _("General question")),
    (TOPIC_ACCOUNT, _("My account or the platform")),
    (TOPIC_DATA_PROTECTION, _("Data protection")),
]


class ContactFormBuilder(FormBuilder):
    """Adds the fixed fields every contact form needs to the editor's fields."""

    def get_form_class(self):
        form_class = super().get_form_class()
        fields = {
            "topic": forms.ChoiceField(
                label=_("Subject"), choices=TOPIC_CHOICES, initial=TOPIC_GENERAL
            ),
            HONEYPOT_FIELD: honeypot_field(),
        }
        return type("ContactForm", (form_class,), fields)

    def create_singleline_field(self, field, options):
        field = super().create_singleline_field(field, options)
        field.validators.append(PlainText())
        return field

    def create_multiline_field(self, field, options):
        field = super().create_multiline_field(field, options)
        field.validators.append(PlainText(multi_line=True))
        return field

    def create_email_field(self, field, options):
        # The reply goes to this address: one that no mail can be sent to
        # would fail when the message to the team is built.
        return forms.EmailField(validators=[validate_mailbox], **options)


class ContactPage(ShareImageMixin, AbstractEmailForm):  # noqa: DJ008 (Page has __str__)
    """Contact form: data-protection messages go to the DPO, others to the team."""

    intro = RichTextField(_("introduction"), blank=True)
    thank_you_text = RichTextField(_("thank-you text"), blank=True)

    form_builder = ContactFormBuilder

    content_panels = [
        *AbstractEmailForm.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel(
                            "from_address",
                            classname="col6",
                            permission=CONTACTS_PERMISSION,
                        ),
                        FieldPanel(
                            "to_address",
                            classname="col6",
                            permission=CONTACTS_PERMISSION,
                        ),
                    ]
                ),
                FieldPanel("subject"),
            ],
            heading=_("Email"),
        ),
    ]

    template = "pages/contact_page.html"
    landing_page_template = "pages/contact_page_landing.html"
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("contact page")

    def get_submissions_list_view_class(self):
        # Its CSV export runs no formula typed by a sender.
        from .views import ContactSubmissionsListView

        return ContactSubmissionsListView

    def get_data_fields(self):
        return [*super().get_data_fields(), ("topic", _("Subject"))]

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        topic = getattr(self, "requested_topic", None)
        if not form.is_bound and topic in dict(TOPIC_CHOICES):
            form.initial["topic"] = topic
        return form

    def serve(self, request, *args, **kwargs):
        # A link such as /contact/?topic=data_protection preselects the subject.
        self.requested_topic = request.GET.get("topic")
        if request.method == "POST":
            if caught_by_honeypot(request):
                return self.render_landing_page(request, None, *args, **kwargs)
            if throttled(request, "contact"):
                context = self.get_context(request)
                context["form"] = self.get_form(
                    request.POST, page=self, user=request.user
                )
                return refuse(
                    request,
                    self.get_template(request),
                    context,
                    _(
                        "You have sent several messages in a short time. "
                        "Please wait an hour before sending another one."
                    ),
                )
        return super().serve(request, *args, **kwargs)

    def process_form_submission(self, form):
        form.cleaned_data.pop(HONEYPOT_FIELD, None)
        submission = self.get_submission_class().objects.create(
            form_data=form.cleaned_data, page=self
        )
        recipients = self.recipients_for(form.cleaned_data.get("topic"))
        if recipients:
            self.send_mail(form, recipients)
        return submission

    def recipients_for(self, topic):
        site_settings = SiteSettings.for_site(self.get_site())
        if topic == TOPIC_DATA_PROTECTION and site_settings.dpo_email:
            return [site_settings.dpo_email]
        addresses = [a.strip() for a in self.to_address.split(",") if a.strip()]
        return addresses or (
            [site_settings.team_email] if site_settings.team_email else []
        )

    def send_mail(self, form, recipients):
        topic = dict(TOPIC_CHOICES).get(form.cleaned_data.get("topic"), "")
        subject = f"{self.subject or self.title}: {topic}"
        reply_to = (
            [form.cleaned_data["email"]] if form.cleaned_data.get("email") else None
        )
        EmailMessage(
            subject=subject,
            body=self.render_email(form),
            from_email=self.from_address or None,
            to=recipients,
            reply_to=reply_to,
        ).send()

    def render_email(self, form):
        form.fields.pop(HONEYPOT_FIELD, None)
        return super().render_email(form)


def erase_contact_messages(person):
    """Contact-form messages sent from the person's address (on erasure)."""
    text_contains(FormSubmission.objects.all(), "form_data", person.email).delete()


class SchedulerLock(models.Model):
    """Who runs the scheduler (home.scheduler): one row per lock name.

    The holder renews the row every 30 seconds; a row past ``expires_at`` is
    free for another process to take, so a crashed scheduler's lock lapses.
    ``renewed_at`` is the scheduler's heartbeat.
    """

    name = models.CharField(_("name"), max_length=50, unique=True)
    holder = models.CharField(_("holder"), max_length=200)
    expires_at = models.DateTimeField(_("expires at"))
    renewed_at = models.DateTimeField(_("renewed at"))

    class Meta:
        verbose_name = _("scheduler lock")
        verbose_name_plural = _("scheduler locks")

    def __str__(self):
        return self.name


class ScheduledJob(models.Model):
    """How the last runs of one scheduled job went (home.scheduler.run_job).

    Kept in the database because successive runs happen in different worker
    processes: it is what lets a job that keeps failing log its traceback
    once, then one line an hour.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True)
    failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    failure_logged_at = models.DateTimeField(
        _("failure last logged"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")

    def __str__(self):
        return self.name


# Models of their own modules, imported here so that Django registers them.
from .legal import AccessibilityStatementPage, LegalNoticePage  # noqa: E402, F401
from .navigation import Navigation  # noqa: E402, F401
