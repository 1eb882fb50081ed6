"""Reading the whole corpus (drafts/ and amendments/) and checking it hangs together.

Everything here happens before the database is touched: a dangling reference, a
duplicate label or an unknown delegation stops the load with the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from app.corpus.citations import coverage
from app.corpus.reader import CorpusError, line_of, read_model
from app.corpus.schema import (
    DelegationFileIn,
    DelegationsFileIn,
    DocumentIn,
    InputIn,
    NegotiationsFileIn,
    ProcessFileIn,
)

MIN_COVERAGE = 0.6  # share of a record's key words that must be in the lines it cites
COMPILATION_FILE = "compilation.yaml"
DELEGATIONS_FILE = "delegations.yaml"
PROCESS_FILE = "process.yaml"
NEGOTIATIONS_FILE = "negotiations.yaml"
SPECIAL_FILES = (PROCESS_FILE, NEGOTIATIONS_FILE)


@dataclass
class DocumentFile:
    path: Path
    doc: DocumentIn
    node: yaml.Node | None


@dataclass
class DelegationFile:
    path: Path
    data: DelegationFileIn
    node: yaml.Node | None


@dataclass
class CompilationDir:
    path: Path
    doc: DocumentIn
    files: list[DelegationFile] = field(default_factory=list)


@dataclass
class Corpus:
    documents: list[DocumentFile]
    compilations: list[CompilationDir]
    delegations: DelegationsFileIn
    process: ProcessFileIn | None
    sources_dir: Path
    negotiations: NegotiationsFileIn = field(default_factory=lambda: NegotiationsFileIn(negotiations=[]))

    def document(self, slug: str) -> DocumentIn | None:
        for d in self.documents:
            if d.doc.slug == slug:
                return d.doc
        for c in self.compilations:
            if c.doc.slug == slug:
                return c.doc
        return None


def read_corpus(drafts: Path, amendments: Path) -> Corpus:
    """Read every file; raise CorpusError on the first problem found."""
    if not drafts.is_dir():
        raise CorpusError(drafts, None, "drafts directory not found")
    documents = [DocumentFile(p, *read_model(p, DocumentIn)) for p in sorted(drafts.glob("*.yaml"))
                 if p.name not in SPECIAL_FILES]
    process_path = drafts / PROCESS_FILE
    process = read_model(process_path, ProcessFileIn)[0] if process_path.exists() else None
    npath = drafts / NEGOTIATIONS_FILE
    negotiations = (read_model(npath, NegotiationsFileIn)[0] if npath.exists()
                    else NegotiationsFileIn(negotiations=[]))
    dpath = amendments / DELEGATIONS_FILE
    if not dpath.exists():
        raise CorpusError(dpath, None, "delegations file not found")
    delegations = read_model(dpath, DelegationsFileIn)[0]
    compilations = []
    for cdir in sorted(p for p in amendments.iterdir() if p.is_dir()):
        cpath = cdir / COMPILATION_FILE
        if not cpath.exists():
            raise CorpusError(cdir, None, f"compilation folder without {COMPILATION_FILE}")
        comp = CompilationDir(cdir, read_model(cpath, DocumentIn)[0])
        for p in sorted(cdir.glob("*.yaml")):
            if p.name != COMPILATION_FILE:
                comp.files.append(DelegationFile(p, *read_model(p, DelegationFileIn)))
        compilations.append(comp)
    corpus = Corpus(documents, compilations, delegations, process, drafts / "sources", negotiations)
    validate(corpus)
    return corpus


def validate(corpus: Corpus) -> None:
    """Cross-file checks: unique slugs and labels, references that resolve, citations."""
    negotiations = {n.slug for n in corpus.negotiations.negotiations}
    if len(negotiations) != len(corpus.negotiations.negotiations):
        raise CorpusError(NEGOTIATIONS_FILE, None, "duplicate negotiation slug")
    for doc, where in [(f.doc, f.path) for f in corpus.documents] + [(c.doc, c.path) for c in corpus.compilations]:
        if doc.negotiation and doc.negotiation not in negotiations:
            raise CorpusError(where, None, f"unknown negotiation '{doc.negotiation}' (not in drafts/{NEGOTIATIONS_FILE})")
    if corpus.process and corpus.process.negotiation and corpus.process.negotiation not in negotiations:
        raise CorpusError(PROCESS_FILE, None, f"unknown negotiation '{corpus.process.negotiation}'")
    seen: dict[str, Path] = {}
    for f in corpus.documents:
        if f.doc.slug in seen:
            raise CorpusError(f.path, 1, f"document slug '{f.doc.slug}' already used by {seen[f.doc.slug]}")
        seen[f.doc.slug] = f.path
        _check_document(corpus, f)
    for f in corpus.documents:
        _check_lineage(corpus, f)
    aliases = _delegation_names(corpus)
    for comp in corpus.compilations:
        _check_compilation(corpus, comp, aliases)
    if corpus.process:
        for ev in corpus.process.events:
            for slug in ev.documents:
                if corpus.document(slug) is None:
                    raise CorpusError(PROCESS_FILE, None, f"event '{ev.title}' names unknown document '{slug}'")
    _check_reflections(corpus)


def _check_reflections(corpus: Corpus) -> None:
    """Every `reflects` names an input of a compilation in the corpus (`compilation/input-id`)."""
    inputs = {f"{c.doc.slug}/{i.id}" for c in corpus.compilations for f in c.files for i in f.data.inputs}
    for f in corpus.documents:
        for i, p in enumerate(f.doc.paragraphs):
            for ref in p.reflects:
                if ref not in inputs:
                    raise CorpusError(f.path, line_of(f.node, "paragraphs", i, "reflects"),
                                      f"paragraph {p.label} reflects unknown input '{ref}' "
                                      "(write it as compilation-slug/input-id)")


def _source_path(corpus: Corpus, file: str, where: Path) -> Path:
    path = corpus.sources_dir / file
    if not path.exists():
        raise CorpusError(where, None, f"source file '{file}' not found in {corpus.sources_dir}")
    return path


def _check_citation(src: Path, rng: list[int], text: str, where: Path, line: int | None, what: str) -> None:
    try:
        share = coverage(text, src, rng[0], rng[1])
    except ValueError as exc:
        raise CorpusError(where, line, f"{what}: {exc}") from exc
    if share < MIN_COVERAGE:
        raise CorpusError(where, line, f"{what}: only {share:.0%} of its words are in {src.name} "
                                       f"lines {rng[0]}-{rng[1]}; is the line range right?")


def _check_document(corpus: Corpus, f: DocumentFile) -> None:
    src = _source_path(corpus, f.doc.source.file, f.path) if f.doc.source else None
    labels: set[str] = set()
    for i, p in enumerate(f.doc.paragraphs):
        line = line_of(f.node, "paragraphs", i)
        if p.label in labels:
            raise CorpusError(f.path, line, f"duplicate paragraph label '{p.label}'")
        labels.add(p.label)
        if src is not None and p.source is not None:
            _check_citation(src, p.source, p.text, f.path, line, f"paragraph {p.label}")
    for i, p in enumerate(f.doc.paragraphs):
        if p.merged_into and p.merged_into not in labels:
            raise CorpusError(f.path, line_of(f.node, "paragraphs", i),
                              f"paragraph {p.label} is merged into unknown paragraph '{p.merged_into}'")


def _check_lineage(corpus: Corpus, f: DocumentFile) -> None:
    for i, p in enumerate(f.doc.paragraphs):
        for j, link in enumerate(p.lineage):
            if link.from_ is None:
                continue
            slug, label = link.from_.split("#", 1)
            other = corpus.document(slug)
            line = line_of(f.node, "paragraphs", i, "lineage", j)
            if other is None:
                raise CorpusError(f.path, line, f"lineage of {p.label}: unknown document '{slug}'")
            if label not in {q.label for q in other.paragraphs}:
                raise CorpusError(f.path, line, f"lineage of {p.label}: '{slug}' has no paragraph '{label}'")


def _delegation_names(corpus: Corpus) -> set[str]:
    return {d.slug for d in corpus.delegations.delegations}


def _check_compilation(corpus: Corpus, comp: CompilationDir, slugs: set[str]) -> None:
    cpath = comp.path / COMPILATION_FILE
    if comp.doc.base is None:
        raise CorpusError(cpath, None, "a compilation needs 'base': the slug of the draft it comments on")
    base = corpus.document(comp.doc.base)
    if base is None:
        raise CorpusError(cpath, None, f"base document '{comp.doc.base}' not found in drafts/")
    labels = {p.label for p in base.paragraphs}
    src = _source_path(corpus, comp.doc.source.file, cpath) if comp.doc.source else None
    ids: dict[str, Path] = {}
    for f in comp.files:
        if f.data.delegation not in slugs:
            raise CorpusError(f.path, line_of(f.node, "delegation"),
                              f"unknown delegation '{f.data.delegation}' (not in amendments/{DELEGATIONS_FILE})")
        if f.path.stem != f.data.delegation:
            raise CorpusError(f.path, line_of(f.node, "delegation"),
                              f"file name should be {f.data.delegation}.yaml")
        for i, inp in enumerate(f.data.inputs):
            _check_input(f, i, inp, labels, base.slug, ids, src, slugs)


def _check_input(f: DelegationFile, i: int, inp: InputIn, labels: set[str], base: str,
                 ids: dict[str, Path], src: Path | None, slugs: set[str]) -> None:
    line = line_of(f.node, "inputs", i)
    if inp.id in ids:
        raise CorpusError(f.path, line, f"input id '{inp.id}' already used in {ids[inp.id].name}")
    ids[inp.id] = f.path
    if inp.probable_delegation and inp.probable_delegation not in slugs:
        raise CorpusError(f.path, line, f"input {inp.id}: unknown probable_delegation '{inp.probable_delegation}'")
    if inp.target not in labels:
        raise CorpusError(f.path, line, f"input {inp.id}: '{base}' has no paragraph '{inp.target}'")
    if src is None:  # written through the service: no record lines to cite
        return
    if inp.source is None:
        raise CorpusError(f.path, line, f"input {inp.id}: an input curated from the record needs 'source' lines")
    _check_citation(src, inp.source, f"{inp.text}\n{inp.rationale or ''}", f.path, line, f"input {inp.id}")
