"""Domain errors: what went wrong, in the service's terms, with no HTTP in sight.

A service raises `NotFound("document", slug)`; `app/api/errors.py` turns each kind into a status
code and a JSON body (or an HTML page) in one place, so no route repeats a 404 check and the
CLI can print the same errors as one line.
"""

from __future__ import annotations


class StemmaError(Exception):
    """A request the service understood and cannot carry out; `code` names the kind for clients."""

    code = "bad_request"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(StemmaError):
    code = "not_found"

    def __init__(self, kind: str, key: str) -> None:
        super().__init__(f"no {kind} '{key}'")
        self.kind = kind
        self.key = key


class BadInput(StemmaError):
    code = "invalid_input"


class PayloadTooLarge(StemmaError):
    """An upload over the size limit, or an archive that unpacks to more than it may (a zip bomb)."""

    code = "too_large"


class UnsupportedFile(StemmaError):
    """An upload that is not the kind of file asked for (not a .docx)."""

    code = "unsupported_file"


class Unauthorized(StemmaError):
    """Nobody is signed in (or the token is unknown or revoked) and the action needs someone."""

    code = "unauthorized"


class Forbidden(StemmaError):
    """Someone is signed in, and their role or delegation does not allow the action."""

    code = "forbidden"


class Conflict(StemmaError):
    """The write does not fit the record's current state: a stale revision, a passed deadline, a
    slug already taken. `current` carries what the client needs to try again."""

    code = "conflict"

    def __init__(self, message: str, current: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.current = current


class TooManyAttempts(StemmaError):
    code = "too_many_attempts"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class NotReady(StemmaError):
    """The database is there but not usable yet (no schema, or a schema older than the code)."""

    code = "database_not_ready"
