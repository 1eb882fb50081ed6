"""A delegation's Word file in a round, through HTTP on a database of its own (SQLite and
PostgreSQL): previewed (nothing written), then created as inputs in one transaction; hostile files
refused with a clear 4xx and nothing written; who may upload decided as for any submission. And the
new-document page, for facilitators.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from app.config import Settings
from app.db import make_engine
from app.models import Amendment, AmendmentRevision, AuditEvent
from tests.conftest import RECORD, Accounts
from tests.test_formats_import import BOMB, LAUGHS, XXE, _doc, d, i, p, package, t

ROUND = "2010-05-word-files"
FIRST = "2010-04-16-first-draft"
PASSWORD = "a long enough password"


@pytest.fixture(scope="module")
def people(loaded_url: str) -> Accounts:
    a = Accounts(loaded_url)
    a.add("fac", "facilitator", password=PASSWORD)
    a.add("eu1", "delegation", "eu", password=PASSWORD)
    a.add("japan1", "delegation", "japan")
    a.add("reader1", "reader")
    return a


@pytest.fixture(scope="module")
def app(loaded_url: str):  # type: ignore[no-untyped-def]
    from app.main import create_app

    return create_app(Settings(database_url=loaded_url))


@pytest.fixture(scope="module")
def api(app, people: Accounts) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with TestClient(app) as c:
        deadline = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=3)).isoformat()
        r = c.post("/api/rounds", json={"slug": ROUND, "title": "Word files on the first draft", "base": FIRST,
                                        "deadline": deadline}, headers=people.headers("fac"))
        assert r.status_code == 201, r.text
        yield c


@pytest.fixture(scope="module")
def texts(corpus) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {x.label: x.text for x in corpus.document(FIRST).paragraphs}


def counts(url: str) -> tuple[int, int, int]:
    engine = make_engine(url)
    with Session(engine) as s:
        out = tuple(s.exec(select(func.count()).select_from(m)).one() for m in (Amendment, AmendmentRevision, AuditEvent))
    engine.dispose()
    return out  # type: ignore[return-value]


def japans_file(texts: dict[str, str]) -> bytes:
    """Japan's file on the first draft: its deletion in PP5 with a comment, a new paragraph, PP7 struck."""
    cut = texts["PP5"].index("aforementioned")
    body = (p(t("PP.5\t"), '<w:commentRangeStart w:id="1"/>', t(texts["PP5"][:cut]), d("aforementioned United Nations ", 1),
              t(texts["PP5"][cut + len("aforementioned United Nations "):]), '<w:commentRangeEnd w:id="1"/>'
              '<w:r><w:commentReference w:id="1"/></w:r>')
            + p(i("PP5bis\tAlso recognizing the role of civil society,", 2), mark="ins")
            + p(t("PP.6\t" + texts["PP6"]))
            + p(d("PP.7\t" + texts["PP7"], 3), mark="del")
            + p(t("PP.8\t" + texts["PP8"]))
            + p(t("PP.99\tNot in the draft"), i(" at all", 4)))
    comment = '<w:comment w:id="1" w:author="Japan"><w:p><w:r><w:t>The Protocol is named in PP4.</w:t></w:r></w:p></w:comment>'
    return package(body, comment)


def test_preview_writes_nothing_and_shows_the_inputs(api, people, loaded_url, texts) -> None:  # type: ignore[no-untyped-def]
    before = counts(loaded_url)
    r = api.post(f"/api/rounds/{ROUND}/import-docx?preview=true", headers=people.headers("japan1"),
                 files={"file": ("japan.docx", japans_file(texts))})
    assert r.status_code == 200, r.text
    pp5 = texts["PP5"].replace("aforementioned United Nations ", "")
    assert r.json()["inputs"] == [
        {"label": "PP5", "kind": "replace", "text": pp5, "resolved_text": pp5,
         "rationale": "The Protocol is named in PP4.", "new_label": None},
        {"label": "PP5", "kind": "insert", "text": "Also recognizing the role of civil society,",
         "resolved_text": "Also recognizing the role of civil society,", "rationale": None, "new_label": "PP5bis"},
        {"label": "PP7", "kind": "delete", "text": "", "resolved_text": "", "rationale": None, "new_label": None}]
    assert [(u["label"], u["kind"]) for u in r.json()["unmatched"]] == [("PP99", "replace")]
    assert counts(loaded_url) == before


def test_without_preview_the_inputs_are_created_in_the_round(api, people, loaded_url, texts) -> None:  # type: ignore[no-untyped-def]
    before = counts(loaded_url)
    r = api.post(f"/api/rounds/{ROUND}/import-docx", headers=people.headers("japan1"),
                 files={"file": ("japan.docx", japans_file(texts))})
    assert r.status_code == 201, r.text
    ids = r.json()["ids"]
    assert len(ids) == 3 and counts(loaded_url) == (before[0] + 3, before[1] + 3, before[2] + 3)
    mine = api.get(f"/api/rounds/{ROUND}", headers=people.headers("japan1")).json()["inputs"]
    got = {x["id"]: (x["label"], x["kind"], x["delegation"], x["rationale"], x["new_label"]) for x in mine}
    assert [got[n] for n in ids] == [("PP5", "replace", "japan", "The Protocol is named in PP4.", None),
                                     ("PP5", "insert", "japan", None, "PP5bis"), ("PP7", "delete", "japan", None, None)]
    assert r.json()["unmatched"][0]["label"] == "PP99"
    assert api.get(f"/api/rounds/{ROUND}", headers=people.headers("eu1")).json()["inputs"] == []  # unpublished


def test_the_same_file_sent_twice_creates_nothing_more(api, people, loaded_url, texts) -> None:  # type: ignore[no-untyped-def]
    """Japan's file again (a retry after a timeout): its three inputs exist word for word, so the
    preview lists each with the input it repeats and the upload writes nothing."""
    before = counts(loaded_url)
    seen = api.post(f"/api/rounds/{ROUND}/import-docx?preview=true", headers=people.headers("japan1"),
                    files={"file": ("japan.docx", japans_file(texts))}).json()
    assert seen["inputs"] == []
    repeats = [u for u in seen["unmatched"] if u["reason"].startswith("already submitted")]
    assert [(u["label"], u["kind"]) for u in repeats] == [("PP5", "replace"), ("PP5", "insert"), ("PP7", "delete")]
    assert all(re.search(rf"as {ROUND}/japan-pp[57]-\d+$", u["reason"]) for u in repeats)
    again = api.post(f"/api/rounds/{ROUND}/import-docx", headers=people.headers("japan1"),
                     files={"file": ("japan.docx", japans_file(texts))})
    assert again.status_code == 422 and "already submitted" in again.json()["error"]["message"]
    assert counts(loaded_url) == before


@pytest.mark.parametrize(("who", "form", "status"), [
    (None, {}, 401), ("reader1", {}, 403), ("fac", {}, 422), ("eu1", {"delegation": "japan"}, 403),
    ("fac", {"delegation": "nobody"}, 404), ("fac", {"delegation": "eu"}, 200)])
def test_who_may_upload_is_decided_as_for_a_submission(api, people, loaded_url, texts, who, form, status) -> None:  # type: ignore[no-untyped-def]
    before = counts(loaded_url)
    r = api.post(f"/api/rounds/{ROUND}/import-docx?preview=true", headers=people.headers(who), data=form,
                 files={"file": ("x.docx", japans_file(texts))})
    assert r.status_code == status, r.text
    assert counts(loaded_url) == before


@pytest.mark.parametrize(("data", "status", "code"), [
    (b"not a zip at all", 415, "unsupported_file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, 415, "unsupported_file"),
    (BOMB, 413, "too_large"),
    (_doc(XXE), 422, "invalid_input"),
    (_doc(LAUGHS), 422, "invalid_input"),
    (b"x" * (11 * 1024 * 1024), 413, "too_large"),
])
@pytest.mark.parametrize("preview", ["true", "false"])
def test_hostile_uploads_are_refused_with_a_clear_4xx_and_nothing_written(api, people, loaded_url, data: bytes,  # type: ignore[no-untyped-def]
                                                                          status: int, code: str, preview: str) -> None:
    before = counts(loaded_url)
    r = api.post(f"/api/rounds/{ROUND}/import-docx?preview={preview}", headers=people.headers("eu1"),
                 files={"file": ("x.docx", data)})
    assert r.status_code == status
    assert r.json()["error"]["code"] == code and r.json()["error"]["message"]
    assert counts(loaded_url) == before


def test_a_file_whose_changes_match_nothing_creates_nothing(api, people, loaded_url) -> None:  # type: ignore[no-untyped-def]
    before = counts(loaded_url)
    r = api.post(f"/api/rounds/{ROUND}/import-docx", headers=people.headers("eu1"),
                 files={"file": ("x.docx", package(p(t("PP.99\tWords"), i(" more", 1))))})
    assert r.status_code == 422 and "nothing to create" in r.json()["error"]["message"]
    assert counts(loaded_url) == before


def test_one_bad_input_writes_none_of_the_file(api, people, loaded_url, texts) -> None:  # type: ignore[no-untyped-def]
    """submit_many is one transaction: a file whose second input the service refuses writes nothing."""
    from app.services import submissions

    before = counts(loaded_url)
    engine = make_engine(loaded_url)
    with Session(engine) as s:
        from app.services.accounts import viewer_for_token
        viewer = viewer_for_token(s, people.tokens["eu1"])
        with pytest.raises(Exception, match="the input on 36"):
            submissions.submit_many(s, viewer=viewer, round_slug=ROUND, drafts=[
                submissions.InputDraft(label="35", kind="replace", text="New words."),
                submissions.InputDraft(label="36", kind="replace", text="")])
    engine.dispose()
    assert counts(loaded_url) == before


# --- the pages -----------------------------------------------------------------------------------

def sign_in(app, name: str) -> tuple[TestClient, str]:  # type: ignore[no-untyped-def]
    c = TestClient(app, follow_redirects=False)
    token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text).group(1)  # type: ignore[union-attr]
    assert c.post("/login", data={"name": name, "password": PASSWORD, "csrf_token": token, "next": "/"}).status_code == 303
    csrf = re.search(r'<meta name="csrf-token" content="([^"]+)"', c.get("/negotiations").text).group(1)  # type: ignore[union-attr]
    return c, csrf


def test_the_round_page_offers_the_upload(api, app) -> None:  # type: ignore[no-untyped-def]
    c, _ = sign_in(app, "eu1")
    assert f'href="/rounds/{ROUND}/import-docx"' in c.get(f"/rounds/{ROUND}").text
    page = c.get(f"/rounds/{ROUND}/import-docx")
    assert page.status_code == 200 and page.text.count("<h1") == 1 and 'enctype="multipart/form-data"' in page.text
    assert TestClient(app, follow_redirects=False).get(f"/rounds/{ROUND}/import-docx").status_code == 303  # sign in


def test_preview_then_create_on_the_page(api, app, people, loaded_url, texts) -> None:  # type: ignore[no-untyped-def]
    c, csrf = sign_in(app, "eu1")
    body = p(d("36.\t" + texts["36"], 1), mark="del") + p(t("37.\t" + texts["37"]))
    before = counts(loaded_url)
    page = c.post(f"/rounds/{ROUND}/import-docx", data={"csrf_token": csrf, "action": "preview"},
                  files={"file": ("eu.docx", package(body))})
    assert page.status_code == 200 and "1 inputs from eu.docx for European Union" in page.text
    assert counts(loaded_url) == before
    previewed = html.unescape(re.search(r'name="previewed" value="([^"]*)"', page.text).group(1))  # type: ignore[union-attr]
    forged = c.post(f"/rounds/{ROUND}/import-docx", data={"csrf_token": "wrong", "action": "create",
                                                           "previewed": previewed, "filename": "eu.docx"})
    assert forged.status_code == 403 and counts(loaded_url) == before
    made = c.post(f"/rounds/{ROUND}/import-docx", data={"csrf_token": csrf, "action": "create",
                                                         "previewed": previewed, "filename": "eu.docx"})
    assert made.status_code == 201 and "1 inputs created from eu.docx" in made.text
    assert counts(loaded_url)[0] == before[0] + 1
    twice = c.post(f"/rounds/{ROUND}/import-docx", data={"csrf_token": csrf, "action": "create",
                                                          "previewed": previewed, "filename": "eu.docx"})
    assert twice.status_code == 422 and "already submitted" in twice.text  # "Create" pressed twice
    assert counts(loaded_url)[0] == before[0] + 1
    mine = api.get(f"/api/rounds/{ROUND}", headers=people.headers("eu1")).json()["inputs"]
    assert [(x["label"], x["kind"]) for x in mine] == [("36", "delete")]


def test_a_bad_file_on_the_page_shows_the_form_again_with_the_reason(api, app) -> None:  # type: ignore[no-untyped-def]
    c, csrf = sign_in(app, "eu1")
    page = c.post(f"/rounds/{ROUND}/import-docx", data={"csrf_token": csrf}, files={"file": ("eu.docx", b"not a zip")})
    assert page.status_code == 415
    assert 'role="alert"' in page.text and "not a .docx" in page.text and 'type="file"' in page.text


def test_the_new_document_page_is_for_facilitators(api, app) -> None:  # type: ignore[no-untyped-def]
    assert TestClient(app, follow_redirects=False).get("/documents/import").status_code == 303
    eu, _ = sign_in(app, "eu1")
    assert eu.get("/documents/import").status_code == 403
    fac, _ = sign_in(app, "fac")
    page = fac.get("/documents/import")
    assert page.status_code == 200 and page.text.count("<h1") == 1
    assert 'href="/documents/import"' in fac.get("/").text and 'href="/documents/import"' not in eu.get("/").text


def test_a_new_document_previewed_on_the_page_and_as_json(api, app, people) -> None:  # type: ignore[no-untyped-def]
    """The co-facilitators' statement of 21 April 2010 (record lines 6670-6790), as plain text."""
    text = "\n".join(RECORD.read_text(encoding="utf-8").splitlines()[6669:6790]) + "\n"
    form = {"slug": "2010-04-21-statement", "kind": "precedent", "date": "2010-04-21",
            "title": "Statement of the co-facilitators presenting the first draft"}
    files = {"file": ("statement.txt", text.encode())}
    assert api.post("/api/documents/import", files=files, data=form, headers=people.headers("eu1")).status_code == 403
    r = api.post("/api/documents/import", files=files, data=form, headers=people.headers("fac"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["files"]["drafts/sources/2010-04-21-statement.txt"] == text
    assert body["files"]["drafts/2010-04-21-statement.yaml"].startswith("slug: 2010-04-21-statement\n")
    assert body["paragraphs"] and all(x["source"][0] <= x["source"][1] for x in body["paragraphs"])
    fac, csrf = sign_in(app, "fac")
    page = fac.post("/documents/import", files=files, data={**form, "csrf_token": csrf})
    assert page.status_code == 200
    assert page.text.count("<tr><td>") == len(body["paragraphs"])
    assert 'download="2010-04-21-statement.yaml" href="data:application/yaml;charset=utf-8;base64,' in page.text
    assert api.get("/documents/2010-04-21-statement").status_code == 404  # nothing was written


def test_a_new_document_that_cannot_be_added_says_why(api, app, people) -> None:  # type: ignore[no-untyped-def]
    fac, csrf = sign_in(app, "fac")
    form = {"slug": FIRST, "kind": "precedent", "date": "2010-04-16", "title": "x", "csrf_token": csrf}
    page = fac.post("/documents/import", files={"file": ("x.txt", b"Some words.\n")}, data=form)
    assert page.status_code == 422 and "already exists" in page.text
    r = api.post("/api/documents/import", files={"file": ("x.pdf", b"%PDF")}, data={**form, "slug": "x"},
                 headers=people.headers("fac"))
    assert r.status_code == 415 and ".txt, .md and .docx" in r.json()["error"]["message"]
