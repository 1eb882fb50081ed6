"""A new document from an uploaded file, previewed in the drafts/ format (nothing is written).

The upload page and its JSON twin show what `stemma import` would write: the sections and
labelled paragraphs, the lineage inferred to the document it follows, the drafts/ file and its
source text, for a facilitator to check and commit (`stemma import` writes the same files).
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass

from app.config import Settings
from app.corpus import adding
from app.corpus.catalog import read_corpus
from app.corpus.reader import CorpusError
from app.errors import BadInput
from app.formats.newdoc import NewDocument
from app.services.imports import limits, refusing


@dataclass
class NewDocumentPreview:
    slug: str
    kind: str
    date: dt.date
    document: NewDocument
    yaml_text: str
    yaml_name: str
    source_name: str
    follows: str | None
    lineage: dict[str, list[dict[str, object]]]

    def data_url(self, text: str, media: str) -> str:
        """A download link that needs no second request: the file travels in the page."""
        return f"data:{media};charset=utf-8;base64,{base64.b64encode(text.encode('utf-8')).decode('ascii')}"

    def public(self) -> dict[str, object]:
        d = self.document
        return {
            "slug": self.slug, "kind": self.kind, "date": self.date.isoformat(), "title": d.title,
            "follows": self.follows, "sections": [{"key": k, "title": t} for k, t in d.sections],
            "paragraphs": [{"label": p.label, "section": p.section, "text": p.text, "status": p.status,
                            "quality": p.quality, "source": [p.first, p.last], "lineage": self.lineage.get(p.label, [])}
                           for p in d.paragraphs],
            "files": {self.yaml_name: self.yaml_text, self.source_name: d.source_text},
        }


def preview(settings: Settings, *, name: str, data: bytes, slug: str, kind: str, date: dt.date,
            title: str | None = None, issued_by: str | None = None, follows: str | None = None) -> NewDocumentPreview:
    try:
        corpus = read_corpus(settings.drafts_dir, settings.amendments_dir)
        added = refusing(lambda: adding.prepare(corpus, settings.drafts_dir, name, data, slug=slug, kind=kind,
                                                date=date, title=title or None, issued_by=issued_by or None,
                                                follows=follows or None, limits=limits(settings)))
    except (adding.AddError, CorpusError) as exc:
        raise BadInput(str(exc)) from exc
    return NewDocumentPreview(slug, kind, date, added.document, added.yaml_text, f"drafts/{added.yaml_path.name}",
                              f"drafts/sources/{added.source_path.name}", added.follows, added.lineage)
