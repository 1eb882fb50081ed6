"""Opening a .docx someone uploaded, which may be anything: refused early, with a reason.

A .docx is a zip of XML parts. Before a byte is unpacked: the upload's size is checked, the zip's
directory is read, and the sizes it declares are summed against a limit (a zip bomb declares, or
unpacks to, far more than it weighs); each part is then read through a bounded reader, so a
directory that lies about sizes cannot unpack more than the limit either. XML is parsed with
entities never resolved, no network, no huge trees, and any DOCTYPE is refused outright
(OOXML never has one: a DTD in a part is an attack, external entities or a billion laughs).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from lxml import etree

MiB = 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 .doc, and encrypted .docx files


class FormatError(ValueError):
    """An upload that cannot be read; `reason` names what is wrong in a sentence."""

    kind = "unreadable"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NotADocx(FormatError):
    kind = "not_docx"


class TooLarge(FormatError):
    kind = "too_large"


class UnsafeFile(FormatError):
    kind = "unsafe"


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 10 * MiB  # the upload itself
    max_unpacked: int = 60 * MiB  # all parts together, as the zip declares them and as read
    max_members: int = 5000


@dataclass(frozen=True)
class DocxParts:
    """The parts of a .docx that Stemma reads, parsed."""

    document: etree._Element
    comments: etree._Element | None
    styles: etree._Element | None
    numbering: etree._Element | None


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                           dtd_validation=False, remove_pis=True)


def _declares_dtd(raw: bytes) -> bool:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raw = raw.decode("utf-16", errors="replace").encode("utf-8")
    return b"<!DOCTYPE" in raw or b"<!ENTITY" in raw


def safe_xml(raw: bytes, name: str) -> etree._Element:
    """Parse one XML part, refusing a DTD and anything that is not well-formed XML."""
    if _declares_dtd(raw):
        raise UnsafeFile(f"{name} declares a DTD or entities, which a Word file never does: refused")
    try:
        root = etree.fromstring(raw, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise FormatError(f"{name} is not well-formed XML ({exc.msg})") from exc
    info = root.getroottree().docinfo
    if info.internalDTD is not None or info.externalDTD is not None or info.doctype:
        raise UnsafeFile(f"{name} declares a DTD, which a Word file never does: refused")
    return root


def open_zip(data: bytes, limits: Limits = Limits(), what: str = "a .docx") -> zipfile.ZipFile:
    """The upload as a zip whose declared sizes are within the limits."""
    if len(data) > limits.max_bytes:
        raise TooLarge(f"the file is {len(data) / MiB:.1f} MiB; the limit is {limits.max_bytes / MiB:.0f} MiB")
    if data.startswith(OLE_MAGIC):
        raise NotADocx(f"this is not {what} but an older Word (.doc) or a password-protected file: "
                       "save it as a Word document (.docx) without a password")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise NotADocx(f"this is not {what} (a Word document is a zip archive, and this is not one)") from exc
    if len(infos) > limits.max_members:
        raise UnsafeFile(f"the archive holds {len(infos)} files; a Word document holds a few dozen")
    declared = sum(i.file_size for i in infos)
    if declared > limits.max_unpacked:
        raise TooLarge(f"the archive unpacks to {declared / MiB:.0f} MiB, over the limit of "
                       f"{limits.max_unpacked / MiB:.0f} MiB (a zip bomb?)")
    return zf


def read_member(zf: zipfile.ZipFile, name: str, budget: int) -> bytes:
    """One part, read through a bounded reader: never more than `budget` bytes unpacked."""
    try:
        with zf.open(name) as f:
            raw = f.read(budget + 1)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError) as exc:
        raise FormatError(f"{name} cannot be unpacked ({exc})") from exc
    if len(raw) > budget:
        raise TooLarge(f"{name} unpacks to more than the limit (a zip bomb?)")
    return raw


def open_docx(data: bytes, limits: Limits = Limits()) -> DocxParts:
    """The parsed parts Stemma reads (the main document, comments, styles, numbering)."""
    zf = open_zip(data, limits)
    names = set(zf.namelist())
    if "word/document.xml" not in names:
        raise NotADocx("this zip is not a Word document (it has no word/document.xml)")
    budget = limits.max_unpacked
    parts: dict[str, etree._Element | None] = {}
    for name in ("word/document.xml", "word/comments.xml", "word/styles.xml", "word/numbering.xml"):
        if name not in names:
            parts[name] = None
            continue
        raw = read_member(zf, name, budget)
        budget -= len(raw)
        parts[name] = safe_xml(raw, name)
    document = parts["word/document.xml"]
    assert document is not None
    return DocxParts(document, parts["word/comments.xml"], parts["word/styles.xml"], parts["word/numbering.xml"])
