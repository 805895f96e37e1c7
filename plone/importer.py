"""Import a read Plone export (``plone.reader.Export``) into the site.

One database transaction per run: a failure, or ``dry_run``, leaves the
database as it was, and files written to storage on the way are removed.
Each imported object keeps its Plone UID (``PloneObject``): an item not
modified since the last run is left alone, a modified one is updated.
"""

import datetime
import io
import logging
import posixpath
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.images import get_image_dimensions
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site

from events.models import EventIndexPage, EventPage
from home.models import StandardPage
from news.models import NewsIndexPage, NewsPage

from .indexing import DeferredIndexing
from .members import import_members
from .models import FolderPage, PloneObject
from .reader import DEFAULT_LANGUAGE, ExportError
from .richtext import html_to_blocks, plain, volto_to_html

logger = logging.getLogger(__name__)

LIVE_STATES = {"published", "visible", "internally_published"}
PAGE_TYPES = {"Document", "Folder", "Collection", "LIF", "News Item", "Event"}
ASSET_TYPES = {"Image", "File"}
# The last segments of an address that show an item rather than name it:
# views, downloads, image scales (Plone 4 "image_preview", Plone 5+ "@@images").
VIEW_SUFFIXES = ("view", "@@", "++", "at_download", "image_", "download")
SCALES = {"image", "file", "large", "preview", "mini", "thumb", "tile", "icon"}


@dataclass
class Report:
    dry_run: bool = False
    counts: Counter = field(default_factory=Counter)  # (action, type, language)
    skipped: list = field(default_factory=list)  # (item, reason)
    notes: list = field(default_factory=list)  # (item, what)
    redirects: Counter = field(default_factory=Counter)

    def count(self, action, portal_type, language=""):
        self.counts[(action, portal_type, language)] += 1

    def skip(self, label, reason):
        self.skipped.append((label, str(reason)))

    def note(self, label, what):
        self.notes.append((label, str(what)))

    def total(self, action):
        return sum(n for (a, _t, _l), n in self.counts.items() if a == action)

    def lines(self):
        head = (
            _("Plone import, dry run: nothing was written.")
            if self.dry_run
            else _("Plone import")
        )
        lines = [head]
        for action in ("created", "updated", "unchanged", "linked"):
            lines.append(f"{action}: {self.total(action)}")
            for (a, kind, language), n in sorted(self.counts.items()):
                if a == action:
                    lines.append(f"  {kind} [{language or '-'}]: {n}")
        lines.append(
            _("redirects: %(created)s created, %(kept)s already there")
            % {"created": self.redirects["created"], "kept": self.redirects["kept"]}
        )
        lines.append(_("skipped: %(count)s") % {"count": len(self.skipped)})
        lines.extend(f"  {label}: {reason}" for label, reason in self.skipped)
        lines.append(_("notes: %(count)s") % {"count": len(self.notes)})
        lines.extend(f"  {label}: {what}" for label, what in self.notes)
        return lines

    def as_dict(self):
        return {
            "dry_run": self.dry_run,
            "counts": [[*key, n] for key, n in sorted(self.counts.items())],
            "skipped": [list(entry) for entry in self.skipped],
            "notes": [list(entry) for entry in self.notes],
            "redirects": dict(self.redirects),
        }


def parse_date(value):
    if not value or not isinstance(value, str) or value == "None":
        return None
    moment = parse_datetime(value.replace(" ", "T", 1))
    if moment is None:
        try:
            day = datetime.date.fromisoformat(value[:10])
        except ValueError:
            return None
        moment = datetime.datetime.combine(day, datetime.time())
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def plain_slug(wanted):
    """A Plone id as a Wagtail slug: no file extension, slugified."""
    base = slugify(wanted.rsplit(".", 1)[0] if "." in wanted else wanted)
    return base[:240] or "page"


def readable_image(data):
    width, _height = get_image_dimensions(io.BytesIO(data))
    return bool(width)


class Resolver:
    """Links and images of one item's text, to what the import made of them."""

    def __init__(self, importer, item, note):
        self.importer = importer
        self.item = item
        self.note = note

    def link(self, href):
        href = (href or "").strip()
        if not href or href.startswith("#"):
            return {"href": href} if href else None
        scheme = urlparse(href).scheme
        if scheme in ("mailto", "tel"):
            return {"href": href}
        target = self.importer.target_of_href(href, self.item)
        if target is not None:
            if isinstance(target, Page):
                return {"linktype": "page", "id": str(target.pk)}
            if isinstance(target, get_document_model()):
                return {"linktype": "document", "id": str(target.pk)}
            if isinstance(target, get_image_model()):
                return {"href": target.file.url}
            if isinstance(target, Redirect) and target.redirect_link:
                return {"href": target.redirect_link}
        if scheme in ("http", "https") and not self.importer.is_old_site(href):
            return {"href": href}
        self.note(f"link {href!r} leads to nothing imported")
        return None

    def image(self, src):
        target = self.importer.target_of_href(src, self.item)
        return target if isinstance(target, get_image_model()) else None


class Importer:
    def __init__(self, export, *, parent=None, dry_run=False, progress=None):
        self.export = export
        self.dry_run = dry_run
        self.progress = progress or (lambda: None)
        self.report = Report(dry_run=dry_run)
        self.parent = parent
        self.by_uid = {item.uid: item for item in export.items}
        self.by_path = {}
        for item in export.items:
            self.by_path[item.path.rstrip("/")] = item.uid
            if item.old_url_path:
                self.by_path[item.old_url_path.rstrip("/")] = item.uid
        self.targets = {}  # uid -> page, image, document or redirect
        self.languages = {}  # uid -> language code
        self.changed = set()  # uids created or updated in this run
        self.written_files = []

    # The run ------------------------------------------------------------

    def run(self):
        committed = False
        indexing = DeferredIndexing()
        try:
            with indexing.deferred(), transaction.atomic():
                self._run()
                if self.dry_run:
                    transaction.set_rollback(True)
                else:
                    committed = True
        finally:
            if not committed:
                self._remove_written_files()
        if committed:
            indexing.apply()
        logger.info(
            "Plone import %s: %s created, %s updated, %s skipped",
            "dry run" if self.dry_run else "run",
            self.report.total("created"),
            self.report.total("updated"),
            len(self.report.skipped),
        )
        return self.report

    def _remove_written_files(self):
        for storage, name in self.written_files:
            try:
                storage.delete(name)
            except OSError:
                logger.warning("A file written by a rolled-back import remains.")

    def _run(self):
        self._set_up_roots()
        self._decide_languages()
        items = self.export.items
        for item in items:
            if item.portal_type in ASSET_TYPES and item.uid in self.languages:
                self._import_asset(item)
                self.progress()
        for item in items:
            if item.uid not in self.languages or item.portal_type in ASSET_TYPES:
                continue
            if item.portal_type == "Link":
                continue
            self._import_page(item)
            self.progress()
        for item in items:
            if item.uid in self.changed and isinstance(
                self.targets.get(item.uid), Page
            ):
                self._fill_page(item)
        for item in items:
            if item.portal_type == "Link" and item.uid in self.languages:
                self._import_link(item)
                self.progress()
        self._redirects()
        self._translations()
        import_members(self.export.members, self.report)

    def _set_up_roots(self):
        site = Site.objects.get(is_default_site=True)
        parent = self.parent or site.root_page
        self.parent = parent.specific
        self.site = self.parent.get_site() or site
        self.roots = {}
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
            locale = Locale.objects.filter(language_code=code).first()
            if locale is None:
                continue
            if self.parent.locale_id == locale.pk:
                self.roots[code] = self.parent
            else:
                translation = self.parent.get_translation_or_none(locale)
                if translation is not None:
                    self.roots[code] = translation.specific
        root = Collection.get_first_root_node()
        name = f"Plone import: {self.export.name}"[:255]
        self.collection = root.get_children().filter(name=name).first()
        if self.collection is None:
            self.collection = root.add_child(name=name)

    def _decide_languages(self):
        """Each item's language (inherited when unset); items in a language
        the site has no root for are left out, with what they hold."""
        default = self.export.site_language
        for item in self.export.items:
            parent_language = self.languages.get(item.parent_uid)
            language = item.language
            if language and language != DEFAULT_LANGUAGE:
                language = language.split("-")[0].lower()
                if language not in self.roots:
                    self.report.skip(
                        item.label,
                        _("its language %(language)s is not one of the site's")
                        % {"language": language},
                    )
                    self.progress()
                    continue
            if item.parent_uid is not None and parent_language is None:
                self.report.skip(item.label, _("its parent was left out"))
                self.progress()
                continue
            if not language or language == DEFAULT_LANGUAGE:
                language = parent_language or default
            if language not in self.roots:
                self.report.skip(
                    item.label,
                    _("its language %(language)s is not one of the site's")
                    % {"language": language},
                )
                self.progress()
                continue
            self.languages[item.uid] = language

    # Mapping ------------------------------------------------------------

    def known(self, item):
        """The object a previous run made of this item, and whether the
        item changed since."""
        mapping = PloneObject.objects.filter(uid=item.uid).first()
        if mapping is None:
            return None, True
        language = self.languages.get(item.uid, "")
        if mapping.language != language:
            # Rows from before the language was kept get it on the next run.
            PloneObject.objects.filter(pk=mapping.pk).update(language=language)
        target = mapping.target
        if target is None:
            return None, True
        if isinstance(target, Page):
            target = target.specific
        return target, (mapping.modified or "") != (item.modified or "")

    def remember(self, item, target):
        PloneObject.objects.update_or_create(
            uid=item.uid,
            defaults={
                "content_type": ContentType.objects.get_for_model(target),
                "object_id": target.pk,
                "portal_type": item.portal_type,
                "path": item.path[:1000],
                "language": self.languages.get(item.uid, ""),
                "modified": item.modified or "",
            },
        )
        self.targets[item.uid] = target

    # Assets -------------------------------------------------------------

    def _import_asset(self, item):
        language = self.languages[item.uid]
        existing, changed = self.known(item)
        if existing is not None and not changed:
            self.targets[item.uid] = existing
            self.report.count("unchanged", item.portal_type, language)
            return
        data = self.export.read_blob(item, item.blob)
        if item.portal_type == "Image":
            if not readable_image(data):
                self.report.skip(item.label, _("its file is not a readable image"))
                return
            model = get_image_model()
        else:
            model = get_document_model()
        target = existing or model(collection=self.collection)
        target.title = (item.title or item.blob.filename)[:255]
        target.file = ContentFile(data, name=posixpath.basename(item.blob.filename))
        target.save()
        self.written_files.append((target.file.storage, target.file.name))
        target.tags.set(item.subjects)
        self.remember(item, target)
        self.changed.add(item.uid)
        self.report.count(
            "updated" if existing else "created", item.portal_type, language
        )

    # Pages --------------------------------------------------------------

    def page_model(self, item):
        if item.portal_type == "Document":
            return StandardPage
        if item.portal_type == "News Item":
            return NewsPage
        if item.portal_type == "Event":
            return EventPage
        if item.portal_type == "Folder":
            children = [
                child.portal_type
                for child in self.export.items
                if child.parent_uid == item.uid
                and child.uid != item.default_page
                and child.portal_type not in ASSET_TYPES
            ]
            if children and set(children) == {"News Item"}:
                return NewsIndexPage
            if children and set(children) == {"Event"}:
                return EventIndexPage
        return FolderPage

    def parent_page(self, item):
        if item.parent_uid is None:
            return self.roots[self.languages[item.uid]]
        return self.targets.get(item.parent_uid)

    def _import_page(self, item):
        language = self.languages[item.uid]
        if item.portal_type == "LRF":
            # A language root folder is the site's home page in that language.
            root = self.roots[language]
            self.targets[item.uid] = root
            self.remember(item, root)
            return
        if item.portal_type not in PAGE_TYPES:
            self.report.skip(
                item.label,
                _("%(type)s is not a type the import knows")
                % {"type": item.portal_type},
            )
            self.languages.pop(item.uid, None)
            return
        parent = self.parent_page(item)
        if not isinstance(parent, Page):
            self.report.skip(item.label, _("its parent is not a page here"))
            self.languages.pop(item.uid, None)
            return
        root = self.roots[language]
        if parent.locale_id != root.locale_id:
            # A page in another language than its folder (LinguaPlone kept
            # them side by side): under the folder's translation, or else at
            # the top of its language's tree.
            translation = parent.get_translation_or_none(root.locale)
            parent = translation.specific if translation is not None else root
            self.report.note(
                item.label,
                _("placed under the %(language)s tree") % {"language": language},
            )
        existing, changed = self.known(item)
        if existing is not None:
            self.targets[item.uid] = existing
            if changed:
                self.changed.add(item.uid)
                self.report.count("updated", item.portal_type, language)
            else:
                self.report.count("unchanged", item.portal_type, language)
            return
        model = self.page_model(item)
        wanted = plain_slug(item.slug)
        slug = self.free_slug(parent, wanted)
        if slug != wanted:
            # A sibling has the address already (the demo's news, an editor's
            # page): Wagtail refuses two, so this one takes a numbered slug.
            self.report.note(
                item.label,
                _("imported as %(slug)s, another page here having its address")
                % {"slug": slug},
            )
        page = model(
            title=(item.title or item.slug)[:255],
            slug=slug,
            live=False,
            show_in_menus=not item.exclude_from_nav,
            search_description=item.description[:1000] if model is FolderPage else "",
        )
        self.set_required_fields(page, item)
        parent.add_child(instance=page)
        self.remember(item, page)
        self.changed.add(item.uid)
        self.report.count("created", item.portal_type, language)
        if item.portal_type == "Collection":
            self.report.note(
                item.label, _("its query is not imported: it lists its children")
            )

    def free_slug(self, parent, base):
        taken = set(parent.get_children().values_list("slug", flat=True))
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        return slug

    def set_required_fields(self, page, item):
        if isinstance(page, NewsPage):
            moment = (
                parse_date(item.effective) or parse_date(item.created) or timezone.now()
            )
            page.date = timezone.localtime(moment).date()
        elif isinstance(page, EventPage):
            raw = item.raw
            page.start = (
                parse_date(raw.get("start"))
                or parse_date(item.effective)
                or timezone.now()
            )
            page.end = parse_date(raw.get("end"))
            if raw.get("open_end"):
                page.end = None
            if page.end and page.end < page.start:
                self.report.note(item.label, _("its end was before its start: dropped"))
                page.end = None

    def _fill_page(self, item):
        page = self.targets[item.uid]
        notes = []

        def note(what):
            notes.append(what)

        resolver = Resolver(self, item, note)
        if item.blocks_layout:
            source = volto_to_html(item.blocks, item.blocks_layout, note)
        else:
            source = item.text or ""
        body = html_to_blocks(source, resolver, note)
        for what in sorted(set(notes)):
            self.report.note(item.label, what)
        page.title = (item.title or item.slug)[:255]
        page.show_in_menus = not item.exclude_from_nav
        self.set_required_fields(page, item)
        if isinstance(page, (StandardPage, NewsPage, EventPage)):
            page.intro = plain(item.description)[:500]
            page.body = body
        elif isinstance(page, (FolderPage, NewsIndexPage, EventIndexPage)):
            text = "".join(
                str(value.source if hasattr(value, "source") else "")
                for kind, value in body
                if kind == "paragraph"
            )
            page.intro = text
            page.search_description = plain(item.description)[:1000]
        if isinstance(page, (NewsPage, EventPage)):
            page.tags.set(item.subjects)
        elif item.subjects:
            self.report.note(
                item.label, _("its tags are not kept: this page type has none")
            )
        if isinstance(page, NewsPage):
            page.image_caption = (item.raw.get("image_caption") or "")[:250]
            if item.image is not None:
                page.image = self._lead_image(item, page)
        if isinstance(page, EventPage):
            raw = item.raw
            page.whole_day = bool(raw.get("whole_day"))
            page.location = (raw.get("location") or "")[:255]
            page.contact_name = (raw.get("contact_name") or "")[:255]
            page.contact_email = (raw.get("contact_email") or "")[:254]
            page.event_url = (raw.get("event_url") or "")[:500]
        if isinstance(page, FolderPage):
            shown = self.targets.get(item.default_page)
            page.default_page = shown if isinstance(shown, Page) else None
        self._publish(page, item)

    def _lead_image(self, item, page):
        data = self.export.read_blob(item, item.image)
        image = page.image or get_image_model()(collection=self.collection)
        if not readable_image(data):
            self.report.note(item.label, _("its image is not readable"))
            return page.image
        image.title = page.title
        image.file = ContentFile(data, name=posixpath.basename(item.image.filename))
        image.save()
        self.written_files.append((image.file.storage, image.file.name))
        return image

    def _publish(self, page, item):
        live = item.review_state in LIVE_STATES
        effective = parse_date(item.effective)
        expires = parse_date(item.expires)
        now = timezone.now()
        page.expire_at = expires
        if live and expires and expires <= now:
            live = False
            page.expired = True
        if live:
            page.first_published_at = (
                page.first_published_at or effective or parse_date(item.created)
            )
            page.go_live_at = effective if effective and effective > now else None
        if not live and page.live_revision_id is None:
            # Never published: the page itself holds the draft, as the
            # editor's "Save draft" would.
            page.save(clean=False)
        revision = page.save_revision(clean=False)
        if live:
            revision.publish()
        elif page.live:
            page.unpublish()

    # Links, redirects, translations -------------------------------------

    def is_old_site(self, href):
        site_url = self.export.site_url
        return "resolveuid" in href or bool(site_url and href.startswith(site_url))

    def uid_of_href(self, href, item=None):
        parsed = urlparse(href)
        if parsed.scheme and not self.is_old_site(href):
            return None
        parts = [p for p in parsed.path.split("/") if p]
        if "resolveuid" in parts:
            index = parts.index("resolveuid")
            if index + 1 < len(parts):
                return parts[index + 1]
            return None
        path = parsed.path
        if not parsed.scheme and not path.startswith("/") and item is not None:
            path = posixpath.join(posixpath.dirname(item.path), path)
        path = posixpath.normpath(path) if path else ""
        segments = [p for p in path.split("/") if p]
        while segments:
            uid = self.by_path.get("/" + "/".join(segments))
            if uid:
                return uid
            if segments[-1].startswith(VIEW_SUFFIXES) or segments[-1] in SCALES:
                segments.pop()
                continue
            break
        return None

    def target_of_href(self, href, item=None):
        uid = self.uid_of_href(href, item)
        return self.targets.get(uid) if uid else None

    def _import_link(self, item):
        language = self.languages[item.uid]
        remote = (item.raw.get("remoteUrl") or "").replace("${portal_url}", "")
        target = self.target_of_href(remote, item) if remote else None
        existing, changed = self.known(item)
        redirect = existing if isinstance(existing, Redirect) else None
        old_path = Redirect.normalise_path(item.path)
        redirect = redirect or Redirect(old_path=old_path, site=self.site)
        redirect.old_path = old_path
        redirect.site = self.site
        if isinstance(target, Page):
            redirect.redirect_page, redirect.redirect_link = target, ""
        elif target is not None and hasattr(target, "url"):
            redirect.redirect_page, redirect.redirect_link = None, target.url
        elif urlparse(remote).scheme in ("http", "https"):
            redirect.redirect_page, redirect.redirect_link = None, remote[:255]
        else:
            self.report.skip(item.label, _("its address leads to nothing imported"))
            return
        if existing is not None and not changed:
            self.targets[item.uid] = existing
            self.report.count("unchanged", item.portal_type, language)
            return
        Redirect.objects.filter(old_path=old_path, site=self.site).exclude(
            pk=redirect.pk
        ).delete()
        redirect.save()
        self.remember(item, redirect)
        self.report.count(
            "updated" if existing else "created", item.portal_type, language
        )

    def url_of(self, target):
        if isinstance(target, Page):
            return target.get_url(request=None) or ""
        if isinstance(target, get_image_model()):
            return target.file.url
        if hasattr(target, "url"):
            return target.url
        return ""

    def add_redirect(self, old_path, target):
        if not old_path or isinstance(target, Redirect):
            return
        old = Redirect.normalise_path(old_path)
        new_url = self.url_of(target)
        if not new_url or Redirect.normalise_path(new_url) == old:
            return
        values = (
            {"redirect_page": target, "redirect_link": ""}
            if isinstance(target, Page)
            else {"redirect_page": None, "redirect_link": new_url}
        )
        existing = Redirect.objects.filter(old_path=old, site=self.site).first()
        if existing is not None:
            if (existing.redirect_page_id, existing.redirect_link) == (
                values["redirect_page"].pk if values["redirect_page"] else None,
                values["redirect_link"],
            ):
                self.report.redirects["kept"] += 1
                return
            for key, value in values.items():
                setattr(existing, key, value)
            existing.save()
            self.report.redirects["updated"] += 1
            return
        Redirect.objects.create(
            old_path=old, site=self.site, is_permanent=True, **values
        )
        self.report.redirects["created"] += 1

    def _redirects(self):
        for item in self.export.items:
            target = self.targets.get(item.uid)
            if target is None or item.portal_type == "LRF":
                continue
            self.add_redirect(item.path, target)
            if item.old_url_path:
                self.add_redirect(item.old_url_path, target)
        for old, new in sorted(self.export.redirects.items()):
            if not isinstance(old, str) or not isinstance(new, str):
                continue
            uid = self.by_path.get(new.rstrip("/")) or self.uid_of_href(new)
            target = self.targets.get(uid) if uid else None
            if target is None:
                self.report.note(
                    old, _("redirect to %(new)s: nothing imported there") % {"new": new}
                )
                continue
            self.add_redirect(old, target)

    def _translations(self):
        for group in self.export.translations:
            pages = {}
            for _language, uid in sorted(group.items()):
                target = self.targets.get(uid)
                if isinstance(target, Page) and uid in self.languages:
                    pages[self.languages[uid]] = target
                elif uid in self.by_uid and uid not in self.languages:
                    continue  # left out, and already reported
            if len(pages) < 2:
                continue
            reference = pages.get(self.export.site_language) or pages[sorted(pages)[0]]
            for page in pages.values():
                if (
                    page.pk != reference.pk
                    and page.translation_key != reference.translation_key
                ):
                    if page.locale_id == reference.locale_id:
                        continue
                    Page.objects.filter(pk=page.pk).update(
                        translation_key=reference.translation_key
                    )
                    page.translation_key = reference.translation_key
                    self.report.count(
                        "linked", "translation", page.locale.language_code
                    )


def check_blobs(export):
    """Every file the export names is in it: refused before anything is
    written otherwise."""
    for item in export.items:
        for blob in (item.blob, item.image):
            if (
                blob is not None
                and blob.data is None
                and not export.files.exists(blob.path)
            ):
                raise ExportError(
                    _("%(item)s: its file %(path)s is missing from the export.")
                    % {"item": item.label, "path": blob.path}
                )
