"""The `stemma` command: database, corpus and server.

Every expected failure (bad DATABASE_URL, unreachable server, malformed corpus file,
unknown slug) ends in one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from sqlalchemy.exc import OperationalError, ProgrammingError, SQLAlchemyError

from app.config import get_settings
from app.corpus.catalog import read_corpus
from app.corpus.reader import CorpusError
from app.db import DatabaseConfigError, engine_for

cli = typer.Typer(help="Stemma: redlines and negotiation history of UN texts.", no_args_is_help=True,
                  pretty_exceptions_enable=False)
db_cli = typer.Typer(help="Database schema (Alembic migrations).", no_args_is_help=True)
corpus_cli = typer.Typer(help="The curated corpus in drafts/ and amendments/.", no_args_is_help=True)
user_cli = typer.Typer(help="Accounts: facilitators, delegation members, readers.", no_args_is_help=True)
token_cli = typer.Typer(help="API tokens (sent as 'Authorization: Bearer TOKEN').", no_args_is_help=True)
cli.add_typer(db_cli, name="db")
cli.add_typer(corpus_cli, name="corpus")
cli.add_typer(user_cli, name="user")
cli.add_typer(token_cli, name="token")
err = Console(stderr=True)
out = Console()


class CliError(Exception):
    """An expected failure, reported as one line."""


def _url() -> str:
    return get_settings().database_url


@db_cli.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head")) -> None:
    """Migrate the database to REVISION (default: the newest)."""
    from app import migrate

    migrate.upgrade(_url(), revision)
    out.print(f"database at {revision}: {_safe_url()}")


@db_cli.command("downgrade")
def db_downgrade(revision: str = typer.Argument(..., help="target revision, e.g. base")) -> None:
    """Migrate the database down to REVISION."""
    from app import migrate

    migrate.downgrade(_url(), revision)
    out.print(f"database at {revision}")


@db_cli.command("check")
def db_check() -> None:
    """Fail if the models and the migrations disagree."""
    from app import migrate

    drift = migrate.models_match_migrations(_url())
    if drift:
        raise CliError(f"models and migrations differ: {drift}")
    out.print("models and migrations agree")


def _dirs(drafts: Optional[Path], amendments: Optional[Path]) -> tuple[Path, Path]:
    s = get_settings()
    return drafts or s.drafts_dir, amendments or s.amendments_dir


DraftsOpt = Annotated[Optional[Path], typer.Option(help="drafts folder (default: the seed corpus shipped with Stemma)")]
AmendmentsOpt = Annotated[Optional[Path], typer.Option(help="amendments folder")]


@cli.command("load")
def load(drafts: DraftsOpt = None, amendments: AmendmentsOpt = None) -> None:
    """Validate drafts/ and amendments/ and load them in one transaction (idempotent)."""
    from sqlmodel import Session

    from app.corpus.loader import load_corpus

    d, a = _dirs(drafts, amendments)
    out.print(f"reading {d} and {a} ...")
    corpus = read_corpus(d, a)
    engine = engine_for(_url())
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err,
                  transient=True) as bar:
        task = bar.add_task("loading", total=None)

        def tick(step: str, done: int, total: int) -> None:
            bar.update(task, description=step, completed=done, total=total)

        with Session(engine) as session:
            report = load_corpus(session, corpus, tick)
    for kind, c in report.counts.items():
        extra = "".join(f", {c[o]} {o}" for o in ("removed", "retired", "restored") if c[o])
        out.print(f"{kind:>10}: {c['created']} created, {c['updated']} updated, {c['unchanged']} unchanged{extra}")
    out.print("loaded" if report.changed else "nothing changed")


@cli.command("import")
def import_document(
    file: Annotated[Path, typer.Argument(help="a .txt, .md or .docx file", exists=True, dir_okay=False)],
    slug: Annotated[str, typer.Option(help="the new document's slug, e.g. 2010-09-01-final-draft")],
    kind: Annotated[str, typer.Option(help="precedent | draft | outline")],
    date: Annotated[str, typer.Option(help="the document's date, YYYY-MM-DD")],
    title: Annotated[Optional[str], typer.Option(help="default: the file's first heading")] = None,
    issued_by: Annotated[Optional[str], typer.Option(help="who issued it")] = None,
    follows: Annotated[Optional[str], typer.Option(help="the document it follows, for lineage "
                                                   "(a draft: default the latest earlier draft)")] = None,
    negotiation: Annotated[Optional[str], typer.Option(help="its negotiation (default: that of the document "
                                                       "it follows; a precedent belongs to none)")] = None,
    drafts: DraftsOpt = None, amendments: AmendmentsOpt = None,
    dry_run: Annotated[bool, typer.Option(help="print the drafts/ file instead of writing it")] = False,
) -> None:
    """Add a new document (a later draft, a precedent) from a file to drafts/, with its source text."""
    import datetime as dt

    from app.corpus import adding
    from app.formats.upload import FormatError, Limits

    d, a = _dirs(drafts, amendments)
    try:
        when = dt.date.fromisoformat(date)
    except ValueError as exc:
        raise CliError(f"--date {date!r} is not a date (YYYY-MM-DD)") from exc
    s = get_settings()
    try:
        added = adding.prepare(read_corpus(d, a), d, file.name, file.read_bytes(), slug=slug, kind=kind, date=when,
                               title=title, issued_by=issued_by, follows=follows, negotiation=negotiation,
                               limits=Limits(max_bytes=s.max_upload_bytes, max_unpacked=s.max_upload_unpacked))
    except (adding.AddError, FormatError) as exc:
        raise CliError(str(exc)) from exc
    if dry_run:
        typer.echo(added.yaml_text, nl=False)
        return
    adding.write(added, d, a)
    doc = added.document
    relations: dict[str, int] = {}
    for links in added.lineage.values():
        for link in links:
            relations[str(link["relation"])] = relations.get(str(link["relation"]), 0) + 1
    out.print(f"wrote {added.yaml_path} and {added.source_path}: {len(doc.sections)} sections, "
              f"{len(doc.paragraphs)} paragraphs")
    if added.follows:
        out.print(f"lineage to {added.follows} (inferred): "
                  + ", ".join(f"{n} {rel}" for rel, n in sorted(relations.items())))
    out.print("check it, then run `stemma load`")


@cli.command("export")
def export(out: Annotated[Path, typer.Argument(help="folder to write drafts/ and amendments/ into")],
           negotiation: Annotated[Optional[str], typer.Option(help="the negotiation's slug (default: the only one)")]
           = None) -> None:
    """Write a negotiation back as corpus files, what users wrote through the service included."""
    from sqlmodel import Session

    from app.services import negotiations
    from app.services.export import export_negotiation

    if out.exists() and any(out.iterdir()):
        raise CliError(f"{out} is not empty: export into a new folder")
    with Session(engine_for(_url())) as session:
        if negotiation is None:
            known = [n.slug for n in negotiations.list_negotiations(session)]
            if len(known) != 1:
                raise CliError(f"say which negotiation with --negotiation ({', '.join(known) or 'none loaded'})")
            negotiation = known[0]
        r = export_negotiation(session, negotiation, out, get_settings().drafts_dir / "sources")
    read_corpus(out / "drafts", out / "amendments")  # what was written must read back
    typer.echo(f"exported {negotiation}: {r.documents} documents, {r.compilations} compilations, {r.inputs} inputs, "
               f"{r.revisions} revisions, {len(r.sources)} source files into {out}")


@corpus_cli.command("check")
def corpus_check(drafts: DraftsOpt = None, amendments: AmendmentsOpt = None) -> None:
    """Validate the corpus files without touching the database."""
    corpus = read_corpus(*_dirs(drafts, amendments))
    n = sum(len(f.doc.paragraphs) for f in corpus.documents)
    i = sum(len(f.data.inputs) for c in corpus.compilations for f in c.files)
    out.print(f"ok: {len(corpus.documents)} documents, {n} paragraphs, {i} inputs")


@corpus_cli.command("report")
def corpus_report() -> None:
    """Counts per document, section and delegation, and every flagged gap and repair."""
    from sqlmodel import Session

    from app.services.report import corpus_report as build

    with Session(engine_for(_url())) as session:
        report = build(session)
    if not report.documents:
        raise CliError("the database holds no documents: run `stemma load` first")
    typer.echo(report.render())


@user_cli.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="the name the person signs in with")],
    role: Annotated[str, typer.Option(help="facilitator | delegation | reader")],
    delegation: Annotated[Optional[str], typer.Option(help="the delegation a member speaks for (its slug)")] = None,
    negotiation: Annotated[Optional[str], typer.Option(help="limit a facilitator to one negotiation")] = None,
    email: Annotated[Optional[str], typer.Option()] = None,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="read the password from stdin")] = False,
) -> None:
    """Create an account (without --password-stdin it can only use API tokens)."""
    from sqlmodel import Session

    from app.services import accounts

    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise CliError("no password on stdin")
    with Session(engine_for(_url())) as session:
        user = accounts.add_user(session, name=name, role=role, delegation=delegation, negotiation=negotiation,
                                 password=password, email=email)
        out.print(f"user {user.name} added ({user.role}{' of ' + delegation if delegation else ''})")


@user_cli.command("list")
def user_list() -> None:
    """Every account, its role and delegation."""
    from sqlmodel import Session, select

    from app.models import Delegation, User

    with Session(engine_for(_url())) as session:
        rows = session.exec(select(User, Delegation.slug).join(Delegation, Delegation.id == User.delegation_id,
                                                               isouter=True).order_by(User.name)).all()
        for u, d in rows:
            out.print(f"{u.name}\t{u.role}\t{d or ''}\t{'active' if u.active else 'disabled'}")


@token_cli.command("create")
def token_create(name: Annotated[str, typer.Argument(help="the user the token acts for")]) -> None:
    """Print a new API token for NAME on stdout (shown once; only its hash is kept)."""
    from sqlmodel import Session

    from app.services import accounts

    with Session(engine_for(_url())) as session:
        token = accounts.create_token(session, name=name)
    typer.echo(token)


@token_cli.command("revoke")
def token_revoke(token: Annotated[str, typer.Argument(help="the token, or its prefix as `stemma token list` shows")]
                 ) -> None:
    """Revoke a token at once, in every process."""
    from sqlmodel import Session

    from app.services import accounts

    with Session(engine_for(_url())) as session:
        n = accounts.revoke_tokens(session, token_or_prefix=token)
    out.print(f"{n} token{'s' if n != 1 else ''} revoked")


@token_cli.command("list")
def token_list(name: Annotated[str, typer.Argument(help="the user")]) -> None:
    """NAME's tokens: prefix, created, revoked."""
    from sqlmodel import Session

    from app.services import accounts

    with Session(engine_for(_url())) as session:
        for t in accounts.list_tokens(session, name):
            out.print(f"{t.prefix}…\tcreated {t.created_at:%Y-%m-%d %H:%M}\t"
                      f"{'revoked ' + format(t.revoked_at, '%Y-%m-%d %H:%M') if t.revoked_at else 'active'}")


@cli.command("backup")
def backup_cmd(file: Path = typer.Argument(..., help="where to write the backup")) -> None:
    """Back up the whole database (SQLite: online backup; PostgreSQL: pg_dump custom format)."""
    from app.backup import backup

    backup(_url(), file)
    out.print(f"backed up {_safe_url()} to {file}")


@cli.command("restore")
def restore_cmd(file: Path = typer.Argument(..., help="a file written by `stemma backup`")) -> None:
    """Replace the database's contents with a backup (PostgreSQL: in one transaction)."""
    from app.backup import restore

    restore(_url(), file)
    out.print(f"restored {_safe_url()} from {file}")


@cli.command("serve")
def serve(host: str = "127.0.0.1", port: int = 8000, reload: bool = False,
          limit_concurrency: Annotated[Optional[int], typer.Option(
              help="answer 503 at once beyond this many requests in flight (default: queue them)")] = None,
          workers: Annotated[int, typer.Option(min=1, help="worker processes (each with its own pool "
                                                       "and caches; all revalidate against the database)")] = 1
          ) -> None:
    """Serve the web application with uvicorn."""
    import uvicorn

    engine_for(_url())
    # No `server: uvicorn` banner; a stop waits at most 10 s for requests in flight.
    uvicorn.run("app.main:create_app", factory=True, host=host, port=port, reload=reload, server_header=False,
                limit_concurrency=limit_concurrency, timeout_graceful_shutdown=10, workers=None if reload else workers)


def _safe_url() -> str:
    from sqlalchemy.engine import make_url

    return make_url(_url()).render_as_string(hide_password=True)


def _explain(exc: BaseException) -> str:
    from app.errors import StemmaError

    from app.backup import BackupError

    if isinstance(exc, (CorpusError, DatabaseConfigError, CliError, BackupError)):
        return str(exc)
    if isinstance(exc, StemmaError):
        return exc.message
    if isinstance(exc, OperationalError) and "no such table" in str(exc.orig):
        return f"the database at {_safe_url()} has no schema: run `stemma db upgrade` first"
    if isinstance(exc, OperationalError):
        first = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc).splitlines()[0]
        return f"cannot use the database at {_safe_url()}: {first}"
    if isinstance(exc, ProgrammingError):
        first = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc).splitlines()[0]
        return f"database error (has `stemma db upgrade` been run?): {first}"
    if isinstance(exc, SQLAlchemyError):
        return f"database error: {str(exc).splitlines()[0]}"
    return f"{type(exc).__name__}: {exc}"


def main() -> None:
    """Entry point: run the Typer app, turning expected failures into one line and exit 1."""
    try:
        cli(standalone_mode=False)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err.print("aborted")
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 - the one place that turns errors into a line
        show = getattr(exc, "show", None)
        if callable(show) and hasattr(exc, "exit_code"):  # a usage error from the command parser
            show()
            sys.exit(exc.exit_code)
        print(f"error: {_explain(exc)}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
