"""Rate limits on anonymous, costly endpoints (the `limits` library, the one slowapi is built on).

The counters live in `STEMMA_RATE_LIMIT_STORAGE`: `memory://` (the default) counts per process,
so N worker processes allow N times the rate; `redis://host:6379` or `memcached://host:11211`
share one count between processes and machines.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from fastapi import Request
from limits import RateLimitItem, parse, storage, strategies

from app.errors import TooManyAttempts


@dataclass
class RateLimit:
    """At most `rate` (e.g. "60/minute") hits per client address for one `scope`."""

    scope: str
    item: RateLimitItem
    limiter: strategies.RateLimiter

    @classmethod
    def build(cls, scope: str, rate: str, storage_uri: str) -> RateLimit:
        return cls(scope, parse(rate), strategies.MovingWindowRateLimiter(storage.storage_from_string(storage_uri)))

    def hit(self, request: Request) -> None:
        """Count one request from its client; TooManyAttempts (429 with Retry-After) past the rate."""
        who = request.client.host if request.client else "unknown"
        if self.limiter.hit(self.item, self.scope, who):
            return
        reset, _ = self.limiter.get_window_stats(self.item, self.scope, who)
        wait = max(1, math.ceil(reset - time.time()))
        raise TooManyAttempts(f"too many requests from this address: at most {self.item} for {self.scope}; "
                              f"try again in {wait} s", retry_after=wait)
