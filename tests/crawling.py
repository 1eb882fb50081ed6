"""The pages a reader can reach from the home page: one crawl, shared by the HTTP test
(tests/test_crawl.py: each answers 200) and the browser's (tests/e2e/test_crawl_browser.py: none
scrolls sideways on a phone).

A breadth-first crawl of the real app on the loaded seed corpus, as an anonymous reader: every
`href` and `src` on an HTML page that stays on the site (a path starting with "/"), JSON twins
included; forms (sign out, submissions) are not links and are not followed. Three families of
links are sampled, the first ones met in breadth-first order: the record's line ranges
(`/sources/…`, about 1,100 of them, one viewer), the draft comparisons (`/compare/…`) and the
sign-in page (`/login?next=…`, the same form from every page). Everything else is followed:
about 2,400 pages and JSON answers.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from fastapi.testclient import TestClient

SAMPLED = {"/sources/": 25, "/compare/": 10, "/login": 3}  # path prefix -> links followed
MAX_URLS = 6000  # a runaway (a link that makes new links forever) fails instead of hanging


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


@dataclass
class Crawl:
    status: dict[str, int] = field(default_factory=dict)
    linked_from: dict[str, str] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)  # sampled family -> links not followed
    html: list[str] = field(default_factory=list)  # the URLs that answered an HTML page, in crawl order

    def failures(self) -> list[str]:
        return [f"{code} {url} (linked from {self.linked_from.get(url)})"
                for url, code in self.status.items() if code != 200]


def internal(base: str, href: str) -> str | None:
    """The site-relative URL of a link, without its fragment; None for one that leaves the site."""
    url = urljoin(base, href)
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client: TestClient, start: str = "/") -> Crawl:
    """Every internal link from `start`, breadth first, the SAMPLED families cut short."""
    out = Crawl()
    taken = dict.fromkeys(SAMPLED, 0)
    queue: deque[str] = deque([start])
    seen = {start}
    while queue:
        url = queue.popleft()
        r = client.get(url, follow_redirects=True)
        out.status[url] = r.status_code
        assert len(out.status) <= MAX_URLS, f"the crawl passed {MAX_URLS} URLs: a link that makes links?"
        if r.status_code != 200 or not r.headers.get("content-type", "").startswith("text/html"):
            continue
        out.html.append(url)
        parser = _Links()
        parser.feed(r.text)
        for href in parser.links:
            link = internal(url, href)
            if link is None or link in seen:
                continue
            seen.add(link)
            family = next((p for p in SAMPLED if link.startswith(p)), None)
            if family is not None:
                if taken[family] >= SAMPLED[family]:
                    out.skipped[family] = out.skipped.get(family, 0) + 1
                    continue
                taken[family] += 1
            out.linked_from[link] = url
            queue.append(link)
    return out
