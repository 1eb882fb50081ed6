"""The JSON API through the real app, on the suite's database with the corpus loaded."""

from __future__ import annotations

import pytest

FIRST, JULY, TABLE = "2010-04-16-first-draft", "2010-07-19-draft", "2010-05-18-table-of-inputs"


def test_healthz(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json()["status"] == "ok"


def test_documents_list_and_pagination(client, corpus) -> None:  # type: ignore[no-untyped-def]
    everything = client.get("/api/documents?size=100").json()
    assert len(everything) == len(corpus.documents) + len(corpus.compilations)
    first = next(d for d in everything if d["slug"] == FIRST)
    assert set(first) == {"slug", "title", "kind", "date", "paragraph_count", "state", "negotiation"}
    assert first["paragraph_count"] == 91 and first["kind"] == "draft"
    page = client.get("/api/documents?size=3&page=2")
    assert page.headers["x-total-count"] == str(len(everything))
    assert [d["slug"] for d in page.json()] == [d["slug"] for d in everything[3:6]]
    assert 'rel="next"' in page.headers["link"]


def test_document_detail(client) -> None:  # type: ignore[no-untyped-def]
    doc = client.get(f"/api/documents/{JULY}").json()
    labels = [p["label"] for p in doc["paragraphs"]]
    assert labels[:3] == ["PP1", "PP2", "PP3"] and "1bis" in labels and "10bis" in labels
    p43 = next(p for p in doc["paragraphs"] if p["label"] == "43")
    assert p43 == {"label": "43", "section": "annex-iii", "order": p43["order"], "text": "[Merged with paragraph 42]",
                   "status": "merged", "text_quality": "ok"}


def test_paragraph_with_inputs_lineage_and_provenance(client) -> None:  # type: ignore[no-untyped-def]
    p = client.get(f"/api/documents/{FIRST}/paragraphs/36").json()
    deleting = sorted(i["delegation"] for i in p["inputs"] if i["kind"] == "delete")
    assert deleting == ["eu", "thailand", "usa"]
    eu = next(i for i in p["inputs"] if i["delegation"] == "eu")
    assert set(eu) >= {"id", "delegation", "document", "label", "kind", "stance", "text", "resolved_text", "rationale",
                       "uptake", "source"}
    assert eu["uptake"]["class"] == "not_reflected" and eu["resolved_text"] == ""
    assert eu["source"]["file"] == "003_4916da8653de9fbc.txt"
    july = next(e for e in p["lineage"] if e["document"] == JULY)
    assert july["relation"] == "continues" and july["label"] == "36"
    assert july["ops"] and all(op[0] in (-1, 0, 1) for op in july["ops"])
    assert "".join(t for op, t in july["ops"] if op != 1) == p["text"]  # the redline rebuilds both versions
    assert "".join(t for op, t in july["ops"] if op != -1) == july["text"]


def test_capacity_building_language_reused_in_the_2015_asean_plan(client) -> None:  # type: ignore[no-untyped-def]
    """First-draft 20 (2010) and the 2015 ASEAN plan IV-A-b share the capacity-building clause (record:
    003 lines 700-704 / 001 line 51). The younger plan took it up: it is listed under `reused_in`, never as
    the first draft's source (issue 12: order by date)."""
    p = client.get(f"/api/documents/{FIRST}/paragraphs/20").json()
    assert not [s for s in p["provenance"] if s["document"] == "2015-asean-plan"]
    asean = [s for s in p["reused_in"] if s["document"] == "2015-asean-plan"]
    assert [s["label"] for s in asean] == ["IV-A-b"]
    s = asean[0]
    q0, q1 = s["spans"]["query"]
    s0, s1 = s["spans"]["source"]
    here, there = p["text"][q0:q1], s["text"][s0:s1]
    assert "officials in the prevention of trafficking in persons" in here
    assert "officials in the prevention of trafficking in persons" in there
    assert s["match_kind"] == "borrowed"
    plan = client.get("/api/documents/2015-asean-plan/paragraphs/IV-A-b").json()
    assert [(x["document"], x["label"], x["match_kind"]) for x in plan["provenance"]
            if x["document"] == FIRST] == [(FIRST, "20", "borrowed")]


def test_an_instruments_title_is_reported_as_a_citation(client) -> None:  # type: ignore[no-untyped-def]
    """First-draft PP4 names CEDAW, as the Bangkok Accord (1998) does: a citation, not agreed language."""
    p = client.get(f"/api/documents/{FIRST}/paragraphs/PP4").json()
    bangkok = [s["match_kind"] for s in p["provenance"] if s["document"] == "1998-bangkok-accord"]
    assert bangkok and set(bangkok) == {"citation"}


def test_merged_paragraph_traces_its_sources(client) -> None:  # type: ignore[no-untyped-def]
    p = client.get(f"/api/documents/{JULY}/paragraphs/42").json()
    merged = sorted(e["label"] for e in p["lineage"] if e["relation"] == "merged_into")
    assert merged == ["43", "44", "45", "46", "47"]
    assert "".join(p["text"][b["start"]:b["end"]] for b in p["blame"]) == p["text"]


def test_delegations(client) -> None:  # type: ignore[no-untyped-def]
    rows = client.get("/api/delegations?size=100").json()
    japan = next(d for d in rows if d["slug"] == "japan")
    assert japan == {"slug": "japan", "name": "Japan", "kind": "state", "input_count": japan["input_count"]}
    assert japan["input_count"] > 30
    d = client.get("/api/delegations/japan").json()
    assert len(d["inputs"]) == japan["input_count"]
    assert sum(d["summary"].values()) == len(d["inputs"])
    assert d["summary"]["adopted"] >= 5


def test_delegation_vs_delegation(client) -> None:  # type: ignore[no-untyped-def]
    v = client.get("/api/delegations/eu/vs/usa").json()
    row36 = next(r for r in v["rows"] if r["label"] == "36" and r["document"] == FIRST)
    assert [i["kind"] for i in row36["eu"]] == ["delete"] and "delete" in [i["kind"] for i in row36["usa"]]


def test_compare_first_draft_with_july(client) -> None:  # type: ignore[no-untyped-def]
    c = client.get(f"/api/compare/{FIRST}/{JULY}").json()
    merged = {p["to_label"]: p["from_labels"] for p in c["pairs"] if p["relation"] == "merged"}
    assert merged["42"] == ["42", "43", "44", "45", "46", "47"]
    pp1 = next(p for p in c["pairs"] if p["from_label"] == "PP1")
    assert pp1["relation"] == "unchanged" and pp1["ops"] == [[0, pp1["ops"][0][1]]]
    changed = client.get(f"/api/compare/{FIRST}/{JULY}?changed_only=true&section=annex-iii").json()
    assert changed["pairs"] and all(p["relation"] != "unchanged" and p["section"] == "annex-iii"
                                    for p in changed["pairs"])


def test_redline_endpoint_escapes_and_rebuilds(client) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/api/redline", json={"old": "Noting <b>the</b> decisions", "new": "Recognizing <b>the</b> decisions & more"})
    body = r.json()
    assert "".join(t for op, t in body["ops"] if op != 1) == "Noting <b>the</b> decisions"
    assert "".join(t for op, t in body["ops"] if op != -1) == "Recognizing <b>the</b> decisions & more"
    assert "<b>" not in body["html_inline"] and "&lt;b&gt;" in body["html_inline"] and "&amp;" in body["html_inline"]
    assert "<del>" in body["html_side_by_side"] and "<ins>" in body["html_side_by_side"]


@pytest.mark.parametrize(("method", "url", "payload", "status"), [
    ("get", "/api/documents/no-such-doc", None, 404),
    ("get", f"/api/documents/{FIRST}/paragraphs/999", None, 404),
    ("get", "/api/delegations/atlantis", None, 404),
    ("get", f"/api/compare/{FIRST}/nowhere", None, 404),
    ("get", "/api/compilations/nowhere", None, 404),
    ("get", "/api/sources/secret.txt/1-2", None, 404),
    ("get", "/api/sources/003_4916da8653de9fbc.txt/9-2", None, 422),
    ("get", "/api/documents?page=0", None, 422),
    ("get", "/api/search?q=", None, 422),
    ("post", "/api/redline", {"old": 1}, 422),
    ("post", "/api/redline", {"old": "a" * 150_000, "new": "b" * 150_000}, 422),
])
def test_bad_requests_get_a_json_error(client, method: str, url: str, payload, status: int) -> None:  # type: ignore[no-untyped-def]
    r = client.post(url, json=payload) if method == "post" else client.get(url)
    assert r.status_code == status
    assert set(r.json()["error"]) == {"code", "message"}


def test_search_finds_inputs_and_paragraphs_with_filters(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/search?q=trust fund").json()
    assert r["total"] >= 3
    kinds = {h["kind"] for h in r["hits"]}
    assert kinds == {"paragraph", "input"}
    assert all("<mark>" in h["snippet"] for h in r["hits"])
    only = client.get("/api/search?q=trust fund&delegation=ohchr").json()
    assert only["total"] >= 1 and all(h["delegation"] == "ohchr" for h in only["hits"])
    nothing = client.get("/api/search?q=zzyzx").json()
    assert nothing["total"] == 0


def test_search_stems_and_handles_odd_queries(client) -> None:  # type: ignore[no-untyped-def]
    plural = client.get("/api/search?q=victims").json()["total"]
    singular = client.get("/api/search?q=victim").json()["total"]
    assert plural == singular > 50
    assert client.get('/api/search?q=" OR 1=1; --').status_code == 200


def test_compilation_contention_alignment_events(client) -> None:  # type: ignore[no-untyped-def]
    comp = client.get(f"/api/compilations/{TABLE}?section=annex-ii").json()
    assert comp["rows"] and all(r["section"] == "annex-ii" for r in comp["rows"])
    row = next(r for r in comp["rows"] if r["label"] == "36")
    names = [i["delegation"] for i in row["inputs"]]
    assert len(names) >= 5
    answer = client.get("/api/contention").json()
    assert answer["round"] == {"slug": TABLE, "title": "Table of Inputs on First Draft", "base": FIRST}
    ranking = answer["paragraphs"]
    assert ranking[0]["score"] >= ranking[-1]["score"]
    assert client.get(f"/api/contention?round={TABLE}").json() == answer
    assert client.get("/api/contention?round=no-such-round").status_code == 404
    p36 = next(c for c in ranking if c["label"] == "36")
    assert p36["deletion_requests"] == 3
    m = client.get("/api/alignment").json()
    eu, usa = m["delegations"].index("eu"), m["delegations"].index("usa")
    assert m["matrix"][eu][usa] == m["matrix"][usa][eu] > 0 and m["matrix"][eu][eu] == 1.0
    events = client.get("/api/events").json()
    assert [e["date"] for e in events] == sorted(e["date"] for e in events)
    assert any(e["date"] == "2010-04-21" and e["kind"] == "meeting" for e in events)


def test_openapi_documents_the_api(client) -> None:  # type: ignore[no-untyped-def]
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/api/documents", "/api/documents/{slug}", "/api/documents/{slug}/paragraphs/{label}",
              "/api/delegations", "/api/delegations/{slug}", "/api/compare/{old}/{new}", "/api/redline",
              "/api/search"):
        assert p in paths
    assert client.get("/docs").status_code == 200


def test_proposals_carry_their_shared_language_in_json_as_in_html(client) -> None:  # type: ignore[no-untyped-def]
    """A delegation's proposal that repeats a precedent's words shows it on the paragraph page; the
    JSON twin carries the same list (issue 12: it had none)."""
    p = client.get(f"/api/documents/{FIRST}/paragraphs/PP4").json()
    with_shared = [i for i in p["inputs"] if i["provenance"]]
    assert with_shared
    html = client.get(f"/documents/{FIRST}/PP4").text
    for i in with_shared:
        assert {"document", "label", "match_kind", "spans"} <= set(i["provenance"][0])
        first = i["provenance"][0]
        assert f'/documents/{first["document"]}/{first["label"]}' in html
