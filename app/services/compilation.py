"""The facilitators' comment table, laid out as the UN does: each base paragraph, then its inputs."""

from __future__ import annotations

from collections.abc import Mapping

from dataclasses import asdict, dataclass, replace
from urllib.parse import urlencode

from sqlmodel import Session, select

from app.auth.policy import ANONYMOUS, Viewer, may_see_document
from app.corpus.schema import AmendmentKind, Stance
from app.errors import BadInput, NotFound
from app.models import Delegation, Document, Paragraph, Section
from app.services.positions import UPTAKE_CLASSES, InputView, list_inputs

KINDS = tuple(k.value for k in AmendmentKind)
STANCES = tuple(s.value for s in Stance)


def parse_has_text(value: str | None) -> bool | None:
    """The "with / without proposed text" choice: yes, no, or empty for either."""
    if value is None or value == "":
        return None
    v = value.strip().lower()
    if v in ("yes", "true", "1", "on"):
        return True
    if v in ("no", "false", "0", "off"):
        return False
    raise BadInput("has_text must be yes or no")


@dataclass(frozen=True)
class Filters:
    """What a reader asked the table for. `section` and `label` pick paragraphs of the base draft;
    the others pick inputs, and a paragraph none of whose inputs match is left out."""

    section: str | None = None
    label: str | None = None
    delegation: str | None = None
    kind: str | None = None
    stance: str | None = None
    uptake: str | None = None
    has_text: bool | None = None  # only inputs that propose words (True) or only those that do not (False)

    @classmethod
    def from_query(cls, *, section: str | None = None, label: str | None = None, delegation: str | None = None,
                   kind: str | None = None, stance: str | None = None, uptake: str | None = None,
                   has_text: str | None = None) -> Filters:
        """The filters as URL parameters give them, the same for the page, its JSON twin and every download:
        an empty value (a form's "all") is no filter; `has_text` is yes or no."""
        return cls(section or None, label or None, delegation or None, kind or None, stance or None, uptake or None,
                   parse_has_text(has_text)).checked()

    def picks_inputs(self) -> bool:
        return any(v is not None for v in (self.delegation, self.kind, self.stance, self.uptake, self.has_text))

    def params(self, *, only: tuple[str, ...] | None = None) -> dict[str, str]:
        """The filters as URL parameters, in a fixed order (`has_text` as yes/no)."""
        out: dict[str, str] = {}
        for k, v in asdict(self).items():
            if v is None or (only is not None and k not in only):
                continue
            out[k] = ("yes" if v else "no") if isinstance(v, bool) else v
        return out

    def described(self, section_titles: Mapping[str, str], delegation_names: Mapping[str, str]) -> dict[str, str]:
        """Each filter in force as a reader says it ("Paragraph 36", "Outcome: not reflected"), in params' order:
        the page's removable chips and the Word table's subtitle say the same."""
        said = {
            "label": f"Paragraph {self.label}",
            "section": f"Section: {section_titles.get(self.section or '', self.section)}",
            "delegation": f"Delegation: {delegation_names.get(self.delegation or '', self.delegation)}",
            "kind": f"Kind: {self.kind}", "stance": f"Stance: {self.stance}",
            "uptake": f"Outcome: {(self.uptake or '').replace('_', ' ')}",
            "has_text": "With proposed text" if self.has_text else "Without proposed text",
        }
        return {k: said[k] for k in self.params()}

    def public(self) -> dict[str, str | None]:
        return {k: self.params().get(k) for k in asdict(self)}

    def keeps(self, i: InputView) -> bool:
        """The filters the database cannot answer: uptake is judged in Python, stance and text are cheap here."""
        return ((self.stance is None or i.stance == self.stance)
                and (self.uptake is None or i.uptake.klass == self.uptake)
                and (self.has_text is None or bool(i.text.strip()) == self.has_text))

    def checked(self) -> Filters:
        """A value no input can have is a mistake to report (422), not an empty table."""
        for name, value, allowed in (("kind", self.kind, KINDS), ("stance", self.stance, STANCES),
                                     ("uptake", self.uptake, UPTAKE_CLASSES)):
            if value is not None and value not in allowed:
                raise BadInput(f"{name} must be one of {', '.join(allowed)}")
        return self


@dataclass
class Row:
    paragraph: Paragraph
    inputs: list[InputView]  # delegations in alphabetical order


@dataclass
class Compilation:
    document: Document
    base: Document
    sections: list[Section]
    rows: list[Row]
    delegations: list[tuple[str, str]]  # slug, name of every delegation, for the filter form
    filters: Filters
    paragraphs: list[Paragraph]  # every paragraph of the base draft, in order (for the paragraph picker)
    matching: list[InputView]  # every input the input filters keep, in the whole table (for counts per section)

    def query(self) -> str:
        """The filters in force as a query string ("?section=annex-ii&stance=oppose"): the downloads take them all."""
        q = urlencode(self.filters.params())
        return f"?{q}" if q else ""

    def public(self) -> dict[str, object]:
        return {
            "slug": self.document.slug, "title": self.document.title, "date": self.document.date.isoformat(),
            "base": self.base.slug, "filters": self.filters.public(),
            "rows": [{"label": r.paragraph.label, "section": r.paragraph.section, "text": r.paragraph.text,
                      "inputs": [i.public() for i in r.inputs]} for r in self.rows],
        }


def resolve_label(paragraphs: list[Paragraph], label: str, base: str) -> str:
    """A paragraph label as the draft spells it, whatever the case it was typed in (`pp1` is PP1)."""
    for p in paragraphs:
        if p.label == label:
            return label
    for p in paragraphs:
        if p.label.casefold() == label.casefold():
            return p.label
    raise NotFound("paragraph", f"{base}#{label}")


def compilation(*, session: Session, slug: str, filters: Filters = Filters(), viewer: Viewer = ANONYMOUS) -> Compilation:
    """The table as filtered: what the page, its JSON twin and the downloads all show. Every input of the
    compilation is read (640 in 2010, about 20 ms once their texts are judged) so that a page can count
    what each section holds for the same filters."""
    doc = session.exec(select(Document).where(Document.slug == slug, Document.kind == "compilation",
                                              Document.retired_at.is_(None))).first()
    if doc is None or doc.base_id is None or not may_see_document(viewer, doc.state, doc.negotiation_id):
        raise NotFound("compilation", slug)
    base = session.get(Document, doc.base_id)
    assert base is not None
    f = filters.checked()
    sections = list(session.exec(select(Section).where(Section.document_id == base.id).order_by(Section.order)))
    paragraphs = list(session.exec(select(Paragraph).where(Paragraph.document_id == base.id).order_by(Paragraph.order)))
    if f.label:
        f = replace(f, label=resolve_label(paragraphs, f.label, base.slug))
    if f.section and f.section not in {s.key for s in sections}:
        raise NotFound("section", f"{base.slug}#{f.section}")
    inputs = list_inputs(session, compilation=slug, delegation=f.delegation, kind=f.kind, viewer=viewer)
    matching = sorted((i for i in inputs if f.keeps(i)), key=lambda i: (i.delegation_name.casefold(), i.id))
    by_para: dict[str, list[InputView]] = {}
    for i in matching:
        by_para.setdefault(i.label, []).append(i)
    shown = [p for p in paragraphs if (not f.section or p.section == f.section) and (not f.label or p.label == f.label)]
    rows = [Row(p, by_para.get(p.label, [])) for p in shown if not f.picks_inputs() or p.label in by_para]
    delegations = [(d.slug, d.name) for d in session.exec(select(Delegation).order_by(Delegation.name))]
    return Compilation(doc, base, sections, rows, delegations, f, paragraphs, matching)
