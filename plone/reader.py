"""Read a Plone export into one stream of normalised items.

Two formats (see the README, "Moving from Plone"): plone.exportimport (a
folder or a ZIP holding ``content/__metadata__.json`` and one ``data.json``
per item) and collective.exportimport (JSON files: a list of items, and
``members.json``, ``redirects.json``... beside it), in a folder, a ZIP or a
single JSON file. Whatever the format, the importer sees ``Export``: items
parents first, members, redirects, translation groups.

Anything wrong with the export raises ``ExportError`` with a message that
names the file or item, before anything is written.
"""

import base64
import binascii
import json
import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from django.utils.translation import gettext as _

DEFAULT_LANGUAGE = "##DEFAULT##"
SITE_ROOT_TYPE = "Plone Site"


class ExportError(Exception):
    """The export cannot be imported; the message says where and why."""


@dataclass
class Blob:
    filename: str
    content_type: str
    path: str | None = None  # inside the export, already checked
    data: bytes | None = None


@dataclass
class Item:
    uid: str
    portal_type: str
    path: str  # from the site root: /folder/page
    parent_uid: str | None  # None: at the top of the site
    slug: str
    title: str
    description: str = ""
    language: str = ""
    text: str | None = None  # classic HTML
    blocks: dict = field(default_factory=dict)
    blocks_layout: list = field(default_factory=list)
    review_state: str | None = None
    effective: str | None = None
    expires: str | None = None
    modified: str | None = None
    created: str | None = None
    subjects: list = field(default_factory=list)
    exclude_from_nav: bool = False
    default_page: str | None = None  # UID of the child shown at this folder
    position: int = 0
    blob: Blob | None = None
    image: Blob | None = None  # a news item's lead image
    old_url_path: str | None = None  # the absolute URL's path, if it differs
    raw: dict = field(default_factory=dict)

    @property
    def label(self):
        return f"{self.portal_type} {self.path} ({self.uid})"


@dataclass
class Export:
    name: str
    items: list
    members: list
    redirects: dict
    translations: list  # [{language: uid}]
    files: "Files"
    site_language: str = "en"
    site_url: str = ""  # collective.exportimport: the old site's address

    def read_blob(self, item, blob):
        if blob.data is not None:
            return blob.data
        try:
            return self.files.read(blob.path)
        except ExportError:
            raise ExportError(
                _("%(item)s: its file %(path)s is missing from the export.")
                % {"item": item.label, "path": blob.path}
            ) from None


class Files:
    """The export's files, in a folder or a ZIP, by relative POSIX path."""

    def __init__(self, path):
        self.path = Path(path)
        self.zip = None
        self.prefix = ""
        if self.path.is_file() and self.path.suffix.lower() == ".zip":
            try:
                self.zip = zipfile.ZipFile(self.path)
                names = self.zip.namelist()
            except (zipfile.BadZipFile, OSError, EOFError) as error:
                raise ExportError(
                    _("%(file)s is not a readable ZIP file (%(error)s).")
                    % {"file": self.path.name, "error": error}
                ) from None
            self.names = {name for name in names if not name.endswith("/")}
            self.prefix = self._common_prefix()
        elif self.path.is_dir():
            self.names = {
                p.relative_to(self.path).as_posix()
                for p in self.path.rglob("*")
                if p.is_file()
            }
        elif self.path.is_file():
            self.names = {self.path.name}
            self.path = self.path.parent
        else:
            raise ExportError(_("%(path)s does not exist.") % {"path": path})

    def _common_prefix(self):
        """A ZIP of the export folder holds it under one top folder."""
        for marker in ("content/__metadata__.json",):
            for name in self.names:
                if name.endswith(marker):
                    return name[: -len(marker)]
        tops = {name.split("/", 1)[0] for name in self.names}
        if len(tops) == 1 and all("/" in name for name in self.names):
            return tops.pop() + "/"
        return ""

    def list(self):
        return sorted(
            name[len(self.prefix) :]
            for name in self.names
            if name.startswith(self.prefix)
        )

    def exists(self, name):
        return self.prefix + name in self.names

    def read(self, name):
        full = self.prefix + name
        if full not in self.names:
            raise ExportError(_("%(name)s is missing.") % {"name": name})
        if self.zip is not None:
            try:
                return self.zip.read(full)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
                raise ExportError(
                    _("%(name)s cannot be read from the ZIP file (%(error)s).")
                    % {"name": name, "error": error}
                ) from None
        return (self.path / full).read_bytes()

    def json(self, name, *, what=None):
        try:
            return json.loads(self.read(name))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ExportError(
                _("%(what)s is not valid JSON (%(error)s).")
                % {"what": what or name, "error": error}
            ) from None


def safe_blob_path(item_label, blob_path, base=""):
    """``blob_path`` inside the export, or ``ExportError`` (no way out of it)."""
    if not isinstance(blob_path, str) or not blob_path:
        raise ExportError(_("%(item)s: its file has no path.") % {"item": item_label})
    if "\\" in blob_path or blob_path.startswith("/") or ":" in blob_path:
        raise ExportError(
            _("%(item)s: its file path %(path)s leaves the export.")
            % {"item": item_label, "path": blob_path}
        )
    joined = posixpath.normpath(posixpath.join(base, blob_path))
    if joined == ".." or joined.startswith("../") or joined.startswith("/"):
        raise ExportError(
            _("%(item)s: its file path %(path)s leaves the export.")
            % {"item": item_label, "path": blob_path}
        )
    return joined


def _blob(label, value, base):
    if not isinstance(value, dict):
        return None
    filename = value.get("filename") or "file"
    content_type = value.get("content-type") or "application/octet-stream"
    if value.get("data") is not None and value.get("encoding") == "base64":
        try:
            data = base64.b64decode(value["data"], validate=True)
        except (binascii.Error, ValueError, TypeError):
            raise ExportError(
                _("%(item)s: its inline file is not valid base64.") % {"item": label}
            ) from None
        return Blob(filename, content_type, data=data)
    return Blob(
        filename, content_type, path=safe_blob_path(label, value.get("blob_path"), base)
    )


def _text(data):
    text = data.get("text")
    if isinstance(text, dict):
        return text.get("data") or ""
    if isinstance(text, str):
        return text
    return None


def _item(data, *, path, parent_uid, base, label_source):
    if not isinstance(data, dict) or not data.get("UID") or not data.get("@type"):
        raise ExportError(
            _("%(source)s is not a Plone content item (no UID or @type).")
            % {"source": label_source}
        )
    layout = data.get("blocks_layout") or {}
    item = Item(
        uid=data["UID"],
        portal_type=data["@type"],
        path=path,
        parent_uid=parent_uid,
        slug=data.get("id") or posixpath.basename(path),
        title=(data.get("title") or data.get("id") or "").strip(),
        description=(data.get("description") or "").strip(),
        language=data.get("language") or "",
        text=_text(data),
        blocks=data.get("blocks") or {},
        blocks_layout=list(layout.get("items") or [])
        if isinstance(layout, dict)
        else [],
        review_state=data.get("review_state"),
        effective=data.get("effective"),
        expires=data.get("expires"),
        modified=data.get("modified"),
        created=data.get("created"),
        subjects=[s for s in data.get("subjects") or [] if isinstance(s, str)],
        exclude_from_nav=bool(data.get("exclude_from_nav")),
        raw=data,
    )
    if isinstance(item.language, dict):  # plone.restapi gives {"token": "en"}
        item.language = item.language.get("token") or ""
    label = item.label
    if item.portal_type == "Image":
        item.blob = _blob(label, data.get("image"), base)
    elif item.portal_type == "File":
        item.blob = _blob(label, data.get("file"), base)
    elif item.portal_type == "News Item":
        item.image = _blob(label, data.get("image"), base)
    if item.portal_type in ("Image", "File") and item.blob is None:
        raise ExportError(_("%(item)s: it has no file.") % {"item": label})
    return item


def _check_tree(items):
    """Parents before children, and every parent in the export."""
    known = set()
    for item in items:
        if item.parent_uid is not None and item.parent_uid not in known:
            raise ExportError(
                _("%(item)s: its parent %(parent)s is not in the export.")
                % {"item": item.label, "parent": item.parent_uid}
            )
        known.add(item.uid)


def _ordered(items):
    """Parents first, and siblings in their folder's order."""
    by_parent = {}
    for item in items:
        by_parent.setdefault(item.parent_uid, []).append(item)
    uids = {item.uid for item in items}
    ordered = []
    queue = [None] + sorted(
        {i.parent_uid for i in items if i.parent_uid and i.parent_uid not in uids}
    )
    while queue:
        parent = queue.pop(0)
        children = sorted(by_parent.pop(parent, []), key=lambda i: i.position)
        ordered.extend(children)
        queue.extend(child.uid for child in children)
    for rest in by_parent.values():  # parents missing: _check_tree says which
        ordered.extend(rest)
    return ordered


def _members_from_principals(data):
    members = []
    for entry in data.get("members") or []:
        if isinstance(entry, dict):
            members.append({k: v for k, v in entry.items() if k != "password"})
    return members


def _members_from_collective(data):
    members = []
    for entry in data if isinstance(data, list) else []:
        if not isinstance(entry, dict):
            continue
        member = dict(entry.get("properties") or {})
        member["username"] = entry.get("username") or ""
        member["roles"] = entry.get("roles") or []
        members.append(member)
    return members


def read_export(path):
    files = Files(path)
    if files.exists("content/__metadata__.json"):
        return _read_exportimport(files, Path(path).stem)
    return _read_collective(files, Path(path).stem)


def _read_exportimport(files, name):
    metadata = files.json("content/__metadata__.json")
    if not isinstance(metadata, dict):
        raise ExportError(_("content/__metadata__.json is not a JSON object."))
    ordering = metadata.get("ordering") or {}
    default_pages = metadata.get("default_page") or {}
    data_files = metadata.get("_data_files_") or [
        n[len("content/") :] for n in files.list() if n.endswith("/data.json")
    ]
    site_uid = None
    site_language = "en"
    items = []
    for data_file in data_files:
        relative = (
            data_file if data_file.startswith("content/") else f"content/{data_file}"
        )
        data = files.json(relative, what=relative)
        if isinstance(data, dict) and data.get("@type") == SITE_ROOT_TYPE:
            site_uid = data.get("UID")
            language = data.get("language")
            if isinstance(language, dict):
                language = language.get("token")
            site_language = language or site_language
            continue
        parent = (data.get("parent") or {}) if isinstance(data, dict) else {}
        parent_uid = parent.get("UID")
        if (
            not parent_uid
            or parent_uid == site_uid
            or parent.get("@type") == SITE_ROOT_TYPE
        ):
            parent_uid = None
        path = (data.get("@id") or "") if isinstance(data, dict) else ""
        item = _item(
            data,
            path="/" + path.strip("/"),
            parent_uid=parent_uid,
            base="content",
            label_source=relative,
        )
        position = ordering.get(item.uid)
        item.position = position if isinstance(position, int) else 0
        default = default_pages.get(item.uid)
        if isinstance(default, dict):
            item.default_page = default.get("default_page_uuid")
        items.append(item)
    items = _ordered(items)
    _check_tree(items)
    _resolve_default_pages(items)
    redirects = files.json("redirects.json") if files.exists("redirects.json") else {}
    translations = []
    if files.exists("translations.json"):
        for group in files.json("translations.json") or []:
            if isinstance(group, dict) and isinstance(group.get("translations"), dict):
                translations.append(dict(group["translations"]))
    members = []
    if files.exists("principals.json"):
        principals = files.json("principals.json")
        if isinstance(principals, dict):
            members = _members_from_principals(principals)
    return Export(
        name=name,
        items=items,
        members=members,
        redirects=redirects if isinstance(redirects, dict) else {},
        translations=translations,
        files=files,
        site_language=_language(site_language),
    )


def _resolve_default_pages(items):
    """A default page given by id becomes the UID of that child."""
    by_uid = {item.uid: item for item in items}
    for item in items:
        if item.default_page and item.default_page not in by_uid:
            for child in items:
                if child.parent_uid == item.uid and child.slug == item.default_page:
                    item.default_page = child.uid
                    break
            else:
                item.default_page = None


SIDE_FILES = {
    "members.json",
    "redirects.json",
    "translations.json",
    "defaultpages.json",
    "ordering.json",
    "localroles.json",
    "relations.json",
    "discussions.json",
    "portlets.json",
    "principals.json",
}


def _read_collective(files, name):
    json_files = [n for n in files.list() if n.lower().endswith(".json")]
    content_files = [n for n in json_files if posixpath.basename(n) not in SIDE_FILES]
    if not content_files:
        raise ExportError(_("The export holds no content: no JSON list of items."))
    raw = []
    for content_file in content_files:
        data = files.json(content_file)
        if not isinstance(data, list):
            raise ExportError(
                _("%(file)s is not a list of Plone content items.")
                % {"file": content_file}
            )
        base = posixpath.dirname(content_file)
        raw.extend(
            (content_file, index, entry, base) for index, entry in enumerate(data)
        )

    def side(file_name):
        for candidate in json_files:
            if posixpath.basename(candidate) == file_name:
                return files.json(candidate)
        return None

    site_language = "en"
    urls = {}
    for _source, _index, entry, _base in raw:
        if isinstance(entry, dict) and entry.get("@id"):
            urls[entry["@id"].rstrip("/")] = entry.get("UID")
    site_url = None
    for _source, _index, entry, _base in raw:
        if isinstance(entry, dict) and entry.get("@type") == SITE_ROOT_TYPE:
            site_url = entry["@id"].rstrip("/")
            site_language = entry.get("language") or site_language
    if site_url is None:
        parents = sorted(
            {
                (e.get("parent") or {}).get("@id", "").rstrip("/")
                for _s, _i, e, _b in raw
                if isinstance(e, dict)
            }
            - set(urls),
            key=len,
        )
        site_url = parents[0] if parents else ""
    ordering = {}
    for entry in side("ordering.json") or []:
        if isinstance(entry, dict) and isinstance(entry.get("order"), int):
            ordering[entry.get("uuid")] = entry["order"]
    default_pages = {}
    for entry in side("defaultpages.json") or []:
        if isinstance(entry, dict):
            default_pages[entry.get("uuid")] = entry.get("default_page")
    items = []
    for source, index, entry, base in raw:
        where = f"{source} [{index}]"
        if not isinstance(entry, dict):
            raise ExportError(
                _("%(source)s is not a Plone content item.") % {"source": where}
            )
        if entry.get("@type") == SITE_ROOT_TYPE:
            continue
        url = (entry.get("@id") or "").rstrip("/")
        if not url.startswith(site_url):
            raise ExportError(
                _("%(source)s: its address %(url)s is outside the site %(site)s.")
                % {"source": where, "url": url, "site": site_url}
            )
        parent_url = ((entry.get("parent") or {}).get("@id") or "").rstrip("/")
        parent_uid = (
            None if parent_url == site_url else urls.get(parent_url, parent_url)
        )
        item = _item(
            entry,
            path="/" + url[len(site_url) :].strip("/"),
            parent_uid=parent_uid,
            base=base,
            label_source=where,
        )
        old_path = urlparse(url).path or "/"
        if old_path != item.path:
            item.old_url_path = old_path
        item.position = ordering.get(item.uid, entry.get("getObjPositionInParent") or 0)
        item.default_page = default_pages.get(item.uid)
        items.append(item)
    items = _ordered(items)
    _check_tree(items)
    _resolve_default_pages(items)
    translations = []
    for group in side("translations.json") or []:
        if isinstance(group, dict):
            translations.append({k: v for k, v in group.items() if isinstance(v, str)})
    redirects = side("redirects.json") or {}
    return Export(
        name=name,
        items=items,
        members=_members_from_collective(side("members.json") or []),
        redirects=redirects if isinstance(redirects, dict) else {},
        translations=translations,
        files=files,
        site_language=_language(site_language),
        site_url=site_url,
    )


def _language(code):
    return (code or "en").split("-")[0].lower()
