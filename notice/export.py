"""A published version as a standalone file: HTML or Markdown."""

import re
from html.parser import HTMLParser
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import translation

HEADINGS = {f"h{level}": "#" * level for level in range(1, 7)}
# Text from the notice is text, never Markdown or HTML: every character that
# Markdown (or the HTML it allows) gives a meaning gets a backslash.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|&!~])")
LINK_SAFE = ":/?#@!$&'*+,;=%~-._"
INLINE_MARKS = {"strong": "**", "b": "**", "em": "*", "i": "*"}


class _Markdown(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self.line = []
        self.prefix = ""
        self.links = []
        self.row = None
        self.table = None

    def flush(self):
        text = re.sub(r"[ \t]+", " ", "".join(self.line)).strip()
        text = re.sub(r" *\n *", "  \n", text)
        if text:
            self.blocks.append(self.prefix + text)
        self.line = []
        self.prefix = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in HEADINGS:
            self.flush()
            self.prefix = HEADINGS[tag] + " "
        elif tag in ("p", "address", "div", "section", "article"):
            self.flush()
        elif tag == "li":
            self.flush()
            self.prefix = "- "
        elif tag == "br":
            self.line.append("\n")
        elif tag in INLINE_MARKS:
            self.line.append(INLINE_MARKS[tag])
        elif tag == "a":
            self.links.append(attrs.get("href") or "")
            self.line.append("[")
        elif tag == "table":
            self.flush()
            self.table = []
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.line = []

    def handle_endtag(self, tag):
        if tag in HEADINGS or tag in ("p", "li", "address", "div"):
            self.flush()
        elif tag in INLINE_MARKS:
            self.line.append(INLINE_MARKS[tag])
        elif tag == "a":
            href = safe_href(self.links.pop() if self.links else "")
            self.line.append(f"]({href})" if href else "]")
        elif tag in ("td", "th") and self.row is not None:
            cell = re.sub(r"\s+", " ", "".join(self.line)).strip()
            self.row.append(cell.replace("|", "\\|"))
            self.line = []
        elif tag == "tr" and self.table is not None and self.row is not None:
            self.table.append(self.row)
            self.row = None
        elif tag == "table" and self.table is not None:
            self.blocks.append(_markdown_table(self.table))
            self.table = None

    def handle_data(self, data):
        self.line.append(escape_markdown(data))


def escape_markdown(text):
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def safe_href(href):
    """A link target kept only when it is this site's, http(s) or mailto:."""
    from home.validators import validate_link_address

    href = href.strip()
    try:
        validate_link_address(href)
    except ValidationError:
        return ""
    return quote(href, safe=LINK_SAFE).replace("(", "%28").replace(")", "%29")


def _markdown_table(rows):
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines)


def html_to_markdown(html):
    parser = _Markdown()
    parser.feed(html)
    parser.close()
    parser.flush()
    return "\n\n".join(block for block in parser.blocks if block) + "\n"


def version_markdown(version):
    from django.utils.translation import gettext as _

    with translation.override(version.page.locale.language_code):
        header = _(
            "Version %(number)s, in force from %(date)s. SHA-256 of the published "
            "HTML: %(sha)s"
        ) % {
            "number": version.number,
            "date": version.effective_date.isoformat(),
            "sha": version.sha256,
        }
        summary = version.change_summary
    lines = [f"<!-- {header} -->", ""]
    body = html_to_markdown(version.html)
    if summary:
        lines += [
            f"> {escape_markdown(line)}" if line.strip() else ">"
            for line in summary.strip().splitlines()
        ]
        lines.append("")
    return "\n".join(lines) + body


def version_html(version, request=None):
    # Links in the text are relative to the site: the file carries its base URL.
    base_url = (
        request.build_absolute_uri("/")
        if request
        else settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/"
    )
    with translation.override(version.page.locale.language_code):
        return render_to_string(
            "notice/standalone.html",
            {"version": version, "base_url": base_url},
            request=request,
        )


def download_name(version, extension):
    language = version.page.locale.language_code
    date = version.effective_date.isoformat()
    return f"privacy-notice-{language}-v{version.number}-{date}.{extension}"
