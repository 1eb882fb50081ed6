"""Settings from the environment (pydantic-settings), with defaults that work on a laptop."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

APP_DIR = Path(__file__).resolve().parent
REPO_ROOT = APP_DIR.parent


def bundled(name: str) -> Path:
    """A folder Stemma ships (templates, migrations, drafts, amendments): inside the package when
    installed from a wheel (app/<name>, see setup.py), at the repository's top in a checkout."""
    inside = APP_DIR / name
    return inside if inside.is_dir() else REPO_ROOT / name


class Settings(BaseSettings):
    """`DATABASE_URL` picks the database; `STEMMA_*` the rest."""

    model_config = SettingsConfigDict(env_prefix="STEMMA_", extra="ignore", populate_by_name=True)

    # The conventional unprefixed DATABASE_URL, which every deployer sets.
    database_url: str = Field("sqlite:///./stemma.db",
                              validation_alias=AliasChoices("DATABASE_URL", "STEMMA_DATABASE_URL"))
    # The seed corpus shipped with Stemma, unless STEMMA_DRAFTS_DIR / STEMMA_AMENDMENTS_DIR say otherwise.
    drafts_dir: Path = Field(default_factory=lambda: bundled("drafts"))
    amendments_dir: Path = Field(default_factory=lambda: bundled("amendments"))
    templates_dir: Path = Field(default_factory=lambda: bundled("templates"))
    page_size: int = 50
    max_page_size: int = 500
    max_redline_chars: int = 200_000
    # POST /api/redline: the work is bounded by tokens per side (the diff's cost grows with their
    # product), at most `redline_concurrency` diffs run at once, and each client address may ask
    # `redline_rate` (counted in `rate_limit_storage`; memory:// counts per process).
    max_redline_tokens: int = Field(20_000, ge=1)
    redline_concurrency: int = Field(2, ge=1)
    redline_rate: str = "60/minute"
    rate_limit_storage: str = "memory://"
    # Any request body larger than this is refused (413) while it streams in (JSON bodies are read whole
    # by app/middleware/inputs.py, so this also bounds the memory one request can take).
    max_body_bytes: int = Field(16_777_216, ge=0)  # 16 MiB: a 10 MiB upload (max_upload_bytes) and its form
    max_upload_bytes: int = 10 * 1024 * 1024  # a .docx, .txt or .md someone uploads
    max_upload_unpacked: int = 60 * 1024 * 1024  # what a .docx may unpack to (zip bombs stop here)
    # The connection pool: `db_pool_size` kept open, `db_max_overflow` more on demand, and how long
    # a checkout may wait. At most size + overflow requests use the database at once (app/deps.py).
    db_pool_size: int = Field(5, ge=1)
    db_max_overflow: int = Field(10, ge=0)
    db_pool_timeout: float = Field(30, gt=0)
    # Signs the sign-in form's CSRF token; when unset, one is generated once and kept in the database
    # so that every process of a deployment shares it.
    secret_key: str | None = None
    # Mark the session cookie Secure even when the request did not arrive as https (e.g. TLS ends at a
    # proxy that does not send X-Forwarded-Proto); it is always Secure on https requests.
    cookie_secure: bool = False
    # Responses of unchanged records kept per process (LRU, megabytes; 0 turns the cache off) and
    # revalidated on every request against the generation numbers stored in the database.
    response_cache_mb: int = 64


@lru_cache
def get_settings() -> Settings:
    return Settings()
