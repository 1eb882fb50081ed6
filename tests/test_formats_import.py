"""Reading a delegation's Word file into inputs on the first draft, on files Stemma did not write.

Three kinds of file: OOXML written here by hand as Word writes it (runs split mid-word, spelling
marks, bookmarks, a field, a tracked paragraph mark, a comment with its range); .docx files that
LibreOffice writes itself, converting an OpenDocument text with tracked changes (`soffice
--headless`); and Stemma's own comparison export, read back (the round trip). The proposals are
the record's own where it has them (Japan on PP5, the USA on PP12, the African Group's OP2(d)bis,
the EU's deletion of 36).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from app.corpus.catalog import Corpus
from app.formats.proposals import BaseParagraph, NoChanges, Proposal, read_proposals
from app.formats.upload import FormatError, Limits, NotADocx, TooLarge, UnsafeFile, open_docx
from app.formats.word_in import file_changes
from app.text.lost import GAP_LABEL
from app.text.redline import diff_words

FIRST, JULY, TABLE = "2010-04-16-first-draft", "2010-07-19-draft", "2010-05-18-table-of-inputs"


@pytest.fixture(scope="module")
def base(corpus: Corpus) -> list[BaseParagraph]:
    doc = corpus.document(FIRST)
    assert doc is not None
    return [BaseParagraph(p.label, p.text) for p in doc.paragraphs]


@pytest.fixture(scope="module")
def texts(base: list[BaseParagraph]) -> dict[str, str]:
    return {p.label: p.text for p in base}


def _input(corpus: Corpus, delegation: str, target: str, kind: str) -> object:
    comp = next(c for c in corpus.compilations if c.doc.slug == TABLE)
    f = next(f for f in comp.files if f.data.delegation == delegation)
    return next(i for i in f.data.inputs if i.target == target and i.kind.value == kind)


# --- OOXML as Word writes it -------------------------------------------------------------------

W_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>
</Relationships>"""


def package(body: str, comments: str = "", extra: dict[str, bytes] | None = None) -> bytes:
    """A .docx zip around a hand-written body, as Word lays the package out."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/_rels/document.xml.rels", DOC_RELS)
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                                        f'<w:document {W_NS}><w:body>{body}<w:sectPr/></w:body></w:document>')
        if comments:
            z.writestr("word/comments.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                                            f'<w:comments {W_NS}>{comments}</w:comments>')
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


def t(text: str, rsid: str = "00A71C2E") -> str:
    return f'<w:r w:rsidR="{rsid}"><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def d(text: str, cid: int) -> str:
    return (f'<w:del w:id="{cid}" w:author="Japan" w:date="2010-05-04T16:12:00Z"><w:r w:rsidDel="00B3">'
            f'<w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:del>')


def i(text: str, cid: int, author: str = "Japan") -> str:
    return (f'<w:ins w:id="{cid}" w:author="{author}" w:date="2010-05-04T16:12:00Z"><w:r w:rsidR="00B3">'
            f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:ins>')


def p(*runs: str, mark: str = "") -> str:
    rpr = f'<w:rPr><w:{mark} w:id="9{len(runs)}" w:author="Japan" w:date="2010-05-04T16:12:00Z"/></w:rPr>' if mark else ""
    return f'<w:p w:rsidR="00A71C2E" w:rsidRDefault="00A71C2E"><w:pPr><w:jc w:val="both"/>{rpr}</w:pPr>{"".join(runs)}</w:p>'


def split(text: str, at: int) -> str:
    """Two runs cut mid-word, as Word leaves them after an edit or a spell check."""
    return t(text[:at], "00C1") + t(text[at:], "00C2")


def test_word_written_file_with_split_runs_a_tracked_mark_and_a_comment(base, texts) -> None:  # type: ignore[no-untyped-def]
    pp5, pp6, pp7, pp8, pp9 = (texts[x] for x in ("PP5", "PP6", "PP7", "PP8", "PP9"))
    cut = pp5.index("aforementioned")
    body = "".join([
        p(t("Draft resolution (retyped by the delegation)")),
        # PP.5: the label typed "PP.5", runs cut mid-word, a spelling mark, a deletion across two runs, a comment
        p('<w:bookmarkStart w:id="0" w:name="_GoBack"/>', t("PP."), t("5"), '<w:r><w:tab/></w:r>',
          '<w:commentRangeStart w:id="3"/>', split(pp5[:cut], 5),
          d("aforemen", 1), d("tioned United Nations ", 2), '<w:proofErr w:type="spellStart"/>',
          split(pp5[cut + len("aforementioned United Nations "):], 4), '<w:proofErr w:type="spellEnd"/>',
          '<w:commentRangeEnd w:id="3"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr>'
          '<w:commentReference w:id="3"/></w:r><w:bookmarkEnd w:id="0"/>'),
        # a new paragraph typed at the start of PP6 and Enter: its runs and its own mark are inserted
        p(i("PP5bis\tAlso recognizing the role of civil society,", 4), mark="ins"),
        p(t("PP.6\t"), t(pp6)),
        # PP7 deleted whole: its text and its paragraph mark
        p(d("PP.7\t" + pp7, 5), mark="del"),
        # PP8 with a field whose code is not text and a change inside a hyperlink
        p(t("PP.8\t"), '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> REF x </w:instrText></w:r>'
          '<w:r><w:fldChar w:fldCharType="separate"/></w:r>', t(pp8[:10]), '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
          f'<w:hyperlink w:anchor="x">{t(pp8[10:20])}</w:hyperlink>', t(pp8[20:]), i(" (new words)", 6)),
        p(t("PP.9\t"), t(pp9)),
        # a paragraph the draft does not have, changed: listed, never guessed
        p(t("PP.99\tThe delegation's own "), i("added ", 7), t("paragraph.")),
    ])
    comments = ('<w:comment w:id="3" w:author="Japan" w:date="2010-05-04T16:12:00Z" w:initials="J">'
                '<w:p><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>'
                '<w:r><w:t>The Protocol is named in PP4.</w:t></w:r></w:p></w:comment>')
    result = read_proposals(package(body, comments), base)
    assert result.inputs == [
        Proposal("PP5", "replace", pp5.replace("aforementioned United Nations ", ""),
                 pp5.replace("aforementioned United Nations ", ""), "The Protocol is named in PP4.", None),
        Proposal("PP5", "insert", "Also recognizing the role of civil society,", "Also recognizing the role of civil society,",
                 None, "PP5bis"),
        Proposal("PP7", "delete", "", "", None, None),
        Proposal("PP8", "replace", pp8 + " (new words)", pp8 + " (new words)", None, None),
    ]
    assert [(u.position, u.kind, u.label) for u in result.unmatched] == [(8, "replace", "PP99")]
    assert "no paragraph PP99" in result.unmatched[0].reason


def test_enter_at_the_end_of_a_paragraph_then_typing_is_an_insertion_after_it(base, texts) -> None:  # type: ignore[no-untyped-def]
    """The other way Word writes a new paragraph: the mark of the paragraph before it is inserted."""
    body = p(t("OP2(d)\t" + texts["OP2(d)"]), mark="ins") + p(i("OP2(d)bis\tTo encourage States,", 1)) + \
        p(t("chapeau\t" + texts["chapeau"]))
    result = read_proposals(package(body), base)
    assert result.inputs == [Proposal("OP2(d)", "insert", "To encourage States,", "To encourage States,", None, "OP2(d)bis")]
    assert result.unmatched == []


def test_number_and_words_must_agree(base, texts) -> None:  # type: ignore[no-untyped-def]
    """PP.6 carrying PP7's words is not guessed to be either; unnumbered words close to one paragraph are."""
    body = p(t("PP.6\t"), t(texts["PP7"]), i(" more", 1)) + p(t(texts["PP9"]), i(" more", 2))
    result = read_proposals(package(body), base)
    assert result.inputs == [Proposal("PP9", "replace", texts["PP9"] + " more", texts["PP9"] + " more", None, None)]
    assert [(u.label, u.kind) for u in result.unmatched] == [("PP6", "replace")]
    assert "words are not those of PP6" in result.unmatched[0].reason and "PP7" in result.unmatched[0].reason


def test_a_comment_on_an_unchanged_paragraph_is_a_comment_and_placeholders_are_read(base, texts) -> None:  # type: ignore[no-untyped-def]
    body = (p(t("36.\t"), '<w:commentRangeStart w:id="1"/>', t(texts["36"]), '<w:commentRangeEnd w:id="1"/>'
              '<w:r><w:commentReference w:id="1"/></w:r>')
            + p(t("37.\t"), d(texts["37"], 2), i("[Paragraph deleted]", 3))
            + p(t("43.\t"), d(texts["43"], 4), i("[Merged with paragraph 42]", 5)))
    comments = '<w:comment w:id="1" w:author="Thailand"><w:p><w:r><w:t>Needs more discussion.</w:t></w:r></w:p></w:comment>'
    result = read_proposals(package(body, comments), base)
    assert result.inputs == [Proposal("36", "comment", "", None, "Needs more discussion.", None),
                             Proposal("37", "delete", "", "", None, None),
                             Proposal("43", "merge", "[Merged with paragraph 42]", None, None, None)]


def test_a_gap_reads_back_as_the_records_gap_however_it_is_written(base, texts) -> None:  # type: ignore[no-untyped-def]
    """Text lost in the scan, as Stemma writes it (its label in the "Stemma gap" style, untracked), or
    typed by a delegation retyping the draft ("[...]", "[…]"): each is the record's "[...]", and the words
    around it still find their paragraph."""
    pp6, pp8, pp9 = texts["PP6"], texts["PP8"], texts["PP9"]
    stemma_gap = f'<w:r><w:rPr><w:rStyle w:val="StemmaGap"/><w:i/></w:rPr><w:t>{GAP_LABEL}</w:t></w:r>'
    body = (p(t("PP.6\t" + pp6[:40] + " "), stemma_gap, t(" " + pp6[-30:]), i(" and more", 1))
            + p(t("PP.8\t" + pp8[:50] + " [...]"), i(" at once", 2))
            + p(t("PP.9\t[…] " + pp9[-60:]), d(" ", 3)))
    result = read_proposals(package(body), base)
    assert [(x.label, x.text) for x in result.inputs] == [
        ("PP6", pp6[:40] + " [...] " + pp6[-30:] + " and more"),
        ("PP8", pp8[:50] + " [...] at once"),
        ("PP9", "[...] " + pp9[-60:])]
    assert result.unmatched == []


def test_joined_paragraphs_are_listed_not_guessed(base, texts) -> None:  # type: ignore[no-untyped-def]
    body = p(t("PP.6\t" + texts["PP6"]), mark="del") + p(t("PP.7\t" + texts["PP7"]))
    result = read_proposals(package(body), base)
    assert result.inputs == []
    assert [(u.kind, u.label) for u in result.unmatched] == [("joined", "PP6")]
    assert "joins paragraphs PP6, PP7" in result.unmatched[0].reason


def test_a_file_without_changes_is_refused_with_the_reason(base, texts) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NoChanges, match="no tracked changes"):
        read_proposals(package(p(t("PP.6\t" + texts["PP6"]))), base)


# --- files LibreOffice writes ---------------------------------------------------------------------

ODF_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:automatic-styles>
  <text:list-style style:name="L1">
   <text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1"/>
  </text:list-style>
 </office:automatic-styles>
 <office:body><office:text>"""


class Odt:
    """An OpenDocument text with tracked changes, for LibreOffice to turn into a .docx of its own."""

    def __init__(self, author: str) -> None:
        self.author, self.regions, self.body, self.n = author, [], [], 0

    def _region(self, kind: str, content: str = "") -> str:
        self.n += 1
        info = (f"<office:change-info><dc:creator>{escape(self.author)}</dc:creator>"
                f"<dc:date>2010-05-05T10:00:00</dc:date></office:change-info>")
        self.regions.append(f'<text:changed-region text:id="ct{self.n}"><text:{kind}>{info}{content}'
                            f"</text:{kind}></text:changed-region>")
        return f"ct{self.n}"

    def deleted(self, text: str) -> str:
        return f'<text:change text:change-id="{self._region("deletion", f"<text:p>{escape(text)}</text:p>")}"/>'

    def inserted(self, text: str) -> str:
        cid = self._region("insertion")
        return f'<text:change-start text:change-id="{cid}"/>{escape(text)}<text:change-end text:change-id="{cid}"/>'

    def para(self, *parts: str) -> None:
        self.body.append(f"<text:p>{''.join(parts)}</text:p>")

    def comment(self, text: str) -> str:
        return (f"<office:annotation><dc:creator>{escape(self.author)}</dc:creator><dc:date>2010-05-05T10:00:00</dc:date>"
                f"<text:p>{escape(text)}</text:p></office:annotation>")

    def insert_paragraph_after_last(self, text: str) -> None:
        """Enter at the end of the last paragraph, then the new text, recorded as one insertion."""
        cid = self._region("insertion")
        self.body[-1] = self.body[-1].replace("</text:p>", f'<text:change-start text:change-id="{cid}"/></text:p>')
        self.body.append(f'<text:p>{escape(text)}<text:change-end text:change-id="{cid}"/></text:p>')

    def delete_paragraph(self, text: str) -> None:
        """A whole paragraph struck, its break included: the next paragraph carries the marker."""
        cid = self._region("deletion", f"<text:p>{escape(text)}</text:p><text:p/>")
        self.body.append(f'<text:change text:change-id="{cid}"/>')

    def xml(self) -> str:
        body = "".join(self.body)
        return (ODF_HEAD + f'<text:tracked-changes text:track-changes="true">{"".join(self.regions)}'
                f"</text:tracked-changes>{_attach_markers(body)}</office:text></office:body></office:document>")


def _attach_markers(body: str) -> str:
    """Move a standalone deletion marker into the start of the next paragraph, where ODF keeps it."""
    return re.sub(r'(<text:change text:change-id="[^"]+"/>)(<text:p>)', r"\2\1", body)


def soffice_docx(odt: Odt, tmp: Path) -> bytes:
    """LibreOffice's own .docx of the document (headless, its own profile, no network)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is not installed")
        pytest.skip("LibreOffice is not installed: apt-get install libreoffice-writer-nogui to run this test")
    src = tmp / "retyped.fodt"
    src.write_text(odt.xml(), encoding="utf-8")
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/lo-profile", "--headless", "--norestore",
                    "--convert-to", "docx", "--outdir", str(tmp), str(src)], check=True, capture_output=True, timeout=180)
    data = (tmp / "retyped.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:  # it is LibreOffice's file, not ours
        assert b"LibreOffice" in z.read("docProps/app.xml")
    return data


@pytest.mark.libreoffice
def test_libreoffice_docx_with_the_records_proposals(base, texts, corpus: Corpus, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A retyped preamble (numbers typed "PP.n"): Japan's deletion in PP5, the USA's "Noting" ->
    "Recognizing" in PP12 with its rationale as a comment, the African Group's new OP2(d)bis, and a
    paragraph struck whole; a heading and a paragraph the draft does not have."""
    usa = _input(corpus, "usa", "PP12", "instruction")
    african = _input(corpus, "african-group", "OP2(d)", "insert")
    odt = Odt("Delegation")
    odt.para("Draft resolution")
    odt.para("PP.4 ", escape(texts["PP4"]))
    cut = texts["PP5"].index("aforementioned")
    odt.para("PP.5 ", escape(texts["PP5"][:cut]), odt.deleted("aforementioned United Nations "),
             escape(texts["PP5"][cut + len("aforementioned United Nations "):]))
    odt.delete_paragraph("PP.6 " + texts["PP6"])
    odt.para("PP.7 ", escape(texts["PP7"]))
    rest = texts["PP12"][len("Noting"):]
    odt.para("PP.12 ", odt.deleted("Noting"), odt.inserted("Recognizing"), escape(rest), odt.comment(usa.rationale))
    odt.para("OP2 (d) ", escape(texts["OP2(d)"]))
    odt.insert_paragraph_after_last("OP2 (d) bis " + african.text)  # type: ignore[attr-defined]
    odt.para("PP.99 Not in the draft", odt.inserted(", changed"))
    result = read_proposals(soffice_docx(odt, tmp_path), base)
    pp5 = texts["PP5"].replace("aforementioned United Nations ", "")
    pp12 = "Recognizing" + rest
    assert result.inputs == [
        Proposal("PP5", "replace", pp5, pp5, None, None),
        Proposal("PP6", "delete", "", "", None, None),
        Proposal("PP12", "replace", pp12, pp12, usa.rationale.strip(), None),  # type: ignore[attr-defined]
        Proposal("OP2(d)", "insert", african.text, african.text, None, "OP2(d)bis"),  # type: ignore[attr-defined]
    ]
    assert [(u.kind, u.label) for u in result.unmatched] == [("replace", "PP99")]


@pytest.mark.libreoffice
def test_libreoffice_docx_with_automatic_numbering(base, texts, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Annex 34-37 retyped as a numbered list starting at 34 (no number in the text: Word's numbering
    supplies it); 36 struck whole (the EU, Thailand and the USA asked for that), a word changed in 35."""
    odt = Odt("European Union")
    items = [f'<text:list-item text:start-value="34"><text:p>{escape(texts["34"])}</text:p></text:list-item>']
    first_word = texts["35"].split(" ", 1)[0]
    items.append(f"<text:list-item><text:p>{odt.deleted(first_word)}{odt.inserted('Ensuring')}"
                 f"{escape(texts['35'][len(first_word):])}</text:p></text:list-item>")
    cid = odt._region("deletion", f"<text:p>{escape(texts['36'])}</text:p><text:p/>")
    items.append(f'<text:list-item><text:p><text:change text:change-id="{cid}"/>{escape(texts["37"])}</text:p></text:list-item>')
    odt.body.append(f'<text:list text:style-name="L1">{"".join(items)}</text:list>')
    data = soffice_docx(odt, tmp_path)
    changes = file_changes(open_docx(data))  # the numbers are Word's, counted from the list's start
    assert [c.before[0].split("\t", 1)[0] for c in changes] == ["34.", "35.", "36.", "37."]
    assert [c.after[0].split("\t", 1)[0] for c in changes if c.after] == ["34.", "35.", "36."]
    result = read_proposals(data, base)
    new35 = "Ensuring" + texts["35"][len(first_word):]
    assert result.inputs == [Proposal("35", "replace", new35, new35, None, None),
                             Proposal("36", "delete", "", "", None, None)]
    assert result.unmatched == []


# --- the round trip -----------------------------------------------------------------------------

def test_a_comparison_exported_with_tracked_changes_reads_back_as_the_same_edits(client, base, texts) -> None:  # type: ignore[no-untyped-def]
    """First draft -> July draft as Word, read back against the first draft: one input per changed
    paragraph, whose redline against the base is exactly the comparison's; new paragraphs become
    inserts after the paragraph they follow; placeholders become deletions and merges."""
    data = client.get(f"/api/compare/{FIRST}/{JULY}/export.docx").content
    pairs = client.get(f"/api/compare/{FIRST}/{JULY}").json()["pairs"]
    july = {p["label"]: p for p in client.get(f"/api/documents/{JULY}").json()["paragraphs"]}
    result = read_proposals(data, base)
    expected: list[Proposal] = []
    unmatched: list[str] = []
    anchor = None
    for pair in pairs:
        new = july.get(pair["to_label"]) if pair["to_label"] else None
        lost = new is not None and new["text"].strip() in ("", "[...]")  # lost whole in the scan
        if pair["relation"] == "new":
            if lost:
                unmatched.append(pair["to_label"])
            else:
                expected.append(Proposal(anchor, "insert", new["text"], new["text"], None, pair["to_label"]))
            continue
        principal = next((x for x in pair["from_labels"] if x in pair["to_labels"]), pair["from_labels"][0])
        anchor = principal
        if pair["relation"] == "deleted":
            expected.append(Proposal(principal, "delete", "", "", None, None))
        elif pair["relation"] != "unchanged" and not lost:
            # renumbering shows in the file, but an input has no new number (only an insert has a label)
            expected.append(Proposal(principal, "replace", new["text"], new["text"], None, None))
            if len(pair["from_labels"]) == 1:  # a merge's compare ops run against all its sources; Word shows the principal's
                assert [list(e.as_pair()) for e in diff_words(texts[principal], new["text"])] == pair["ops"]
        for other in pair["from_labels"]:
            if other != principal:
                expected.append(Proposal(other, "merge", july[other]["text"], None, None, None))
                anchor = other
    # every paragraph, those holding a gap (text lost in the scan: an untracked gap in Word) included
    assert any("[...]" in (p.text or "") for p in expected)
    assert result.inputs == expected
    assert [u.label for u in result.unmatched] == unmatched


def test_a_delegations_inputs_as_its_tracked_changes_read_back_as_the_same_inputs(client, base, texts) -> None:  # type: ignore[no-untyped-def]
    """The EU's inputs in the Table of Inputs, exported as tracked changes by the EU on the whole first
    draft, then read back as if the EU had sent that file: the same inputs, with their rationales."""
    r = client.get(f"/api/compilations/{TABLE}/export.docx?delegation=eu&tracked=true")
    assert r.status_code == 200
    rows = client.get(f"/api/compilations/{TABLE}?delegation=eu").json()["rows"]
    by_label = {row["label"]: row["inputs"] for row in rows}
    expected = []
    for b in base:
        mine = by_label.get(b.label, [])
        why = "\n\n".join(i["rationale"] for i in mine if i["rationale"] and i["kind"] != "insert") or None
        textual = [i for i in mine if i["kind"] in ("replace", "excerpt", "instruction") and i["resolved_text"] is not None
                   and not i["placement"]["flagged"] and any(op in (-1, 1) for op, _ in i["ops"])]  # else a note
        # (a proposal that differs from the paragraph only where the scan lost its words changes nothing Word can track)
        if any(i["kind"] == "delete" for i in mine):
            expected.append(Proposal(b.label, "delete", "", "", why))
        elif textual:
            expected.append(Proposal(b.label, "replace", textual[0]["resolved_text"], textual[0]["resolved_text"], why))
        elif why:
            expected.append(Proposal(b.label, "comment", "", None, why))
        expected += [Proposal(b.label, "insert", i["text"], i["text"], i["rationale"], i["new_label"])
                     for i in mine if i["kind"] == "insert"]
    result = read_proposals(r.content, base)
    assert result.unmatched == []
    assert result.inputs == expected  # a proposal holding a gap (the scan lost its end) reads back as its gap
    assert any("[...]" in p.text for p in expected)
    assert len(result.inputs) >= 40 and {p.kind for p in result.inputs} == {"replace", "delete", "insert", "comment"}
    changes = [c for c in file_changes(open_docx(r.content)) if c.kind != "unchanged"]
    assert changes and all(c.comments == [] or {x.author for x in c.comments} == {"European Union"} for c in changes)


def test_stemmas_own_notes_are_not_read_as_a_rationale(client, base) -> None:  # type: ignore[no-untyped-def]
    data = client.get(f"/api/compare/{FIRST}/{JULY}/export.docx").content
    assert all(p.rationale is None for p in read_proposals(data, base).inputs)


# --- hostile and malformed uploads -------------------------------------------------------------

def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


def _doc(xml: bytes) -> bytes:
    return _zip({"word/document.xml": xml})


XXE = (b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
       b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
       b"<w:t>&x;</w:t></w:r></w:p></w:body></w:document>")
LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (k, (b"&lol%d;" % (k - 1) if k > 1 else b"&lol;") * 10) for k in range(1, 10))
          + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
          b"<w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>")
BOMB = _doc(b"<" + b"a" * (70 * 1024 * 1024) + b"/>")


@pytest.mark.parametrize(("data", "error", "says"), [
    (b"PK\x03\x04 this is no zip", NotADocx, "not a .docx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, NotADocx, "older Word"),
    (b"%PDF-1.4 a pdf", NotADocx, "not a .docx"),
    (_zip({"hello.txt": b"hello"}), NotADocx, "no word/document.xml"),
    (BOMB, TooLarge, "zip bomb"),
    (b"x" * (11 * 1024 * 1024), TooLarge, "limit"),
    (_doc(XXE), UnsafeFile, "DTD"),
    (_doc(LAUGHS), UnsafeFile, "DTD"),
    (_doc(b"<w:document><unclosed>"), FormatError, "not well-formed"),
])
def test_hostile_and_malformed_files_are_refused(base, data: bytes, error: type, says: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=says):
        read_proposals(data, base)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(base) -> None:  # type: ignore[no-untyped-def]
    assert len(BOMB) < 200_000  # 70 MiB of XML in a ~70 KiB zip
    with pytest.raises(TooLarge, match="unpacks to 70 MiB"):
        read_proposals(BOMB, base, Limits())


def test_a_part_larger_than_its_directory_says_is_stopped_at_the_limit(base) -> None:  # type: ignore[no-untyped-def]
    """A zip whose directory declares a small size for a large part: the bounded reader stops it."""
    from app.formats.upload import open_zip, read_member
    zf = open_zip(_doc(b"<" + b"a" * 5_000_000 + b"/>"), Limits(max_unpacked=10_000_000))
    with pytest.raises(TooLarge):
        read_member(zf, "word/document.xml", 1_000_000)


def test_file_changes_keep_the_files_order(texts) -> None:  # type: ignore[no-untyped-def]
    body = p(t("PP.6\t" + texts["PP6"])) + p(i("PP6bis\tNew.", 1), mark="ins") + p(t("PP.7\t"), t(texts["PP7"]))
    changes = file_changes(open_docx(package(body)))
    assert [c.kind for c in changes] == ["unchanged", "inserted", "unchanged"]
    assert [c.position for c in changes] == [1, 2, 3]


def test_changes_made_on_another_version_propose_nothing(client, corpus: Corpus) -> None:  # type: ignore[no-untyped-def]
    """The first draft -> July comparison uploaded to a round on the July draft: accepted, its changes
    only give July's own words, so no paragraph becomes a 'replace' that proposes the base's text;
    each is listed with the reason instead (found by hand: 42 no-op inputs were offered)."""
    doc = corpus.document(JULY)
    assert doc is not None
    july = [BaseParagraph(p.label, p.text) for p in doc.paragraphs]
    by_label = {p.label: p.text for p in july}
    result = read_proposals(client.get(f"/api/compare/{FIRST}/{JULY}/export.docx").content, july)
    texts = {" ".join(t.split()) for t in by_label.values()}
    noop = [(p.label, p.kind) for p in result.inputs
            if p.kind in ("replace", "insert") and " ".join(p.text.split()) in texts]
    assert noop == []  # neither a paragraph rewritten to its own words nor one the draft already has
    another = [u for u in result.unmatched if "made on another version" in u.reason]
    assert len(another) >= 20 and all(u.label in by_label for u in another)
