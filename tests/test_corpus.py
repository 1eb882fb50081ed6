"""The curated corpus against the record it was curated from (no database needed)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pytest

from app.corpus.catalog import Corpus
from app.corpus.schema import DocumentIn
from app.text.lost import only_gaps
from tests.conftest import DRAFTS, RECORD

FIRST, JULY, TABLE = "2010-04-16-first-draft", "2010-07-19-draft", "2010-05-18-table-of-inputs"
RECORD_LINES = RECORD.read_text(encoding="utf-8").splitlines()


def doc(corpus: Corpus, slug: str) -> DocumentIn:
    found = corpus.document(slug)
    assert found is not None, slug
    return found


def record_line_of(pattern: str, first: int, last: int) -> int:
    """The first line in first..last of the record matching `pattern` (found, not hard-coded)."""
    for n in range(first, last + 1):
        if re.search(pattern, RECORD_LINES[n - 1]):
            return n
    raise AssertionError(f"{pattern!r} not in lines {first}-{last}")


def test_first_draft_has_every_paragraph(corpus: Corpus) -> None:
    labels = [p.label for p in doc(corpus, FIRST).paragraphs]
    expected = ([f"PP{i}" for i in range(1, 15)] + ["OP1", "OP2", "OP2(a)", "OP2(b)", "OP2(c)", "OP2(d)", "chapeau"]
                + [str(i) for i in range(1, 71)])
    assert labels == expected


def test_first_draft_annex_sections_follow_the_record_headings(corpus: Corpus) -> None:
    """Each annex paragraph sits in the section whose heading precedes its lines in the record."""
    d = doc(corpus, FIRST)
    first, last = d.source.lines
    headings = [
        (record_line_of(r"^\S{1,3}\.? ?Preventing trafficking", first, last), "annex-i"),
        (record_line_of(r"^II\. Protecting and assisting", first, last), "annex-ii"),
        (record_line_of(r"^I\S{1,2}\. Prosecuting crimes", first, last), "annex-iii"),
        (record_line_of(r"^IV\. Strengthening partnerships", first, last), "annex-iv"),
    ]
    annex_start = record_line_of(r"^We, the States Members", first, last)
    by_section: dict[str, list[str]] = defaultdict(list)
    for p in d.paragraphs:
        if p.source[0] < annex_start:
            expected = "preamble" if p.label.startswith("PP") else "operative"
        else:
            expected = next((key for line, key in reversed(headings) if p.source[0] > line), "annex-general")
        assert p.section == expected, (p.label, p.source)
        by_section[p.section].append(p.label)
    assert by_section["annex-general"][:2] == ["chapeau", "1"]
    assert {k: len(v) for k, v in by_section.items()} == {
        "preamble": 14, "operative": 6, "annex-general": 12, "annex-i": 10, "annex-ii": 20, "annex-iii": 14,
        "annex-iv": 15}


def test_july_declared_merges_and_deletions_are_lineage(corpus: Corpus) -> None:
    july = doc(corpus, JULY)
    first, last = july.source.lines
    merged = {}
    deleted = set()
    for line in RECORD_LINES[first - 1:last]:
        if m := re.match(r"^(\d+)\. \[Merged with paragraph (\d+)\]", line):
            merged[m.group(1)] = m.group(2)
        if m := re.match(r"^(\d+)\. \[Paragraph deleted\]", line):
            deleted.add(m.group(1))
    assert merged == {"43": "42", "44": "42", "45": "42", "46": "42", "47": "42", "50": "49", "52": "49",
                      "57": "56", "58": "56", "62": "60"}
    links = {(link.from_, p.label, link.relation.value) for p in july.paragraphs for link in p.lineage}
    for source, target in merged.items():
        assert (f"{FIRST}#{source}", target, "merged_into") in links
    for label in deleted:
        assert (f"{FIRST}#{label}", label, "deleted") in links
    placeholders = {p.label: p for p in july.paragraphs}
    assert all(placeholders[s].status.value == "merged" and placeholders[s].merged_into == t for s, t in merged.items())


def test_every_present_july_paragraph_has_a_lineage_or_is_a_marked_gap(corpus: Corpus) -> None:
    for p in doc(corpus, JULY).paragraphs:
        if p.status.value == "present" and not p.label.endswith("-note"):
            assert p.lineage or (p.quality.value == "incomplete" and only_gaps(p.text)), p.label  # "[...]": all lost


def test_inputs_count_and_delegations(corpus: Corpus) -> None:
    comp = next(c for c in corpus.compilations if c.doc.slug == TABLE)
    per = Counter({f.data.delegation: len(f.data.inputs) for f in comp.files})
    named = {d for d in per if d != "unidentified"}
    assert sum(per.values()) >= 500
    assert len(named) >= 24
    assert {"african-group", "eu", "usa", "japan", "thailand", "unicef", "iom", "ohchr", "unaids", "holy-see"} <= named


def _shingles(words: list[str], n: int = 3) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", re.sub(r"-\n", "", text.lower()))


def _sample(corpus: Corpus) -> list[tuple[str, object]]:
    """Up to three inputs per delegation, spread over the base draft (first, middle, last)."""
    comp = next(c for c in corpus.compilations if c.doc.slug == TABLE)
    out = []
    for f in sorted(comp.files, key=lambda f: f.data.delegation):
        textual = [i for i in f.data.inputs if i.text.strip() and i.quality.value == "ok"]
        if not textual:
            continue
        picks = {0, len(textual) // 2, len(textual) - 1}
        out += [(f.data.delegation, textual[k]) for k in sorted(picks)]
    return out


def _heading_delegation(line: int, names: dict[str, list[str]]) -> str | None:
    """The delegation whose "Name:" heads the nearest entry at or above `line` in the record."""
    heads = {n.lower(): slug for slug, ns in names.items() for n in ns}
    for n in range(line, max(0, line - 40), -1):
        m = re.match(r"^\s*([A-Za-z .]{2,40}?)\s?:", RECORD_LINES[n - 1])
        if m and m.group(1).strip().lower() in heads:
            return heads[m.group(1).strip().lower()]
    return None


def test_sample_of_inputs_matches_the_record(corpus: Corpus) -> None:
    """For a spread sample, the text's word triples are in the cited lines, and the delegation's
    name (or an alias) heads the entry in the record."""
    names = {d.slug: [d.name, *d.aliases, d.slug.replace("-", " ")] for d in corpus.delegations.delegations}
    names["usa"].append("USA")
    sample = _sample(corpus)
    assert len(sample) >= 40
    assert len({d for d, _ in sample}) >= 20
    sections = {p.label: p.section for p in doc(corpus, FIRST).paragraphs}
    assert len({sections[i.target] for _, i in sample}) == 7  # type: ignore[attr-defined]
    for delegation, inp in sample:
        first, last = inp.source  # type: ignore[attr-defined]
        lines = "\n".join(RECORD_LINES[first - 1:last])
        grams = _shingles(_words(inp.text))  # type: ignore[attr-defined]
        if grams:
            share = len(grams & _shingles(_words(lines))) / len(grams)
            assert share >= 0.8, (inp.id, share)  # type: ignore[attr-defined]
        if delegation != "unidentified":
            assert _heading_delegation(first, names) == delegation, inp.id  # type: ignore[attr-defined]


@pytest.mark.parametrize(("delegation", "target", "kind", "words"), [
    ("japan", "PP5", "instruction", "Delete “aforementioned United Nations”"),
    ("belarus", "PP4", "excerpt", "ILO conventions 29 and 182"),
    ("eu", "36", "delete", ""),
    ("thailand", "36", "delete", ""),
    ("usa", "36", "delete", ""),
    ("usa", "PP12", "instruction", "Replace “Noting” with “Recognizing”"),
])
def test_known_inputs_are_recorded(corpus: Corpus, delegation: str, target: str, kind: str, words: str) -> None:
    comp = next(c for c in corpus.compilations if c.doc.slug == TABLE)
    f = next(f for f in comp.files if f.data.delegation == delegation)
    found = [i for i in f.data.inputs if i.target == target and i.kind.value == kind and words in i.text]
    assert len(found) == 1, [(i.id, i.kind.value, i.text[:60]) for i in f.data.inputs if i.target == target]


def test_sources_are_the_seed_files_unchanged(corpus: Corpus) -> None:
    """drafts/sources/ holds the five seed files byte for byte (compared with ../shared/seeds/,
    which stands beside every checkout here and in CI); a file added since (`stemma import`) is the
    source some document of the corpus reads from, never a stray."""
    import hashlib

    from tests.conftest import REPO_ROOT

    seeds = sorted((REPO_ROOT.parent / "shared" / "seeds").glob("*.txt"))
    assert len(seeds) == 5
    sources = {c.name: c for c in (DRAFTS / "sources").iterdir() if c.name != "README.md"}
    for seed in seeds:
        assert seed.name in sources, seed.name
        assert hashlib.sha256(sources[seed.name].read_bytes()).hexdigest() == hashlib.sha256(seed.read_bytes()).hexdigest()
    cited = {f.doc.source.file for f in corpus.documents} | {c.doc.source.file for c in corpus.compilations}
    assert set(sources) - {s.name for s in seeds} <= cited


def test_process_events_name_the_meetings(corpus: Corpus) -> None:
    assert corpus.process is not None
    dates = {(e.date.isoformat(), e.kind.value) for e in corpus.process.events}
    assert {("2010-03-19", "meeting"), ("2010-04-21", "meeting"), ("2010-05-05", "deadline"),
            ("2010-05-26", "meeting"), ("2010-07-21", "meeting")} <= dates
    assert any(e.date.isoformat() in ("2010-06-24", "2010-06-25") for e in corpus.process.events)
