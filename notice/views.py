"""The public archive of notice versions (routes of ``PrivacyNoticePage``).

The page model calls these views with itself; they reach its versions
through ``page.versions`` and never import the models module.
"""

from django import forms
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _

from .diff import diff_versions, summary_counts
from .export import download_name, version_html, version_markdown

# Diffs and downloads of immutable versions: kept a day in the shared cache.
DERIVED_SECONDS = 24 * 3600
DOWNLOAD_FORMATS = {
    "html": ("html", "text/html; charset=utf-8"),
    "markdown": ("md", "text/markdown; charset=utf-8"),
}


def _versions(page):
    return page.versions.order_by("-number")


def _get_version(page, number):
    version = page.versions.filter(number=number).first()
    if version is None:
        message = _("This notice has no version %(number)s.") % {"number": number}
        raise Http404(message)
    return version


class CompareForm(forms.Form):
    """Which two versions to compare; both must exist and differ."""

    old = forms.TypedChoiceField(label=_("From version"), coerce=int)
    new = forms.TypedChoiceField(label=_("To version"), coerce=int)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(v.number, str(v)) for v in versions]
        for name in ("old", "new"):
            self.fields[name].choices = choices
            self.fields[name].error_messages["invalid_choice"] = _(
                "Choose one of the published versions."
            )
        if len(choices) >= 2:
            self.fields["old"].initial = choices[1][0]
            self.fields["new"].initial = choices[0][0]

    def clean(self):
        cleaned_data = super().clean()
        old, new = cleaned_data.get("old"), cleaned_data.get("new")
        if old is not None and old == new:
            raise forms.ValidationError(_("Choose two different versions to compare."))
        if old is not None and new is not None and old > new:
            cleaned_data["old"], cleaned_data["new"] = new, old
        return cleaned_data


def version_list(page, request):
    versions = list(_versions(page))
    return page.render(
        request,
        template="notice/version_list.html",
        context_overrides={
            "versions": versions,
            "compare_form": CompareForm(versions=versions),
            "compare_url": page.url + page.reverse_subpage("compare"),
        },
    )


def version_detail(page, request, number):
    version = _get_version(page, number)
    return page.render(
        request,
        template="notice/version_detail.html",
        context_overrides={
            "version": version,
            "next_version": version.get_next(),
            "previous_version": version.get_previous(),
        },
    )


def cached_diff(old, new):
    """The rows of a diff, computed once per pair of texts: versions never change,
    and a diff of two long versions takes seconds."""
    key = f"notice:diff:{old.sha256}:{new.sha256}"
    rows = cache.get(key)
    if rows is None:
        rows = diff_versions(old, new)
        cache.set(key, rows, DERIVED_SECONDS)
    return rows


def _render_diff(page, request, old, new, form=None, status=200):
    rows = cached_diff(old, new) if old and new else []
    response = page.render(
        request,
        template="notice/diff.html",
        context_overrides={
            "old": old,
            "new": new,
            "rows": rows,
            "counts": summary_counts(rows),
            "compare_form": form,
            "compare_url": page.url + page.reverse_subpage("compare"),
        },
    )
    response.status_code = status
    return response


def version_changes(page, request, number):
    new = _get_version(page, number)
    old = new.get_previous()
    return _render_diff(page, request, old, new)


def compare(page, request):
    versions = list(_versions(page))
    form = CompareForm(request.GET or None, versions=versions)
    if not form.is_bound:
        if len(versions) < 2:
            return _render_diff(page, request, None, versions[0] if versions else None)
        form = CompareForm(
            {"old": versions[1].number, "new": versions[0].number}, versions=versions
        )
    if not form.is_valid():
        return _render_diff(page, request, None, None, form=form, status=400)
    old = _get_version(page, form.cleaned_data["old"])
    new = _get_version(page, form.cleaned_data["new"])
    return _render_diff(page, request, old, new, form=form)


def version_download(page, request, number, fmt):
    if fmt not in DOWNLOAD_FORMATS:
        raise Http404(_("Versions can be downloaded as HTML or Markdown."))
    version = _get_version(page, number)
    extension, content_type = DOWNLOAD_FORMATS[fmt]
    key = f"notice:download:{fmt}:{version.sha256}:{request.get_host()}"
    content = cache.get(key)
    if content is None:
        if fmt == "html":
            content = version_html(version, request=request)
        else:
            content = version_markdown(version)
        cache.set(key, content, DERIVED_SECONDS)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{download_name(version, extension)}"'
    )
    # The page cache keeps bodies, not this header: the file is cached above.
    patch_cache_control(response, private=True)
    return response
