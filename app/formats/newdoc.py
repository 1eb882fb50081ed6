"""A new document (a later draft, a precedent instrument) from plain text, Markdown or .docx,
in the drafts/ format: sections from headings, paragraphs numbered as the document numbers them.

Each reader turns its file into blocks (a title, a heading, a paragraph) with the lines of the
source text they come from; one builder makes sections and labels of them. The source text is
what drafts/sources/ keeps (a .txt or .md unchanged; a .docx as its text, one paragraph a line),
so every paragraph cites the lines it was read from, as the corpus requires.

Labels: the number a paragraph prints ("PP.4" -> PP4, "12." -> 12, "(a)" under 12 -> 12(a));
unnumbered paragraphs are P1, P2, ... as the corpus numbers the precedents' paragraphs; a number
used twice (a section restarting at 1) takes its section's numeral (II-1). A paragraph that
holds nothing but gaps ("[...]", or Stemma's own gap as its Word files write it, read back as
"[...]") is recorded as lost ("incomplete"), its gap kept as the record writes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.formats import ooxml
from app.formats.labels import LABEL, TABBED, Numbering, in_context, split_label
from app.formats.ooxml import INSERTED, KEPT
from app.formats.upload import FormatError, Limits, NotADocx, TooLarge, open_docx
from app.text.lost import canonical_gaps, only_gaps

OLD_GAP = "[text lost in the scan]"  # how Stemma's Word files wrote a lost paragraph before the gap style

PLACEHOLDER_DELETED = re.compile(r"^\[\s*paragraph\s+deleted\s*\]$", re.IGNORECASE)
PLACEHOLDER_MERGED = re.compile(r"^\[\s*merged\s+(?:with|into)\s+paragraph\s+(\S+?)\s*\]$", re.IGNORECASE)
ROMAN_HEADING = re.compile(r"^(?P<num>[IVXL]{1,6})\.\s+\S")
HEADING_WORDS = re.compile(r"^(?:annex|chapter|part|section|article|appendix|preamble)\b", re.IGNORECASE)
BULLET = re.compile(r"^\s*(?:[-•*·]|\u2013)\s+")


@dataclass
class Block:
    kind: str  # title | heading | paragraph
    text: str
    first: int  # source lines (1-based, inclusive)
    last: int
    label: str | None = None  # a number Word printed (automatic numbering), already in the text


@dataclass
class NewParagraph:
    label: str
    section: str
    text: str
    first: int
    last: int
    status: str = "present"
    merged_into: str | None = None
    quality: str = "ok"
    curation: list[str] = field(default_factory=list)


@dataclass
class NewDocument:
    title: str | None
    sections: list[tuple[str, str]]  # key, title
    paragraphs: list[NewParagraph]
    source_text: str
    source_suffix: str  # .txt or .md: what drafts/sources/ keeps
    subtitles: list[str] = field(default_factory=list)  # lines styled as a subtitle: kept in the notes


# --- readers: a file into blocks -----------------------------------------------------------------

def _join(lines: list[str]) -> str:
    """Lines of one paragraph into its text, as the curators join them (drafts/README.md): wrapped
    lines with a space, a word hyphenated at a line end rejoined with its hyphen kept (whether it
    was a soft hyphen cannot be told: "non-discriminatory"), bullets on lines of their own."""
    out = ""
    for line in (x.strip() for x in lines):
        if not out:
            out = line
        elif BULLET.match(line):
            out += "\n" + line
        elif out.endswith("-") and not out.endswith(" -"):
            out += line
        else:
            out += " " + line
    return out


def _looks_like_heading(text: str) -> bool:
    if "\n" in text or len(text.split()) > 14 or text.endswith((".", ";", ",", ":")) and not ROMAN_HEADING.match(text):
        return False
    letters = [c for c in text if c.isalpha()]
    return bool(ROMAN_HEADING.match(text) or HEADING_WORDS.match(text) or (letters and all(c.isupper() for c in letters)))


def _starts_paragraph(line: str) -> bool:
    """A numbered line starts a paragraph even without a blank line before it ("12. ...", "(a) ...")."""
    m = LABEL.match(line)
    return bool(m) and bool(line[m.end():].strip())


def text_blocks(text: str) -> list[Block]:
    """Plain text: paragraphs are separated by blank lines or start with a number."""
    blocks: list[Block] = []
    lines = text.splitlines()
    current: list[str] = []
    start = 0

    def close(end: int) -> None:
        if current:
            joined = _join(current)
            kind = "heading" if len(current) == 1 and _looks_like_heading(joined) else "paragraph"
            blocks.append(Block(kind, joined, start, end))
            current.clear()

    for n, line in enumerate(lines, 1):
        if not line.strip():
            close(n - 1)
            continue
        if current and _starts_paragraph(line):
            close(n - 1)
        if not current:
            start = n
        current.append(line)
    close(len(lines))
    return blocks


MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
MD_ITEM = re.compile(r"^\s*(\d{1,3})[.)]\s+")


def _plain_md(text: str) -> str:
    """Markdown's inline marks off: emphasis, code, links (their text stays)."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*])", r"\2", text)
    return re.sub(r"`([^`]*)`", r"\1", text)


def markdown_blocks(text: str) -> list[Block]:
    """Markdown: `#` headings (the first `#` is the title), paragraphs, numbered list items."""
    blocks: list[Block] = []
    current: list[str] = []
    start = 0
    titled = False

    def close(end: int) -> None:
        if current:
            blocks.append(Block("paragraph", _plain_md(_join(current)), start, end))
            current.clear()

    for n, line in enumerate(text.splitlines(), 1):
        heading = MD_HEADING.match(line)
        if heading or not line.strip():
            close(n - 1)
            if heading:
                kind = "title" if len(heading.group(1)) == 1 and not titled and not blocks else "heading"
                titled = titled or kind == "title"
                blocks.append(Block(kind, _plain_md(heading.group(2)), n, n))
            continue
        item = MD_ITEM.match(line)
        if item or (current and _starts_paragraph(line)):
            close(n - 1)
        if item:
            line = f"{item.group(1)}. {line[item.end():]}"
        if not current:
            start = n
        current.append(line)
    close(len(text.splitlines()))
    return blocks


def docx_blocks(data: bytes, limits: Limits = Limits()) -> tuple[list[Block], str]:
    """A .docx (untrusted bytes): its paragraphs as Word shows them with changes accepted, headings
    from their styles, Word's automatic numbers written out; and the text kept as its source."""
    parts = open_docx(data, limits)
    styles = ooxml.read_styles(parts.styles)
    numbering = Numbering(ooxml.read_numbering(parts.numbering))
    blocks, lines = [], []
    for p in ooxml.read_paragraphs(parts.document, styles):
        if p.mark == ooxml.DELETED:
            continue
        text = p.text(KEPT, INSERTED).strip()
        number = numbering.next(*p.numbering) if p.numbering else None
        if not text:
            continue
        if number:
            text = f"{number}\t{text}"
        style = (styles[p.style].name if p.style in styles else p.style or "").casefold()
        kind = ("title" if style == "title" else "subtitle" if style == "subtitle" else
                "heading" if style.startswith("heading") else "paragraph")
        if lines:
            lines.append("")
        first = len(lines) + 1
        lines.extend(text.split("\n"))
        tabbed = TABBED.match(text)  # "PP4<tab>...": the label a Stemma export (or a typist) wrote
        blocks.append(Block(kind, text, first, len(lines), number or (tabbed.group("label") if tabbed else None)))
    return blocks, "\n".join(lines) + "\n"


# --- the builder: blocks into sections and labelled paragraphs -----------------------------------

def _key(title: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40].strip("-") or "section"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def _gap(p: NewParagraph) -> None:
    text = "[...]" if p.text == OLD_GAP else canonical_gaps(p.text)
    if only_gaps(text):
        p.text, p.quality = text, "incomplete"
        p.curation.append("the source marks this paragraph's text as lost")


def _placeholder(p: NewParagraph, labels: set[str]) -> None:
    if PLACEHOLDER_DELETED.match(p.text):
        p.status = "deleted"
    m = PLACEHOLDER_MERGED.match(p.text)
    if m and m.group(1).rstrip(".") in labels:
        p.status, p.merged_into = "merged", m.group(1).rstrip(".")


def build(blocks: list[Block], source_text: str, suffix: str, title: str | None = None) -> NewDocument:
    """Sections and labelled paragraphs from blocks; the first title (or heading before any text,
    when no title is given) is the document's title."""
    sections: list[tuple[str, str]] = []
    keys: set[str] = set()
    paragraphs: list[NewParagraph] = []
    section, numeral, previous, unnumbered = None, None, None, 0
    carried: Block | None = None  # a number standing on its own line: it labels the next paragraph
    subtitles = []
    for b in blocks:
        if b.kind == "subtitle":
            subtitles.append(b.text)
            continue
        if b.kind == "paragraph" and LABEL.match(b.text) and not split_label(b.text)[1]:
            carried = b
            continue
        if carried is not None and b.kind == "paragraph":
            b = Block(b.kind, f"{carried.text.strip()} {b.text}", carried.first, b.last, b.label)
            carried = None
        if b.kind == "title" or (b.kind == "heading" and title is None and not paragraphs and not sections):
            title = title or b.text
            continue
        if b.kind == "heading":
            section = _key(b.text, keys)
            keys.add(section)
            sections.append((section, b.text))
            m = ROMAN_HEADING.match(b.text)
            numeral = m.group("num") if m else str(len(sections))
            continue
        if section is None:
            section = "text"
            keys.add(section)
            sections.append((section, "Text"))
        printed, body = split_label(b.text) if (LABEL.match(b.text) or b.label) else (None, b.text)
        if printed:
            label = in_context(printed, previous)
            previous = label if not printed.startswith("(") else previous
        else:
            unnumbered += 1
            label, body = f"P{unnumbered}", b.text
        taken = {p.label for p in paragraphs}
        if label in taken and numeral:
            label = f"{numeral}-{label}"
        base, n = label, 2
        while label in taken:
            label, n = f"{base}-{n}", n + 1
        paragraphs.append(NewParagraph(label, section, body, b.first, b.last))
    if carried is not None:  # a number with no text after it: kept, as a gap
        paragraphs.append(NewParagraph(split_label(carried.text)[0] or "P0", section or "text", "", carried.first,
                                       carried.last, quality="incomplete",
                                       curation=["the file has this number with no text after it"]))
        if section is None:
            sections.append(("text", "Text"))
    labels = {p.label for p in paragraphs}
    for p in paragraphs:
        _gap(p)
        _placeholder(p, labels)
    return NewDocument(title, sections, paragraphs, source_text, suffix, subtitles)


def read_new_document(name: str, data: bytes, limits: Limits = Limits(), title: str | None = None) -> NewDocument:
    """A file by its name's extension: .txt, .md (or .markdown) or .docx."""
    lower = name.lower()
    if lower.endswith(".docx"):
        blocks, text = docx_blocks(data, limits)
        return build(blocks, text, ".txt", title)
    if len(data) > limits.max_bytes:
        raise TooLarge(f"the file is over the limit of {limits.max_bytes // (1024 * 1024)} MiB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError("the file is not UTF-8 text: save it as UTF-8 (or as .docx)") from exc
    if lower.endswith((".md", ".markdown")):
        return build(markdown_blocks(text), text, ".md", title)
    if lower.endswith(".txt"):
        return build(text_blocks(text), text, ".txt", title)
    raise NotADocx("Stemma reads new documents from .txt, .md and .docx files")
