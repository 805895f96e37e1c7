"""A readable diff between two published versions of the notice.

Each version's published HTML is cut into text units (headings, paragraphs,
list items, table rows...). Units are matched with difflib; a changed unit is
compared word by word, so an inserted or removed sentence shows as such.
"""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from html.parser import HTMLParser

BLOCK_TAGS = {
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "li",
    "dt",
    "dd",
    "tr",
    "address",
    "caption",
    "blockquote",
}
CELL_TAGS = {"td", "th"}
# Two units this similar are shown as one changed unit rather than a removal
# and an addition.
PAIRING_RATIO = 0.5


@dataclass
class Unit:
    tag: str
    text: str


@dataclass
class DiffRow:
    tag: str
    status: str  # "equal", "added", "removed" or "changed"
    segments: list = field(default_factory=list)  # (kind, text) pairs

    @property
    def heading(self):
        return self.tag.startswith("h") and self.tag[1:].isdigit()


class _UnitParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.units = []
        self.stack = []
        self.buffer = []

    def flush(self):
        text = re.sub(r"\s+", " ", "".join(self.buffer)).strip()
        if text and self.stack:
            self.units.append(Unit(self.stack[-1], text))
        self.buffer = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self.flush()
            self.stack.append(tag)
        elif tag in CELL_TAGS and self.buffer:
            self.buffer.append(" | ")
        elif tag == "br":
            self.buffer.append(" ")

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS and tag in self.stack:
            self.flush()
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if self.stack:
            self.buffer.append(data)


def text_units(html):
    parser = _UnitParser()
    parser.feed(html)
    parser.close()
    parser.flush()
    return parser.units


def _tokens(text):
    # Each word keeps its following space, so spaces never anchor a match and
    # a rewritten phrase reads as one deletion and one insertion.
    return re.findall(r"\s*\S+\s*", text)


def word_diff(old, new):
    """(kind, text) segments: kind is "equal", "insert" or "delete"."""
    a, b = _tokens(old), _tokens(new)
    segments = []
    # Words are compared without their spaces: "parties." at the end of a
    # paragraph matches "parties. " before an added sentence.
    matcher = SequenceMatcher(
        None, [t.strip() for t in a], [t.strip() for t in b], autojunk=False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(("equal", "".join(b[j1:j2])))
            continue
        if op in ("delete", "replace"):
            segments.append(("delete", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(("insert", "".join(b[j1:j2])))
    return _tidy(segments)


def _tidy(segments):
    """Merge neighbours of the same kind and move edge spaces out of changes."""
    tidy = []
    for kind, text in segments:
        if not text:
            continue
        if kind != "equal":
            stripped = text.strip()
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()) :]
            if not stripped:
                kind = "equal"
            else:
                if lead:
                    tidy.append(("equal", lead))
                tidy.append((kind, stripped))
                if trail:
                    tidy.append(("equal", trail))
                continue
        tidy.append((kind, text))
    spaced = []
    for kind, text in tidy:
        # Keep words apart where a change meets unchanged text without a space.
        if spaced and (kind == "equal") != (spaced[-1][0] == "equal"):
            before, after = spaced[-1][1], text
            if before[-1:].strip() and after[:1].strip():
                spaced.append(("equal", " "))
        spaced.append((kind, text))
    merged = []
    for kind, text in spaced:
        if merged and merged[-1][0] == kind:
            merged[-1] = (kind, merged[-1][1] + text)
        else:
            merged.append((kind, text))
    # A space between two changes of the same kind belongs to them.
    result = []
    for kind, text in merged:
        if (
            len(result) >= 2
            and result[-1][0] == "equal"
            and not result[-1][1].strip()
            and result[-2][0] == kind != "equal"
        ):
            space = result.pop()[1]
            result[-1] = (kind, result[-1][1] + space + text)
        else:
            result.append((kind, text))
    return result


def diff_units(old_units, new_units):
    rows = []
    matcher = SequenceMatcher(
        None, [u.text for u in old_units], [u.text for u in new_units], autojunk=False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            rows.extend(
                DiffRow(u.tag, "equal", [("equal", u.text)]) for u in new_units[j1:j2]
            )
        elif op == "delete":
            rows.extend(_removed(u) for u in old_units[i1:i2])
        elif op == "insert":
            rows.extend(_added(u) for u in new_units[j1:j2])
        else:
            rows.extend(_pair(old_units[i1:i2], new_units[j1:j2]))
    return rows


def _added(unit):
    return DiffRow(unit.tag, "added", [("insert", unit.text)])


def _removed(unit):
    return DiffRow(unit.tag, "removed", [("delete", unit.text)])


def _pair(old, new):
    """Pair similar units of a replaced stretch in order; others are added/removed."""
    rows = []
    j = 0
    for old_unit in old:
        match = None
        for k in range(j, len(new)):
            ratio = SequenceMatcher(
                None, _tokens(old_unit.text), _tokens(new[k].text), autojunk=False
            ).ratio()
            if ratio >= PAIRING_RATIO:
                match = k
                break
        if match is None:
            rows.append(_removed(old_unit))
            continue
        rows.extend(_added(unit) for unit in new[j:match])
        segments = word_diff(old_unit.text, new[match].text)
        rows.append(DiffRow(new[match].tag, "changed", segments))
        j = match + 1
    rows.extend(_added(unit) for unit in new[j:])
    return rows


def diff_versions(old, new):
    return diff_units(text_units(old.html), text_units(new.html))


def summary_counts(rows):
    counts = {"added": 0, "removed": 0, "changed": 0}
    for row in rows:
        if row.status in counts:
            counts[row.status] += 1
    return counts
