"""The WordprocessingML that python-docx has no API for, written and read in this one module.

Writing: tracked changes (`w:ins` / `w:del` around runs, with `w:delText` for deleted text, and
a tracked paragraph mark in `w:pPr/w:rPr` for a whole paragraph inserted or deleted), comments
anchored on a whole paragraph, and a table header row repeated on every page (`w:tblHeader`).
Word's Accept and Reject work on these because they are the elements Word itself writes. A passage
the scan lost ("[...]" in the record) is a run of its own in the "Stemma gap" character style,
reading "[… lost in the scan …]", outside any change (`text_runs`).

Reading: each paragraph of a delegation's file as pieces of text with their state (kept,
inserted, deleted), its paragraph mark's state, and the comments anchored in it. Word splits
runs wherever it likes (mid-word, at a spell-check mark), so text is read piece by piece and
only joined afterwards; a gap, as Stemma writes it or as a delegation types it ("[…]"), reads as "[...]".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from itertools import count
from typing import Iterator

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import _Row
from docx.text.paragraph import Paragraph
from lxml import etree

from app.text.lost import GAP, GAP_LABEL, canonical_gaps

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
STEMMA = "Stemma"  # the author of the notes Stemma adds to a file; never read back as a rationale


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


# --- writing ---------------------------------------------------------------------------------

@dataclass
class Revisions:
    """Who made the changes of a file and when; hands out the `w:id`s Word requires to be unique."""

    author: str
    date: dt.date | dt.datetime
    _ids: Iterator[int] = field(default_factory=lambda: count(1), repr=False)

    def attrs(self, author: str | None = None) -> dict[str, str]:
        when = self.date if isinstance(self.date, dt.datetime) else dt.datetime.combine(self.date, dt.time())
        return {qn("w:id"): str(next(self._ids)), qn("w:author"): author or self.author,
                qn("w:date"): when.strftime("%Y-%m-%dT%H:%M:%SZ")}


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0
_BREAKS = re.compile(r"(\t|\r\n|\n|\r)")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@dataclass(frozen=True)
class Look:
    """How a run looks (the few properties Stemma's files use)."""

    bold: bool = False
    italic: bool = False
    strike: bool = False
    underline: bool = False
    color: str | None = None  # "A00000"
    size: float | None = None  # points
    fill: str | None = None  # background shade, "D9D9D9"
    style: str | None = None  # a character style's id ("StemmaGap")


PLAIN = Look()
GAP_STYLE, GAP_STYLE_NAME = "StemmaGap", "Stemma gap"  # the character style of a gap (a style a reader can find)
GAP_LOOK = Look(italic=True, fill="D9D9D9", style=GAP_STYLE)
"""How a passage the scan lost is written: its label ("[… lost in the scan …]") in the StemmaGap style,
shaded, never the earlier words and never a change, so Accept and Reject leave it where it is."""


def run(parent: etree._Element, text: str, look: Look = PLAIN, deleted: bool = False) -> etree._Element:
    """A `w:r` appended to `parent`, written directly: python-docx builds a run character by character
    and a 640-input comment table spent seconds there. Tabs and line breaks become `w:tab`/`w:br`;
    characters XML cannot hold (a control character pasted into a proposal) are dropped."""
    r = etree.SubElement(parent, _w("r"))
    props = [("b", look.bold), ("i", look.italic), ("strike", look.strike)]
    if any(v for _, v in props) or look.color or look.size or look.underline or look.fill or look.style:
        rpr = etree.SubElement(r, _w("rPr"))
        if look.style:
            etree.SubElement(rpr, _w("rStyle")).set(_w("val"), look.style)
        for tag, on in props:  # CT_RPr's order: rStyle, b, i, strike, color, sz, u, shd
            if on:
                etree.SubElement(rpr, _w(tag))
        if look.color:
            etree.SubElement(rpr, _w("color")).set(_w("val"), look.color)
        if look.size:
            etree.SubElement(rpr, _w("sz")).set(_w("val"), str(round(look.size * 2)))
        if look.underline:
            etree.SubElement(rpr, _w("u")).set(_w("val"), "single")
        if look.fill:
            shd = etree.SubElement(rpr, _w("shd"))
            shd.set(_w("val"), "clear"), shd.set(_w("color"), "auto"), shd.set(_w("fill"), look.fill)
    for part in _BREAKS.split(_XML_INVALID.sub("", text)):
        if part == "\t":
            etree.SubElement(r, _w("tab"))
        elif part in ("\n", "\r\n", "\r"):
            etree.SubElement(r, _w("br"))
        elif part:
            t = etree.SubElement(r, _w("delText" if deleted else "t"))
            t.text = part
            t.set(_XML_SPACE, "preserve")
    return r


def text_runs(parent: etree._Element, text: str, look: Look = PLAIN, deleted: bool = False) -> None:
    """Runs for `text` with each of the curators' "[...]" gaps written as a gap (GAP_LOOK, its label),
    so a file never shows a hole in the record as words, and the importer reads it back as "[...]"."""
    pos = 0
    for m in GAP.finditer(text):
        if m.start() > pos:
            run(parent, text[pos:m.start()], look, deleted)
        run(parent, GAP_LABEL, GAP_LOOK, deleted)
        pos = m.end()
    if pos < len(text):
        run(parent, text[pos:], look, deleted)


def gap_run(paragraph: Paragraph) -> etree._Element:
    """A gap at the end of `paragraph`, outside any tracked change: the loss is not a change."""
    return run(paragraph._p, GAP_LABEL, GAP_LOOK)


def tracked_run(paragraph: Paragraph, text: str, change: str | None, revisions: Revisions | None = None,
                author: str | None = None, look: Look = PLAIN) -> None:
    """Runs of `text` at the end of `paragraph`; with `change` "ins" or "del", wrapped as Word's
    tracked insertion or deletion (deleted text in `w:delText`, as Word writes it). A gap in the text
    (a paragraph inserted or deleted whole that holds one) goes with it: were it left out of the
    change, Word would move it into the next paragraph when the paragraph mark goes."""
    if change is None:
        text_runs(paragraph._p, text, look)
        return
    if change not in ("ins", "del") or revisions is None:
        raise ValueError(f"a tracked run is 'ins' or 'del' with its revisions, not {change!r}")
    wrapper = OxmlElement(f"w:{change}", attrs=revisions.attrs(author))
    paragraph._p.append(wrapper)
    text_runs(wrapper, text, look, deleted=change == "del")


def track_paragraph_mark(paragraph: Paragraph, change: str, revisions: Revisions, author: str | None = None) -> None:
    """Mark the paragraph mark itself inserted or deleted: with its runs tracked too, Word treats
    the whole paragraph as added (Reject removes it) or removed (Accept joins nothing left over)."""
    pPr = paragraph._p.get_or_add_pPr()
    rPr = pPr.find(qn("w:rPr"))
    if rPr is None:
        rPr = OxmlElement("w:rPr")
        after = [pPr.find(qn(t)) for t in ("w:sectPr", "w:pPrChange")]
        anchor = next((a for a in after if a is not None), None)
        if anchor is not None:
            anchor.addprevious(rPr)
        else:
            pPr.append(rPr)
    rPr.append(OxmlElement(f"w:{change}", attrs=revisions.attrs(author)))


def comment_on_paragraph(document: DocxDocument, paragraph: Paragraph, text: str, *, author: str = STEMMA,
                         initials: str = "S", date: dt.date | None = None) -> int:
    """A Word comment spanning the whole paragraph (python-docx anchors only on untracked runs, and
    a tracked paragraph may have none). Returns the comment's id."""
    comment = document.comments.add_comment(text=text, author=author, initials=initials)
    if date is not None:
        comment._comment_elm.date = dt.datetime.combine(date, dt.time(), tzinfo=dt.timezone.utc)
    cid = str(comment.comment_id)
    p = paragraph._p
    start = OxmlElement("w:commentRangeStart", attrs={qn("w:id"): cid})
    skip = (qn("w:pPr"), qn("w:commentRangeStart"))  # after the paragraph's properties and earlier comments
    at = next((i for i, child in enumerate(p) if child.tag not in skip), len(p))
    p.insert(at, start)
    p.append(OxmlElement("w:commentRangeEnd", attrs={qn("w:id"): cid}))
    ref = OxmlElement("w:r")
    ref.append(OxmlElement("w:commentReference", attrs={qn("w:id"): cid}))
    p.append(ref)
    return comment.comment_id


def repeat_as_header(row: _Row) -> None:
    """Repeat this table row at the top of every page the table runs onto."""
    trPr = row._tr.get_or_add_trPr()
    trPr.append(OxmlElement("w:tblHeader"))


# --- reading ---------------------------------------------------------------------------------

KEPT, INSERTED, DELETED, NEITHER = "kept", "inserted", "deleted", "neither"  # NEITHER: inserted, then deleted


@dataclass
class Piece:
    text: str
    state: str  # kept | inserted | deleted | neither


@dataclass
class XmlParagraph:
    """One `w:p` of a file as written, before its changes are accepted or rejected."""

    pieces: list[Piece]
    mark: str  # the paragraph mark: kept | inserted | deleted | neither
    comments: list[str]  # ids of the comments that start (or are referenced) here
    style: str | None  # the paragraph style's id
    numbering: tuple[str, int] | None  # (numId, level) when Word numbers it automatically

    def text(self, *states: str) -> str:
        return "".join(p.text for p in self.pieces if p.state in states)


@dataclass(frozen=True)
class Comment:
    id: str
    author: str
    text: str


_CHANGE_TAGS = {_w("ins"): INSERTED, _w("moveTo"): INSERTED, _w("del"): DELETED, _w("moveFrom"): DELETED}
_TEXT_TAGS = {_w("t"), _w("delText")}
_CHAR_TAGS = {_w("tab"): "\t", _w("br"): "\n", _w("cr"): "\n", _w("noBreakHyphen"): "-", _w("softHyphen"): ""}
# Subtrees whose text is not the paragraph's: its properties, field codes, text boxes drawn in it
# (their paragraphs are read on their own) and the fallback copy of markup-compatibility content.
_SKIP = {_w("pPr"), _w("rPr"), _w("instrText"), _w("delInstrText"), _w("txbxContent"), _w("footnoteReference"),
         _w("endnoteReference"), f"{{{MC_NS}}}Fallback"}


def _state(flags: set[str]) -> str:
    if INSERTED in flags and DELETED in flags:
        return NEITHER
    if INSERTED in flags:
        return INSERTED
    return DELETED if DELETED in flags else KEPT


def _walk(node: etree._Element, flags: frozenset[str], out: list[Piece], comments: list[str]) -> None:
    for child in node:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag in (_w("commentRangeStart"), _w("commentReference")):
            cid = child.get(_w("id"))
            if cid is not None and cid not in comments:
                comments.append(cid)
            continue
        if tag in _TEXT_TAGS:
            text = child.text or ""
        elif tag in _CHAR_TAGS:
            text = _CHAR_TAGS[tag]
        else:
            change = _CHANGE_TAGS.get(tag)
            _walk(child, flags | {change} if change else flags, out, comments)
            continue
        state = _state(set(flags))
        if out and out[-1].state == state:
            out[-1].text += text
        else:
            out.append(Piece(text, state))


def _mark(p: etree._Element) -> str:
    rPr = p.find(f"{_w('pPr')}/{_w('rPr')}")
    if rPr is None:
        return KEPT
    return _state({_CHANGE_TAGS[c.tag] for c in rPr if c.tag in _CHANGE_TAGS})


def _inside_skipped(p: etree._Element, root: etree._Element) -> bool:
    node = p.getparent()
    while node is not None and node is not root:
        if node.tag in (_w("txbxContent"), f"{{{MC_NS}}}Fallback"):
            return True
        node = node.getparent()
    return False


def read_paragraphs(document: etree._Element, styles: dict[str, StyleDef] | None = None) -> list[XmlParagraph]:
    """Every paragraph of the body in reading order (table cells included), as pieces, with the
    automatic numbering it has (its own, or its style's)."""
    body = document.find(_w("body"))
    if body is None:
        return []
    out = []
    for p in body.iter(_w("p")):
        if _inside_skipped(p, body):
            continue
        pieces: list[Piece] = []
        comments: list[str] = []
        _walk(p, frozenset(), pieces, comments)
        for piece in pieces:  # a gap as Stemma writes it (its label), or as a delegation types it
            piece.text = canonical_gaps(piece.text)
        style_el = p.find(f"{_w('pPr')}/{_w('pStyle')}")
        style = style_el.get(_w("val")) if style_el is not None else None
        own = _numpr(p.find(_w("pPr")))
        numbering = own if own is not False else style_numbering(styles or {}, style)
        out.append(XmlParagraph(pieces, _mark(p), comments, style, numbering))
    return out


def read_comments(comments: etree._Element | None) -> dict[str, Comment]:
    """comments.xml: each comment's author and its text (paragraphs joined by a line break)."""
    if comments is None:
        return {}
    out = {}
    for c in comments.iter(_w("comment")):
        paras = []
        for p in c.iter(_w("p")):
            pieces: list[Piece] = []
            _walk(p, frozenset(), pieces, [])
            paras.append("".join(x.text for x in pieces if x.state in (KEPT, INSERTED)).strip())
        cid = c.get(_w("id"))
        if cid is not None:
            out[cid] = Comment(cid, c.get(_w("author")) or "", "\n".join(paras).strip())
    return out


@dataclass(frozen=True)
class StyleDef:
    name: str  # "heading 1" (Word and LibreOffice name the ids differently: Heading1, Heading 1 ...)
    numbering: tuple[str, int] | None  # a list style numbers its paragraphs itself ("List Number")
    based_on: str | None


def _numpr(ppr: etree._Element | None) -> tuple[str, int] | None | bool:
    """(numId, level) of a w:numPr; None when it switches numbering off (numId 0); False if absent."""
    num = ppr.find(_w("numPr")) if ppr is not None else None
    if num is None:
        return False
    num_id, level = num.find(_w("numId")), num.find(_w("ilvl"))
    if num_id is None or num_id.get(_w("val")) in (None, "0"):
        return None
    return num_id.get(_w("val")) or "", int(level.get(_w("val")) or 0) if level is not None else 0


def read_styles(styles: etree._Element | None) -> dict[str, StyleDef]:
    """Paragraph styles by id: their names, the numbering they apply, what they are based on."""
    if styles is None:
        return {}
    out = {}
    for s in styles.iter(_w("style")):
        sid, name, based = s.get(_w("styleId")), s.find(_w("name")), s.find(_w("basedOn"))
        if not sid:
            continue
        num = _numpr(s.find(_w("pPr")))
        out[sid] = StyleDef((name.get(_w("val")) if name is not None else None) or sid,
                            num if num is not False else None, based.get(_w("val")) if based is not None else None)
    return out


def style_numbering(styles: dict[str, StyleDef], style: str | None) -> tuple[str, int] | None:
    seen: set[str] = set()
    while style and style in styles and style not in seen:
        seen.add(style)
        if styles[style].numbering is not None:
            return styles[style].numbering
        style = styles[style].based_on
    return None


@dataclass(frozen=True)
class Level:
    fmt: str  # decimal | lowerLetter | upperLetter | lowerRoman | upperRoman | bullet | ...
    text: str  # "%1." or "(%2)"
    start: int


@dataclass(frozen=True)
class ListDef:
    """A `w:num`: the abstract list it counts in (lists sharing one continue each other's numbers),
    its levels' formats, and the levels it restarts (`w:startOverride`, how "start at 34" is written)."""

    abstract: str
    levels: dict[int, Level]
    restarts: dict[int, int]


def read_numbering(numbering: etree._Element | None) -> dict[str, ListDef]:
    """numbering.xml: for each numId, what Word prints before the text at each level."""
    if numbering is None:
        return {}
    abstract: dict[str, dict[int, Level]] = {}
    for a in numbering.iter(_w("abstractNum")):
        levels = {}
        for lvl in a.iter(_w("lvl")):
            fmt, text, start = lvl.find(_w("numFmt")), lvl.find(_w("lvlText")), lvl.find(_w("start"))
            levels[int(lvl.get(_w("ilvl")) or 0)] = Level(
                (fmt.get(_w("val")) or "decimal") if fmt is not None else "decimal",
                (text.get(_w("val")) or "") if text is not None else "",
                int(start.get(_w("val")) or 1) if start is not None else 1)
        abstract[a.get(_w("abstractNumId")) or ""] = levels
    out = {}
    for n in numbering.iter(_w("num")):
        ref = n.find(_w("abstractNumId"))
        if ref is None:
            continue
        aid = ref.get(_w("val")) or ""
        restarts = {}
        for o in n.iter(_w("lvlOverride")):
            start = o.find(_w("startOverride"))
            if start is not None:
                restarts[int(o.get(_w("ilvl")) or 0)] = int(start.get(_w("val")) or 1)
        out[n.get(_w("numId")) or ""] = ListDef(aid, abstract.get(aid, {}), restarts)
    return out
