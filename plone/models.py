from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class FolderPage(Page):
    """A Plone folder: lists its children in their order, or shows its
    default page at its own address."""

    intro = RichTextField(_("introduction"), blank=True)
    default_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("default page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A page under this one shown at this address instead of the list."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("default_page"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    template = "plone/folder_page.html"

    class Meta:
        verbose_name = _("folder page")

    def shown_page(self):
        if self.default_page_id is None:
            return None
        page = self.default_page
        if page.live and page.is_descendant_of(self):
            return page.specific
        return None

    def serve(self, request, *args, **kwargs):
        shown = self.shown_page()
        if shown is not None:
            return shown.serve(request, *args, **kwargs)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = self.get_children().live().public().specific()
        return context


class PloneObject(models.Model):
    """Which object of this site a Plone item (by its UID) became."""

    uid = models.CharField(_("Plone UID"), max_length=64, unique=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    portal_type = models.CharField(_("Plone type"), max_length=100)
    path = models.CharField(_("Plone path"), max_length=1000)
    language = models.CharField(_("language"), max_length=16, blank=True)
    modified = models.CharField(
        _("modified in Plone"),
        max_length=64,
        blank=True,
        help_text=_("An item not modified since the last import is left as it is."),
    )

    class Meta:
        verbose_name = _("imported Plone item")
        verbose_name_plural = _("imported Plone items")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.portal_type} {self.path}"


class PloneImport(models.Model):
    """One run of the import and its report, kept for the admin.

    A run from the command is kept when it is done. A run asked for in the
    admin is kept from the upload on: waiting for the task worker, running
    (with how many items it has gone through), then done or failed.
    The report names items by their Plone path and members by their
    position in the export, never by name or address.
    """

    class Outcome(models.TextChoices):
        # Dry runs and refused exports from the command write nothing, not
        # even a report: their report is what the command prints. The
        # admin's keep theirs, since the page is where they are read.
        IMPORTED = "imported", _("Imported")
        DRY_RUN = "dry-run", _("Dry run: nothing written")

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for the task worker")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed: nothing was imported")

    source = models.CharField(_("export"), max_length=255)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DONE
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, blank=True
    )
    dry_run = models.BooleanField(_("dry run"), default=False)
    parent = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("imported under"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    upload = models.CharField(
        _("uploaded file"),
        max_length=255,
        blank=True,
        help_text=_("Its name in the private upload folder, until the run ends."),
    )
    task_id = models.CharField(
        _("task"),
        max_length=64,
        blank=True,
        help_text=_("The task worker's task that runs this import."),
    )
    total = models.PositiveIntegerField(_("items in the export"), default=0)
    processed = models.PositiveIntegerField(_("items gone through"), default=0)
    error = models.TextField(_("error"), blank=True)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    report = models.TextField(_("report"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("Plone import")
        verbose_name_plural = _("Plone imports")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"{self.source} ({self.get_status_display()})"

    @property
    def in_progress(self):
        return self.status in (self.Status.WAITING, self.Status.RUNNING)

    def keep_report(self, report, lines):
        """The counts and the text of a finished run's report."""
        self.created = report.total("created")
        self.updated = report.total("updated")
        self.unchanged = report.total("unchanged")
        self.skipped = len(report.skipped)
        self.report = "\n".join(lines)
        self.details = report.as_dict()
        self.outcome = self.Outcome.DRY_RUN if report.dry_run else self.Outcome.IMPORTED
