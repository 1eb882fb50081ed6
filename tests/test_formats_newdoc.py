"""New documents into the corpus: plain text, Markdown and .docx into the drafts/ format, through
`stemma import`; afterwards the document loads, and lineage and shared language include it.

The texts are the record's: the Secretary-General's 2009 report (record lines 8711-8882) as a
precedent, the first draft's annex as Markdown, and the July draft as Stemma exports it to Word,
read back as a new draft.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.config import Settings
from app.corpus.catalog import read_corpus
from app.corpus.loader import load_corpus
from app.db import make_engine
from app.formats.newdoc import build, markdown_blocks, read_new_document, text_blocks
from app.text.lost import only_gaps
from tests.conftest import RECORD
from tests.test_loader import copy_corpus

FIRST, JULY = "2010-04-16-first-draft", "2010-07-19-draft"
LINES = RECORD.read_text(encoding="utf-8").splitlines()


def stemma(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app.cli", *args], capture_output=True, text=True,
                          env=dict(os.environ), timeout=300)


def test_plain_text_as_the_record_prints_it() -> None:
    """Record lines 557-585 (the first draft's OP2(d) and the annex's opening): a number standing on
    its own line ("2.") labels the paragraph after it; what is not a number is kept as a paragraph."""
    text = "\n".join(LINES[556:585])
    doc = build(text_blocks(text), text, ".txt", "t")
    assert [p.label for p in doc.paragraphs] == ["(d)", "P1", "P2", "2", "P3", "P4"]
    assert [p.text[:24] for p in doc.paragraphs] == ["To invite the Secretary-", "We, the States Members o",
                                                     "L.", "Consistently, unequivoca", "Ensuring that the promot",
                                                     "Taking urgent action to "]
    assert doc.paragraphs[0].text == ("To invite the Secretary-General to report annually to the General "
                                      "Assembly on the implementation of the Plan of Action.")
    lines = text.splitlines()
    for p in doc.paragraphs:  # every paragraph cites the lines it was read from, and they hold its words
        cited = " ".join(lines[p.first - 1:p.last])
        assert all(w in cited for w in p.text.split()), p.label
    assert (doc.paragraphs[3].first, doc.paragraphs[3].last) == (14, 17)


def test_numbered_lines_start_paragraphs_and_sub_items_take_their_number() -> None:
    text = ("1. Guided by the purposes and principles,\nwrapped here.\n2. Decides to take the following steps:\n"
            "(a) Consistently condemning trafficking;\n(b) Strengthening cooperation;\n3. Requests the Secretary-"
            "\ngeneral to report.\n")
    doc = build(text_blocks(text), text, ".txt", "t")
    assert [(p.label, p.text) for p in doc.paragraphs] == [
        ("1", "Guided by the purposes and principles, wrapped here."),
        ("2", "Decides to take the following steps:"),
        ("2(a)", "Consistently condemning trafficking;"), ("2(b)", "Strengthening cooperation;"),
        ("3", "Requests the Secretary-general to report.")]
    assert [(p.first, p.last) for p in doc.paragraphs] == [(1, 2), (3, 3), (4, 4), (5, 5), (6, 7)]


def test_markdown_headings_become_sections_and_the_first_is_the_title(corpus) -> None:  # type: ignore[no-untyped-def]
    first = corpus.document(FIRST)
    annex_i = [p for p in first.paragraphs if p.section == "annex-i"][:3]
    md = "# Plan of Action\n\n## I. Preventing trafficking in persons\n\n" + "\n\n".join(
        f"{p.label}. {p.text}" for p in annex_i) + "\n\n## II. Protecting\n\n1. **Providing** *assistance*.\n"
    doc = build(markdown_blocks(md), md, ".md")
    assert doc.title == "Plan of Action"
    assert doc.sections == [("i-preventing-trafficking-in-persons", "I. Preventing trafficking in persons"),
                            ("ii-protecting", "II. Protecting")]
    assert [(p.label, p.text) for p in doc.paragraphs[:3]] == [(p.label, p.text) for p in annex_i]
    assert (doc.paragraphs[3].label, doc.paragraphs[3].text) == ("1", "Providing assistance.")


def test_a_number_used_twice_takes_its_sections_numeral() -> None:
    text = "I. First part\n\n1. One.\n\nII. Second part\n\n1. Again one.\n"
    doc = build(text_blocks(text), text, ".txt", "t")
    assert [(p.section, p.label) for p in doc.paragraphs] == [("i-first-part", "1"), ("ii-second-part", "II-1")]


@pytest.fixture(scope="module")
def july_docx(client) -> bytes:  # type: ignore[no-untyped-def]
    return client.get(f"/api/documents/{JULY}/export.docx").content


def test_stemmas_word_export_reads_back_as_the_same_document(client, july_docx: bytes) -> None:  # type: ignore[no-untyped-def]
    july = client.get(f"/api/documents/{JULY}").json()
    doc = read_new_document("july.docx", july_docx)
    assert doc.title == july["title"]
    assert [t for _, t in doc.sections] == [s["title"] for s in july["sections"]]
    assert [(p.label, p.text, p.status) for p in doc.paragraphs] == [
        (p["label"], p["text"], p["status"]) for p in july["paragraphs"]]
    lost = [p.label for p in doc.paragraphs if p.quality == "incomplete"]
    assert lost == [p["label"] for p in july["paragraphs"] if not p["text"] or only_gaps(p["text"])]  # lost whole: "[...]"
    assert lost and all(p["text_quality"] == "incomplete" for p in july["paragraphs"] if p["label"] in lost)


def test_a_word_file_from_elsewhere_headings_by_style_and_automatic_numbers(corpus) -> None:  # type: ignore[no-untyped-def]
    """A .docx python-docx writes with Word's own styles: Title, Heading 1, List Number."""
    first = corpus.document(FIRST)
    d = docx.Document()
    d.add_paragraph("Plan of Action", style="Title")
    d.add_paragraph("I. Preventing trafficking in persons", style="Heading 1")
    paras = [p for p in first.paragraphs if p.section == "annex-i"][:3]
    for p in paras:
        d.add_paragraph(p.text, style="List Number")
    buf = io.BytesIO()
    d.save(buf)
    doc = read_new_document("plan.docx", buf.getvalue())
    assert doc.title == "Plan of Action" and [t for _, t in doc.sections] == ["I. Preventing trafficking in persons"]
    assert [(p.label, p.text) for p in doc.paragraphs] == [(str(k), p.text) for k, p in enumerate(paras, 1)]
    lines = doc.source_text.splitlines()
    assert all(lines[p.first - 1].endswith(p.text[-20:]) for p in doc.paragraphs)


def test_import_refuses_what_it_cannot_read(tmp_path: Path) -> None:
    drafts, amendments = copy_corpus(tmp_path)
    before = sorted(p.name for p in drafts.rglob("*"))
    bad = tmp_path / "x.docx"
    bad.write_bytes(b"not a zip")
    r = stemma("import", str(bad), "--slug", "x", "--kind", "precedent", "--date", "2010-01-01",
               "--drafts", str(drafts), "--amendments", str(amendments))
    assert r.returncode == 1 and "not a .docx" in r.stderr and "Traceback" not in r.stderr
    txt = tmp_path / "x.txt"
    txt.write_text("Some text.\n", encoding="utf-8")
    for args, says in ((["--slug", FIRST], "already exists"), (["--slug", "Bad Slug"], "lower-case"),
                       (["--slug", "x", "--kind", "compilation"], "kind must be")):
        full = ["import", str(txt), "--kind", "precedent", "--date", "2010-01-01", "--title", "X", *args,
                "--drafts", str(drafts), "--amendments", str(amendments)]
        r = stemma(*full)
        assert r.returncode == 1 and says in r.stderr, r.stderr
    assert sorted(p.name for p in drafts.rglob("*")) == before  # nothing written


def test_a_precedent_from_plain_text_loads_and_joins_shared_language(tmp_path: Path, fresh_db: str) -> None:
    """The Secretary-General's 2009 report (record lines 8711-8882) imported as a precedent: the
    first draft's paragraph 3 then shows the words it shares with it."""
    drafts, amendments = copy_corpus(tmp_path)
    src = tmp_path / "sg-report.txt"
    src.write_text("\n".join(LINES[8710:8882]) + "\n", encoding="utf-8")
    r = stemma("import", str(src), "--slug", "2009-sg-report", "--kind", "precedent", "--date", "2009-07-01",
               "--title", "Report of the Secretary-General on improving the coordination of efforts against "
               "trafficking in persons", "--issued-by", "Secretary-General",
               "--drafts", str(drafts), "--amendments", str(amendments))
    assert r.returncode == 0, r.stderr
    assert (drafts / "2009-sg-report.yaml").exists()
    assert (drafts / "sources" / "2009-sg-report.txt").read_text(encoding="utf-8") == src.read_text(encoding="utf-8")
    corpus = read_corpus(drafts, amendments)  # validates: every paragraph cites lines holding its words
    engine = make_engine(fresh_db)
    with Session(engine) as s:
        load_corpus(s, corpus)
    engine.dispose()
    from app.main import create_app
    with TestClient(create_app(Settings(database_url=fresh_db, drafts_dir=drafts, amendments_dir=amendments))) as c:
        docs = [d["slug"] for d in c.get("/api/documents?size=100").json()]
        assert "2009-sg-report" in docs
        shared = c.get(f"/api/documents/{FIRST}/paragraphs/3").json()["provenance"]
        sg = [s for s in shared if s["document"] == "2009-sg-report"]
        assert sg and max(s["words"] for s in sg) >= 20
        assert c.get("/api/documents/2009-sg-report/export.akn.xml").status_code == 200


def test_a_later_draft_from_word_gets_lineage_and_loads(tmp_path: Path, fresh_db: str, july_docx: bytes,  # type: ignore[no-untyped-def]
                                                          corpus) -> None:
    """The July draft, as Stemma exports it to Word, imported as a new draft: its lineage to the first
    draft is inferred, and agrees with the lineage the curators declared for the July draft."""
    drafts, amendments = copy_corpus(tmp_path)
    src = tmp_path / "july.docx"
    src.write_bytes(july_docx)
    r = stemma("import", str(src), "--slug", "2010-07-20-july-copy", "--kind", "draft", "--date", "2010-07-20",
               "--drafts", str(drafts), "--amendments", str(amendments))
    assert r.returncode == 0, r.stderr
    assert f"lineage to {JULY} (inferred)" in r.stdout  # the latest earlier draft
    copy = read_corpus(drafts, amendments).document("2010-07-20-july-copy")
    assert copy is not None and copy.kind.value == "draft"
    july = {p.label: p for p in corpus.document(JULY).paragraphs}
    links = {p.label: p.lineage for p in copy.paragraphs}
    same = [label for label, ls in links.items() if any(ln.from_ == f"{JULY}#{label}" for ln in ls)]
    assert same == list(july)  # each paragraph continues itself, placeholders and lost ones too
    assert all(ln.origin.value == "inferred" for ls in links.values() for ln in ls)
    engine = make_engine(fresh_db)
    with Session(engine) as s:
        load_corpus(s, read_corpus(drafts, amendments))
    engine.dispose()
    from app.main import create_app
    with TestClient(create_app(Settings(database_url=fresh_db, drafts_dir=drafts, amendments_dir=amendments))) as c:
        lineage = c.get("/api/documents/2010-07-20-july-copy/paragraphs/PP4").json()["lineage"]
        assert {(e["document"], e["label"]) for e in lineage} >= {(JULY, "PP4"), (FIRST, "PP3")}
        counts = c.get(f"/api/compare/{JULY}/2010-07-20-july-copy").json()["counts"]
        placeholders = [p for p in july.values() if p.status.value != "present"]
        # every paragraph is itself again; the compare page reads a placeholder ("[Paragraph deleted]",
        # "[Merged with paragraph 42]") that follows a placeholder as a deletion
        # and a paragraph holding a "[...]" gap is "incomplete" against itself: only lost text differs
        gapped = [p for p in july.values() if "[...]" in p.text]
        assert counts == {"unchanged": counts["unchanged"], "deleted": len(placeholders), "incomplete": len(gapped)}
