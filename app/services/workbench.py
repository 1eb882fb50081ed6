"""The facilitators' workbench: the next draft, one paragraph at a time, with every input beside it.

The draft being composed is an unpublished document (see `drafting`); the workbench reads it as
a plan (a list of paragraph specs), applies one action of the facilitator to that plan (save a
text, renumber, merge with the next, split, delete, insert, move) and writes it back whole, so
every step is one audited transaction and the lineage is always what the plan says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlmodel import Session, select

from app.auth.policy import Viewer, require_facilitator
from app.errors import BadInput, Conflict, NotFound
from app.models import Document, Paragraph
from app.services import drafting
from app.services.drafting import ParagraphSpec
from app.services.positions import InputView, list_inputs
from app.text.redline import Edit, diff_words

ACTIONS = ("save", "merge_next", "split", "delete", "insert_after", "move_up", "move_down")


@dataclass
class InputGroup:
    """Inputs asking for the same change, shown once with every delegation that asked for it."""

    kind: str
    resolved_text: str | None
    inputs: list[InputView]
    edits: list[Edit] = field(default_factory=list)

    @property
    def delegations(self) -> list[str]:
        return [i.delegation_name for i in self.inputs]


@dataclass
class WorkbenchView:
    doc: Document
    base: Document
    plan: list[ParagraphSpec]
    at: int
    sources: list[Paragraph]
    groups: list[InputGroup]
    edits: list[Edit]  # the current text against its sources, in order
    dropped: list[Paragraph]  # base paragraphs no paragraph of the plan comes from: deleted by it
    start_text: str | None = None  # an input's text the facilitator chose to start from

    @property
    def current(self) -> ParagraphSpec:
        return self.plan[self.at]

    @property
    def input_count(self) -> int:
        return sum(len(g.inputs) for g in self.groups)

    @property
    def next_label(self) -> str | None:
        return self.plan[self.at + 1].label if self.at + 1 < len(self.plan) else None


def _draft(session: Session, viewer: Viewer, slug: str) -> tuple[Document, Document]:
    doc = session.exec(select(Document).where(Document.slug == slug, Document.retired_at.is_(None))).first()
    if doc is None or doc.kind != "draft":
        raise NotFound("draft", slug)
    require_facilitator(viewer, doc.negotiation_id, "use the workbench")
    if doc.state != "unpublished":
        raise Conflict(f"'{slug}' is published; compose the next draft from it instead")
    base = session.get(Document, doc.base_id) if doc.base_id else None
    if base is None:
        raise BadInput(f"'{slug}' is a first draft, made from no other: the workbench sets a draft beside its "
                       "base; write it with PUT /api/documents/{slug}/paragraphs, or import it")
    return doc, base


def _group(inputs: list[InputView]) -> list[InputGroup]:
    groups: dict[tuple[str, str], InputGroup] = {}
    for i in inputs:
        text = " ".join((i.resolved_text or "").split())
        key = (i.kind, text) if (text or i.kind == "delete") else (i.kind, f"#{i.pk}")
        if key not in groups:
            groups[key] = InputGroup(i.kind, i.resolved_text, [], list(i.edits))
        groups[key].inputs.append(i)
    return sorted(groups.values(), key=lambda g: (-len(g.inputs), g.kind))


def view(session: Session, *, viewer: Viewer, slug: str, at: str | None = None, start: int | None = None
         ) -> WorkbenchView:
    doc, base = _draft(session, viewer, slug)
    plan = drafting.plan(session, doc)
    if not plan:
        raise BadInput("this draft has no paragraphs left; insert one")
    index = next((n for n, p in enumerate(plan) if at is not None and p.label.casefold() == at.casefold()), 0)
    base_paras = {p.label: p for p in session.exec(select(Paragraph).where(Paragraph.document_id == base.id)
                                                    .order_by(Paragraph.order))}
    sources = [base_paras[label] for label in plan[index].from_ if label in base_paras]
    inputs = list_inputs(session, paragraph_ids=[p.id for p in sources if p.id is not None], viewer=viewer)
    used = {label for spec in plan for label in spec.from_}
    dropped = [p for label, p in base_paras.items() if label not in used and p.status == "present"]
    source_text = "\n".join(p.text for p in sources)
    start_text = next((i.resolved_text for i in inputs if i.pk == start), None) if start else None
    return WorkbenchView(doc, base, plan, index, sources, _group(inputs), diff_words(source_text, plan[index].text),
                         dropped, start_text)


def _free_label(label: str, taken: set[str]) -> str:
    for suffix in ("bis", "ter", "quater", "quinquies", "sexies"):
        if f"{label}{suffix}".casefold() not in taken:
            return f"{label}{suffix}"
    n = 2
    while f"{label}.{n}".casefold() in taken:
        n += 1
    return f"{label}.{n}"


def apply(session: Session, *, viewer: Viewer, slug: str, label: str, action: str, text: str | None = None,
          new_label: str | None = None, reflects: list[int] | None = None) -> str:
    """Apply one action to the paragraph `label` of the plan; returns the label to show next."""
    if action not in ACTIONS:
        raise BadInput(f"unknown action '{action}'")
    doc, _ = _draft(session, viewer, slug)
    plan = drafting.plan(session, doc)
    n = next((k for k, p in enumerate(plan) if p.label == label), None)
    if n is None:
        raise NotFound("paragraph", f"{slug}#{label}")
    cur = plan[n]
    show = cur.label
    taken = {p.label.casefold() for p in plan}
    if action == "save":
        if text is not None:
            cur.text = re.sub(r"\r\n?", "\n", text).strip()
        if new_label and new_label != cur.label:
            cur.label = new_label.strip()
        if reflects is not None:
            cur.reflects = sorted(set(reflects))
        show = plan[n + 1].label if n + 1 < len(plan) else cur.label
    elif action == "merge_next":
        if n + 1 >= len(plan):
            raise BadInput(f"paragraph {label} is the last one: there is nothing after it to merge")
        nxt = plan.pop(n + 1)
        cur.text = f"{cur.text} {nxt.text}".strip()
        cur.from_ += [s for s in nxt.from_ if s not in cur.from_]
        cur.reflects = sorted(set(cur.reflects) | set(nxt.reflects))
        cur.relation = None if cur.from_ else "new"
    elif action == "split":
        copy = ParagraphSpec(label=_free_label(cur.label, taken), text=cur.text, section=cur.section,
                             from_=list(cur.from_), relation="split" if cur.from_ else "new")
        cur.relation = "split" if cur.from_ else cur.relation
        plan.insert(n + 1, copy)
        show = copy.label
    elif action == "delete":
        plan.pop(n)
        show = plan[min(n, len(plan) - 1)].label if plan else ""
    elif action == "insert_after":
        chosen = (new_label or "").strip() or _free_label(cur.label, taken)
        plan.insert(n + 1, ParagraphSpec(label=chosen, text=(text or "").strip(), section=cur.section,
                                         relation="new", reflects=sorted(set(reflects or []))))
        show = chosen
    elif action in ("move_up", "move_down"):
        m = n - 1 if action == "move_up" else n + 1
        if 0 <= m < len(plan):
            plan[n], plan[m] = plan[m], plan[n]
    drafting.replace_paragraphs(session, viewer=viewer, slug=slug, specs=plan)
    return show
