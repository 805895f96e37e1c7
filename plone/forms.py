import posixpath
import zipfile

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Page, Site

MB = 1024 * 1024


def default_parent():
    """The home page of the site's default language: where the command
    imports too when it is given no parent."""
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_page if site is not None else None


class UploadForm(forms.Form):
    export = forms.FileField(
        label=_("Export (ZIP)"),
        help_text=_(
            "The ZIP of a plone.exportimport export, or of collective.exportimport's "
            "JSON files and blobs."
        ),
    )
    parent = forms.ModelChoiceField(
        label=_("Import under"),
        queryset=Page.objects.filter(depth__gt=1),
        widget=AdminPageChooser(),
        error_messages={"invalid_choice": _("Choose a page of this site.")},
        help_text=_("The page the imported site's top items go under."),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run"),
        required=False,
        help_text=_(
            "Report what would be created, updated and skipped; write nothing."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            parent = default_parent()
            self.fields["parent"].initial = parent.pk if parent else None

    def clean_export(self):
        upload = self.cleaned_data["export"]
        limit = settings.PLONE_IMPORT_MAX_UPLOAD_MB
        if upload.size > limit * MB:
            raise ValidationError(
                _("The file is larger than %(limit)s MB, the largest export taken."),
                params={"limit": limit},
                code="too_large",
            )
        not_zip = ValidationError(
            _("This file is not a ZIP archive: upload the export as a ZIP."),
            code="not_zip",
        )
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, EOFError):
            raise not_zip from None
        if not any(posixpath.basename(name).endswith(".json") for name in names):
            raise ValidationError(
                _("This ZIP holds no JSON file: it is not a Plone export."),
                code="not_export",
            )
        upload.seek(0)
        return upload
