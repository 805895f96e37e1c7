from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.models import ShareImageMixin

from . import views
from .blocks import NoticeBodyBlock
from .panels import NoticeConsistencyPanel, TranslationStatusPanel
from .permissions import PUBLISH_PERMISSION, NoticePermissionTester
from .workflow import NoticeApprovalTask, NoticeApprovalTaskState


class PrivacyNoticeForm(WagtailAdminPageForm):
    """The notice's editor form: a change summary is needed to publish a new version.

    The summary fields belong to the next version: once a revision is live,
    the editor starts again from empty fields rather than the summary of the
    version already published.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance
        if "translates_version" in self.fields:
            self.setup_translates_version(page)
        if page.pk and not self.is_bound:
            live_id = (
                type(page)
                .objects.filter(pk=page.pk)
                .values_list("live_revision_id", flat=True)[0]
            )
            latest = page.get_latest_revision()
            if live_id and latest and latest.pk == live_id:
                self.initial["change_summary"] = ""
                self.initial["material_change"] = False

    def setup_translates_version(self, page):
        """A translation chooses the reference version it follows."""
        if page.locale_id is None or page.is_reference_text:
            del self.fields["translates_version"]
            return
        choices = [
            (version.number, str(version))
            for version in NoticeVersion.objects.for_language().order_by("-number")
        ]
        field = self.fields["translates_version"]
        self.fields["translates_version"] = forms.TypedChoiceField(
            label=field.label,
            help_text=field.help_text,
            required=False,
            coerce=int,
            empty_value=None,
            choices=[("", _("Not stated"))] + choices,
            error_messages={
                "invalid_choice": _(
                    "Choose a published version of the reference notice."
                )
            },
        )

    def clean(self):
        cleaned_data = super().clean()
        # An expired notice takes the archive of versions down with it: a
        # notice is replaced by a new version, never left to expire.
        if cleaned_data.get("expire_at"):
            self.add_error(
                "expire_at",
                _(
                    "The privacy notice cannot expire: the site must always show "
                    "one. Publish a new version to replace it."
                ),
            )
        go_live_at = cleaned_data.get("go_live_at")
        if (
            go_live_at
            and go_live_at != self.instance.go_live_at
            and not (self.for_user and self.for_user.has_perm(PUBLISH_PERMISSION))
        ):
            self.add_error(
                "go_live_at",
                _(
                    "Only the data protection officer sets when a version of the "
                    "notice comes into force."
                ),
            )
        publishing = "action-publish" in self.data
        page = self.instance
        has_versions = page.pk and NoticeVersion.objects.filter(page=page).exists()
        if publishing and has_versions and not cleaned_data.get("change_summary"):
            self.add_error(
                "change_summary",
                _(
                    "Write a change summary before publishing: it is shown to "
                    "readers in the archive of versions."
                ),
            )
        if (
            publishing
            and "translates_version" in self.fields
            and not cleaned_data.get("translates_version")
        ):
            self.add_error(
                "translates_version",
                _(
                    "Choose the version of the reference notice that this text "
                    "translates before publishing it."
                ),
            )
        return cleaned_data


class PrivacyNoticePage(ShareImageMixin, RoutablePageMixin, Page):
    """The privacy notice: one per locale, at /privacy/, with its archive of versions.

    Publishing a revision freezes a numbered ``NoticeVersion`` (see
    ``notice.publishing``); ``change_summary`` and ``material_change``
    are the editor's description of the version being prepared.
    """

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)
    body = StreamField(NoticeBodyBlock(), verbose_name=_("body"))
    change_summary = models.TextField(
        _("change summary"),
        blank=True,
        help_text=_(
            "What changed in this version, in a sentence or two. Readers see it "
            "in the archive of versions. Required to publish."
        ),
    )
    material_change = models.BooleanField(
        _("material change"),
        default=False,
        help_text=_(
            "Tick when the change matters to the people concerned (new data, "
            "new purpose, new recipient, longer retention): visitors see a "
            "message, cookie consent is asked again and registered users are told."
        ),
    )

    translates_version = models.PositiveIntegerField(
        _("translates version"),
        null=True,
        blank=True,
        help_text=_(
            "The version of the reference notice (in English) that this text "
            "translates. Readers see it; editors are warned when a newer "
            "reference version is in force."
        ),
    )

    content_panels = [
        NoticeConsistencyPanel(heading=_("Consistency with the site")),
        TranslationStatusPanel(heading=_("Translation")),
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("change_summary"),
                FieldPanel("material_change"),
                FieldPanel("translates_version"),
            ],
            heading=_("This version"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    base_form_class = PrivacyNoticeForm

    template = "pages/privacy_notice_page.html"
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("privacy notice")
        permissions = [
            ("publish_notice", _("Can approve and publish the privacy notice")),
        ]

    def permissions_for_user(self, user):
        return NoticePermissionTester(user, self)

    @property
    def current_version(self):
        if not hasattr(self, "_current_version"):
            self._current_version = (
                NoticeVersion.objects.filter(page=self).in_force(
                    self.locale.language_code
                )
                if self.pk
                else None
            )
        return self._current_version

    @property
    def last_update(self):
        """The date the text in force took effect, from its version, never typed."""
        version = self.current_version
        return timezone.localdate(version.effective_at) if version else None

    @property
    def is_reference_text(self):
        """The notice in the site's reference language prevails over translations."""
        return self.locale.language_code == settings.LANGUAGE_CODE

    @property
    def translation_status(self):
        """How this translation stands against the reference notice (None for it)."""
        return translation_status(self.locale.language_code)

    @property
    def archive_url(self):
        return self.url + self.reverse_subpage("versions")

    @property
    def compare_url(self):
        return self.url + self.reverse_subpage("compare")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["current_version"] = self.current_version
        context["notice_languages"] = self.language_links()
        context["translation_status"] = self.translation_status
        return context

    def language_links(self):
        """Every live language of this notice, the current one included."""
        pages = self.get_translations(inclusive=True).live().select_related("locale")
        return sorted(
            (
                {
                    "page": page,
                    "code": page.locale.language_code,
                    "name": page.locale.get_display_name(),
                    "current": page.pk == self.pk,
                }
                for page in pages
            ),
            key=lambda link: link["code"] != settings.LANGUAGE_CODE,
        )

    # The archive of versions; the views live in notice.views.
    @path("versions/", name="versions")
    def versions_view(self, request):
        return views.version_list(self, request)

    @path("versions/changes/", name="compare")
    def compare_view(self, request):
        return views.compare(self, request)

    @path("versions/<int:number>/", name="version")
    def version_view(self, request, number):
        return views.version_detail(self, request, number)

    @path("versions/<int:number>/changes/", name="version_changes")
    def version_changes_view(self, request, number):
        return views.version_changes(self, request, number)

    @path("versions/<int:number>/download/<str:fmt>/", name="version_download")
    def version_download_view(self, request, number, fmt):
        return views.version_download(self, request, number, fmt)


class NoticeVersionQuerySet(models.QuerySet):
    """The one place that answers "which version is in force?".

    Each language has its own series of versions (one notice per locale);
    ``language`` defaults to the site's reference language,
    ``settings.LANGUAGE_CODE``, whose text prevails over its translations.
    """

    def for_language(self, language=None):
        return self.filter(page__locale__language_code=language or default_language())

    def in_force(self, language=None, at=None):
        """The version in force at ``at`` (default now), or None before the first."""
        return (
            self.for_language(language)
            .filter(effective_at__lte=at or timezone.now())
            .order_by("-effective_at", "-number")
            .first()
        )

    def last_material_change(self, language=None, at=None):
        """The newest version in force that was flagged as a material change.

        A first version changes nothing that readers knew, so version 1 never
        counts, whatever its flag says.
        """
        return (
            self.for_language(language)
            .filter(
                effective_at__lte=at or timezone.now(),
                material_change=True,
                number__gt=1,
            )
            .order_by("-effective_at", "-number")
            .first()
        )


def default_language():
    return settings.LANGUAGE_CODE


class TranslationStatus:
    """How a translated notice in force stands against the reference notice in force."""

    def __init__(self, language, translation, reference):
        self.language = language
        #: The translation's version in force, and the reference version it translates.
        self.translation = translation
        self.follows = translation.translates if translation else None
        #: The reference version in force.
        self.reference = reference

    @property
    def behind(self):
        if self.reference is None or self.translation is None:
            return False
        return self.follows is None or self.follows.number < self.reference.number

    @property
    def language_name(self):
        from django.utils.translation import get_language_info

        return get_language_info(self.language)["name_translated"]


def translation_status(language, at=None):
    """The status of the notice in ``language``, None for the reference language."""
    if language == default_language():
        return None
    translation = (
        NoticeVersion.objects.select_related("translates")
        .filter(page__live=True)
        .in_force(language, at)
    )
    reference = NoticeVersion.objects.filter(page__live=True).in_force(at=at)
    return TranslationStatus(language, translation, reference)


def translations_behind(at=None):
    """The status of every translated notice behind the reference in force."""
    languages = (
        PrivacyNoticePage.objects.live()
        .exclude(locale__language_code=default_language())
        .values_list("locale__language_code", flat=True)
    )
    statuses = (translation_status(language, at) for language in sorted(languages))
    return [status for status in statuses if status.behind]


class ImmutableVersionError(Exception):
    """Versions are a legal record: once written they are never changed."""


class NoticeVersion(models.Model):
    """One published, immutable version of a privacy notice (one series per locale).

    ``html`` is the notice exactly as it was rendered when it went live, live
    blocks (DPO contact, cookie table, retention periods) included, so the
    archive never changes when the site's settings do; ``sha256`` is the
    SHA-256 of that HTML encoded as UTF-8.
    """

    page = models.ForeignKey(
        PrivacyNoticePage,
        on_delete=models.PROTECT,
        related_name="versions",
        verbose_name=_("notice"),
    )
    number = models.PositiveIntegerField(_("version number"))
    effective_at = models.DateTimeField(_("in force from"))
    change_summary = models.TextField(_("change summary"), blank=True)
    material_change = models.BooleanField(
        _("material change"),
        default=False,
        help_text=_(
            "A material change asks visitors for their cookie choice again and "
            "tells registered users."
        ),
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("revision"),
    )
    title = models.CharField(_("title"), max_length=255, blank=True)
    html = models.TextField(_("published text (HTML)"), blank=True)
    sha256 = models.CharField(_("SHA-256 of the rendered text"), max_length=64)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("published by"),
    )
    translates = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="translations",
        verbose_name=_("translates"),
        help_text=_("For a translation: the reference version it translates."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = NoticeVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice version")
        verbose_name_plural = _("notice versions")
        ordering = ["page", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "number"], name="unique_notice_version_number"
            )
        ]

    def __str__(self):
        return _("Version %(number)s of %(date)s") % {
            "number": self.number,
            "date": timezone.localdate(self.effective_at).isoformat(),
        }

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableVersionError(
                _("A published version of the notice cannot be changed.")
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableVersionError(
            _("A published version of the notice cannot be deleted.")
        )

    @property
    def effective_date(self):
        return timezone.localdate(self.effective_at)

    def get_previous(self):
        return (
            NoticeVersion.objects.filter(page_id=self.page_id, number__lt=self.number)
            .order_by("-number")
            .first()
        )

    def get_next(self):
        return (
            NoticeVersion.objects.filter(page_id=self.page_id, number__gt=self.number)
            .order_by("number")
            .first()
        )

    def url(self, name="version", **kwargs):
        return self.page.url + self.page.reverse_subpage(
            name, kwargs={"number": self.number, **kwargs}
        )

    @property
    def detail_url(self):
        return self.url()

    @property
    def changes_url(self):
        return self.url("version_changes")

    @property
    def html_download_url(self):
        return self.url("version_download", fmt="html")

    @property
    def markdown_download_url(self):
        return self.url("version_download", fmt="markdown")


__all__ = [
    "NoticeApprovalTask",
    "NoticeApprovalTaskState",
    "NoticeVersion",
    "PrivacyNoticePage",
]
