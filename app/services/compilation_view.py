"""The Table of Inputs as a facilitator works in it: one section or one paragraph at a time, filters in
the URL shown as removable chips, section tabs with counts, a paragraph picker, a grid of paragraphs by
delegations, and the whole table on one page only when asked (for print).

Why: the 2010 table is 640 inputs on 91 paragraphs; on one page it was 1 MB, 193,000 px and 281
printed pages, with no way to reach paragraph 36 but scrolling. The filtering itself is
`compilation.compilation()`, shared with the JSON twin and the downloads; this module only chooses
what one page shows and writes the links between pages.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from urllib.parse import quote, urlencode

from sqlmodel import Session

from app.auth.policy import ANONYMOUS, Viewer
from app.formats.records import SectionRec
from app.models import Paragraph, Section
from app.services.compilation import KINDS, STANCES, Compilation, Filters, Row, compilation
from app.services.delegations import reader_names
from app.services.positions import UPTAKE_CLASSES, InputView

PAGE_INPUTS = 100  # without a section or paragraph asked for, a page shows all matches up to this many
SNIPPET = 48  # characters of a paragraph's text in the picker


@dataclass(frozen=True)
class Link:
    href: str
    text: str


@dataclass(frozen=True)
class Tab(SectionRec):
    """A section of the base draft as a tab: its key and title, and what the filters keep in it."""

    inputs: int  # inputs the filters keep in this section
    href: str
    current: bool


@dataclass(frozen=True)
class Choice:
    """A paragraph in the picker: its label, the start of its text, how many inputs match on it."""

    label: str
    snippet: str
    inputs: int


@dataclass
class Grid:
    """Paragraphs by delegations; a cell holds the delegation's inputs on the paragraph (usually one)."""

    columns: list[tuple[str, str]]  # slug, name
    rows: list[tuple[Paragraph, list[list[InputView]]]]


@dataclass
class TableView:
    comp: Compilation
    scope: str  # "paragraph", "section" or "all"
    scope_title: str
    by_default: bool  # the section was chosen for the reader (none asked for, too many inputs for one page)
    rows: list[Row]
    view: str  # "list" or "grid"
    total_inputs: int  # inputs the filters keep in the whole table
    tabs: list[Tab]
    picker: list[tuple[str, list[Choice]]]  # section title, its paragraphs
    chips: list[Link]  # each filter in force, linking to the page without it
    previous: Link | None
    next: Link | None
    all_href: str  # the same filters, the whole table on one page (to print it)
    json_href: str
    view_hrefs: dict[str, str]  # list and grid of what is shown
    grid: Grid | None = None
    kinds: tuple[str, ...] = KINDS
    stances: tuple[str, ...] = STANCES
    uptakes: tuple[str, ...] = UPTAKE_CLASSES
    hidden_section: str | None = field(default=None)  # kept by the filter form when a section is shown
    everything: bool = False  # the whole table was asked for (?all=1), kept by the filter form
    names: dict[str, str] = field(default_factory=dict)  # the cards' names for documents (reader_names)

    @property
    def shown_inputs(self) -> int:
        return sum(len(r.inputs) for r in self.rows)



class _Urls:
    """Links to the same table with some parameters changed; parameters in a fixed order."""

    ORDER = ("label", "section", "delegation", "kind", "stance", "uptake", "has_text", "view", "all")

    def __init__(self, slug: str, params: dict[str, str]) -> None:
        self.path = f"/compilations/{quote(slug)}"
        self.params = params

    def __call__(self, **changes: str | None) -> str:
        p = {**self.params, **changes}
        q = urlencode([(k, p[k]) for k in self.ORDER if p.get(k)])
        return f"{self.path}?{q}" if q else self.path


def table_view(*, session: Session, slug: str, filters: Filters, view: str = "list", everything: bool = False,
               viewer: Viewer = ANONYMOUS) -> TableView:
    """What one page of the table shows. A paragraph or a section when asked; else everything the filters
    keep if that is at most PAGE_INPUTS inputs (a delegation's inputs, a small round), else the first
    section with any (the preamble's 58 of 640). `everything` shows the whole table: the print view."""
    if filters.label:
        filters = replace(filters, section=None)  # a paragraph names its own section
    comp = compilation(session=session, slug=slug, filters=filters, viewer=viewer)
    f = comp.filters
    per_section = Counter(i.section for i in comp.matching)
    per_para = Counter(i.label for i in comp.matching)
    titles = {s.key: s.title for s in comp.sections}
    section, by_default, rows = f.section, False, comp.rows
    if f.label:
        scope = "paragraph"
        para = next(p for p in comp.paragraphs if p.label == f.label)
        section = para.section
        rows = comp.rows or [Row(para, [])]  # the paragraph asked for, even when no input on it matches
    elif f.section or (not everything and len(comp.matching) > PAGE_INPUTS):
        scope = "section"
        if not section:
            by_default = True
            section = next((s.key for s in comp.sections if per_section[s.key]), comp.sections[0].key)
            rows = [r for r in rows if r.paragraph.section == section]
    else:
        scope = "all"
    grid_view = "grid" if view == "grid" else "list"
    urls = _Urls(comp.document.slug, {**f.params(), "view": "grid" if grid_view == "grid" else "",
                                      "all": "1" if scope == "all" and everything else ""})
    in_section = [s for s in comp.sections if per_section[s.key] or not f.picks_inputs()]
    tabs = [Tab(s.key, s.title, per_section[s.key], urls(section=s.key, label=None, all=None),
                scope == "section" and s.key == section) for s in comp.sections]
    scope_title = (f"Paragraph {f.label}" if scope == "paragraph" else titles.get(section or "", "")
                   if scope == "section" else "All sections")
    previous, nxt = (_paragraph_steps(comp, per_para, urls) if scope == "paragraph"
                     else _section_steps(in_section, section, urls) if scope == "section" else (None, None))
    shown = replace(f, section=section if scope == "section" else f.section)
    json_q = urlencode(shown.params())
    return TableView(
        comp=comp, scope=scope, scope_title=scope_title, by_default=by_default, rows=rows, view=grid_view,
        total_inputs=len(comp.matching), tabs=tabs, picker=_picker(comp, per_para, titles), chips=_chips(comp, urls),
        previous=previous, next=nxt, all_href=urls(section=None, label=None, all="1"),
        json_href=f"/api/compilations/{quote(comp.document.slug)}" + (f"?{json_q}" if json_q else ""),
        view_hrefs={"list": urls(view=None), "grid": urls(view="grid")},
        grid=_grid(rows) if grid_view == "grid" else None,
        hidden_section=section if scope == "section" and not by_default else None,
        everything=scope == "all" and everything,
        names=reader_names(session, [i for r in rows for i in r.inputs]))


def _picker(comp: Compilation, per_para: Counter[str], titles: dict[str, str]) -> list[tuple[str, list[Choice]]]:
    groups: dict[str, list[Choice]] = {}
    for p in comp.paragraphs:
        text = " ".join(p.text.split())
        snippet = text if len(text) <= SNIPPET else text[:SNIPPET].rsplit(" ", 1)[0] + "…"
        groups.setdefault(p.section, []).append(Choice(p.label, snippet, per_para[p.label]))
    return [(titles.get(key, key), choices) for key, choices in groups.items()]


def _chips(comp: Compilation, urls: _Urls) -> list[Link]:
    said = comp.filters.described({s.key: s.title for s in comp.sections}, dict(comp.delegations))
    return [Link(urls(**{k: None}), phrase) for k, phrase in said.items()]


def _paragraph_steps(comp: Compilation, per_para: Counter[str], urls: _Urls) -> tuple[Link | None, Link | None]:
    """The paragraphs before and after with inputs the filters keep (a facilitator steps through those)."""
    labels = [p.label for p in comp.paragraphs]
    at = labels.index(comp.filters.label or "")
    before = [lb for lb in labels[:at] if per_para[lb]]
    after = [lb for lb in labels[at + 1:] if per_para[lb]]
    return (Link(urls(label=before[-1]), f"Paragraph {before[-1]}") if before else None,
            Link(urls(label=after[0]), f"Paragraph {after[0]}") if after else None)


def _section_steps(sections: list[Section], current: str | None, urls: _Urls) -> tuple[Link | None, Link | None]:
    keys = [s.key for s in sections]
    if current not in keys:
        return None, None
    at = keys.index(current)
    prev = sections[at - 1] if at > 0 else None
    nxt = sections[at + 1] if at + 1 < len(sections) else None
    return (Link(urls(section=prev.key, label=None), prev.title) if prev else None,
            Link(urls(section=nxt.key, label=None), nxt.title) if nxt else None)


def _grid(rows: list[Row]) -> Grid:
    names = {i.delegation: i.delegation_name for r in rows for i in r.inputs}
    columns = sorted(names.items(), key=lambda kv: kv[1].casefold())
    out = []
    for r in rows:
        if not r.inputs:
            continue
        cells: dict[str, list[InputView]] = {}
        for i in r.inputs:
            cells.setdefault(i.delegation, []).append(i)
        out.append((r.paragraph, [cells.get(slug, []) for slug, _ in columns]))
    return Grid(columns, out)
