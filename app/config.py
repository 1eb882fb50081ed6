"""Settings from the environment (pydantic-settings), with defaults that work on a laptop."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[1]


class Settings(BaseSettings):
    """`DATABASE_URL` picks the database; `STEMMA_*` the rest."""

    model_config = SettingsConfigDict(env_prefix="STEMMA_", extra="ignore")

    database_url: str = "sqlite:///./stemma.db"
    drafts_dir: Path = REPO_ROOT / "drafts"
    amendments_dir: Path = REPO_ROOT / "amendments"
    templates_dir: Path = REPO_ROOT / "templates"
    page_size: int = 50
    max_page_size: int = 500
    max_redline_chars: int = 200_000

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings, dotenv_settings,
                                   file_secret_settings):  # type: ignore[no-untyped-def]
        return (init_settings, _DatabaseUrlEnv(settings_cls), env_settings)


class _DatabaseUrlEnv:
    """Read the conventional unprefixed DATABASE_URL (what every deployer sets)."""

    def __init__(self, settings_cls: type[BaseSettings]) -> None:
        self.settings_cls = settings_cls

    def __call__(self) -> dict[str, str]:
        import os

        url = os.environ.get("DATABASE_URL")
        return {"database_url": url} if url else {}


@lru_cache
def get_settings() -> Settings:
    return Settings()
