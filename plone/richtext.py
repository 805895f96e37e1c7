"""Plone body text (classic HTML or Volto blocks) into body blocks.

The result is a list of ``(block type, value)`` for ``home.blocks.BodyBlock``:
headings of the first level become heading blocks, images become image
blocks, everything else paragraphs of Wagtail rich text holding only what
the paragraph's editor offers. Links and images are resolved by the caller
(``resolver``); what cannot be kept is noted (``note``), never silently lost.
"""

import html
import re

from bs4 import BeautifulSoup, NavigableString, Tag
from wagtail.rich_text import RichText

KEPT = {"p", "b", "i", "a", "ul", "ol", "li", "h3", "h4", "br"}
RENAMED = {"strong": "b", "em": "i", "h5": "h4", "h6": "h4"}
HEADINGS = {"h1": "h2", "h2": "h2"}
# Removed with what they hold: nothing of theirs belongs in a page's text.
DROPPED = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "form",
    "input",
    "button",
    "select",
    "textarea",
    "noscript",
}
# Layout wrappers, unwrapped without a note: their text is kept and their
# markup meant nothing to a reader.
WRAPPERS = {"div", "span", "section", "article", "header", "footer", "main", "font"}
INLINE = {"b", "i", "a", "br"}


def _inline(node):
    return isinstance(node, NavigableString) or (
        isinstance(node, Tag) and node.name in INLINE
    )


def html_to_blocks(source, resolver, note):
    """``resolver.link(href)`` gives the attributes of a kept link or None;
    ``resolver.image(src)`` gives a Wagtail image or None."""
    soup = BeautifulSoup(source or "", "html.parser")
    for tag in soup.find_all(DROPPED):
        note(f"<{tag.name}> removed")
        tag.decompose()
    for tag in list(soup.find_all(True)):
        name = RENAMED.get(tag.name, tag.name)
        tag.name = name
        if name == "a":
            attrs = resolver.link(tag.get("href") or "")
            if attrs is None:
                tag.unwrap()
                continue
            tag.attrs = attrs
        elif name == "img":
            tag.attrs = {k: v for k, v in tag.attrs.items() if k in ("src", "alt")}
        elif name in KEPT or name in HEADINGS:
            tag.attrs = {}
        else:
            if name not in WRAPPERS:
                note(f"<{name}> unwrapped")
            tag.unwrap()

    blocks = []
    buffer = []
    inline_run = []

    def flush_inline():
        if inline_run:
            text = "".join(str(node) for node in inline_run)
            if text.strip():
                buffer.append(f"<p>{text.strip()}</p>")
            inline_run.clear()

    def flush():
        flush_inline()
        if buffer:
            blocks.append(("paragraph", RichText("".join(buffer))))
            buffer.clear()

    for node in list(soup.children):
        if _inline(node) and not (isinstance(node, Tag) and node.find("img")):
            inline_run.append(node)
            continue
        flush_inline()
        if not isinstance(node, Tag):
            continue
        if node.name in HEADINGS:
            flush()
            text = node.get_text(" ", strip=True)
            if text:
                blocks.append(("heading", {"text": text[:200], "level": "h2"}))
            continue
        images = [node] if node.name == "img" else node.find_all("img")
        if images:
            flush()
            for img in images:
                image = resolver.image(img.get("src") or "")
                if image is None:
                    note(f"image {img.get('src', '')!r} not found in the export")
                else:
                    alt = (img.get("alt") or image.title or "").strip()[:250]
                    blocks.append(
                        ("image", {"image": image, "alt_text": alt, "caption": ""})
                    )
                img.decompose()
            if node.name != "img" and node.get_text(strip=True):
                buffer.append(
                    str(node) if node.name in KEPT - INLINE else f"<p>{node}</p>"
                )
            continue
        if node.get_text(strip=True):
            buffer.append(str(node))
    flush()
    return blocks


# Volto ------------------------------------------------------------------

SLATE_TAGS = {
    "p": "p",
    "h1": "h2",
    "h2": "h2",
    "h3": "h3",
    "h4": "h4",
    "strong": "b",
    "b": "b",
    "em": "i",
    "i": "i",
    "ul": "ul",
    "ol": "ol",
    "li": "li",
    "blockquote": "p",
}


def slate_to_html(nodes):
    out = []
    for node in nodes if isinstance(nodes, list) else []:
        if not isinstance(node, dict):
            continue
        if "text" in node and "type" not in node:
            text = html.escape(str(node.get("text") or ""))
            if node.get("bold"):
                text = f"<b>{text}</b>"
            if node.get("italic"):
                text = f"<i>{text}</i>"
            out.append(text)
            continue
        inner = slate_to_html(node.get("children") or [])
        kind = node.get("type")
        if kind == "link":
            url = ((node.get("data") or {}).get("url")) or ""
            out.append(f'<a href="{html.escape(url)}">{inner}</a>')
        elif kind in SLATE_TAGS:
            tag = SLATE_TAGS[kind]
            out.append(f"<{tag}>{inner}</{tag}>")
        else:
            out.append(inner)
    return "".join(out)


def _href(value):
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        return value.get("@id") or ""
    return value if isinstance(value, str) else ""


def volto_to_html(blocks, layout, note):
    """The blocks in ``blocks_layout`` order, as HTML for ``html_to_blocks``."""
    parts = []
    for block_id in layout:
        block = blocks.get(block_id) if isinstance(blocks, dict) else None
        if not isinstance(block, dict):
            note(f"block {block_id} missing")
            continue
        kind = block.get("@type")
        if kind in ("title", "description"):
            continue  # the page's title and introduction
        if kind == "slate":
            parts.append(slate_to_html(block.get("value") or []))
        elif kind == "text":  # draft.js, older Volto
            for line in (block.get("text") or {}).get("blocks") or []:
                parts.append(f"<p>{html.escape(line.get('text') or '')}</p>")
        elif kind == "image":
            src = _href(block.get("url"))
            alt = html.escape(block.get("alt") or "")
            parts.append(f'<img src="{html.escape(src)}" alt="{alt}">')
        elif kind == "teaser":
            href = html.escape(_href(block.get("href")))
            title = html.escape(block.get("title") or "")
            description = html.escape(block.get("description") or "")
            parts.append(f'<p><a href="{href}">{title}</a> {description}</p>')
        elif kind in ("__grid", "gridBlock", "accordion") or "blocks" in block:
            inner_layout = (block.get("blocks_layout") or {}).get("items") or []
            parts.append(volto_to_html(block.get("blocks") or {}, inner_layout, note))
        else:
            note(f"Volto block {kind!r} not imported")
    return "".join(parts)


def plain(text):
    return re.sub(r"\s+", " ", text or "").strip()
