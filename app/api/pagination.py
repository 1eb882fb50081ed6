"""Lists paginate the same way everywhere: `?page=&size=`, the total in `X-Total-Count`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Depends, Query, Request, Response

T = TypeVar("T")

# Past this no list or search has results; bounding it keeps an OFFSET inside SQL's 64-bit integers
# (issue 13: page 4.6e17 overflowed the offset into a 500).
MAX_PAGE = 10_000


@dataclass
class Page:
    page: int
    size: int

    def apply(self, items: list[T], response: Response, request: Request) -> list[T]:
        """Slice `items` and say in the headers how many there are and where the next page is."""
        total = len(items)
        response.headers["X-Total-Count"] = str(total)
        start = (self.page - 1) * self.size
        if start + self.size < total:
            nxt = request.url.include_query_params(page=self.page + 1, size=self.size)
            response.headers["Link"] = f'<{nxt}>; rel="next"'
        return items[start:start + self.size]


def page_params(request: Request, page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
                size: Annotated[int | None, Query(ge=1)] = None) -> Page:
    settings = request.app.state.settings
    return Page(page, min(size or settings.page_size, settings.max_page_size))


PageDep = Annotated[Page, Depends(page_params)]
