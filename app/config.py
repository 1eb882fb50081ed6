"""Settings from the environment (pydantic-settings), with defaults that work on a laptop."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[1]


class Settings(BaseSettings):
    """`DATABASE_URL` picks the database; `STEMMA_*` the rest."""

    model_config = SettingsConfigDict(env_prefix="STEMMA_", extra="ignore", populate_by_name=True)

    # The conventional unprefixed DATABASE_URL, which every deployer sets.
    database_url: str = Field("sqlite:///./stemma.db",
                              validation_alias=AliasChoices("DATABASE_URL", "STEMMA_DATABASE_URL"))
    drafts_dir: Path = REPO_ROOT / "drafts"
    amendments_dir: Path = REPO_ROOT / "amendments"
    templates_dir: Path = REPO_ROOT / "templates"
    page_size: int = 50
    max_page_size: int = 500
    max_redline_chars: int = 200_000
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
