"""Geometry for the server-side SVG charts; the markup itself is in templates/_macros/charts.html."""

from __future__ import annotations

from dataclasses import dataclass

from app.text.contention import AlignmentMatrix, ParagraphContention


@dataclass
class Bar:
    label: str
    y: float
    width: float
    deletion_width: float
    value: float
    delegations: int
    deletions: int


@dataclass
class BarChart:
    width: int
    height: int
    bar_height: int
    label_width: int
    bars: list[Bar]


def contention_bars(ranking: list[ParagraphContention], width: int = 640, bar_height: int = 18) -> BarChart:
    """Horizontal bars: the score, with the share from deletion requests drawn hatched."""
    label_width = 60
    top = max((c.score for c in ranking), default=1) or 1
    scale = (width - label_width - 40) / top
    bars = [Bar(c.label, i * (bar_height + 4), c.score * scale, c.deletion_requests * scale, c.score,
                c.delegations, c.deletion_requests) for i, c in enumerate(ranking)]
    return BarChart(width, len(bars) * (bar_height + 4) + 4, bar_height, label_width, bars)


@dataclass
class Cell:
    x: int
    y: int
    value: float | None  # agreements over the paragraphs both touched; None when they share none
    agreements: int
    shared: int  # paragraphs both touched
    row: str
    col: str
    shade: int  # 0-9; the cell also prints agreements/shared, so colour is never the only cue

    @property
    def text(self) -> str:
        """What the cell prints: agreements over shared paragraphs, "–" when there are none."""
        return f"{self.agreements}/{self.shared}" if self.shared else "–"


@dataclass
class Heatmap:
    size: int
    cell: int
    margin: int
    names: list[str]
    cells: list[Cell]


def alignment_heatmap(m: AlignmentMatrix, cell: int = 36, margin: int = 110) -> Heatmap:
    """Each pair's agreement where both spoke: shaded by the share, printed as a count over a count
    (EU and USA on the Table of Inputs: the paragraphs both asked the same of, over those both touched)."""
    cells = []
    for i, row in enumerate(m.delegations):
        for j, col in enumerate(m.delegations):
            shared = m.shared[i][j] if m.shared else 0
            v = m.agreement[i][j] if m.agreement else None
            agreements = m.agreements[i][j] if i != j else shared
            cells.append(Cell(margin + j * cell, margin + i * cell, v, agreements, shared, row, col,
                              0 if v is None else min(9, int(v * 10))))
    return Heatmap(margin + len(m.delegations) * cell + 4, cell, margin, m.delegations, cells)
