"""Accounts: users, API tokens, browser sessions and sign-in, with the audit of each change.

Everything a request needs to know who is asking is one indexed lookup (token or session hash
joined to its user and delegation); nothing lives in a process, so every instance agrees at once
when a token is revoked or a session ends.
"""

from __future__ import annotations

import datetime as dt
import secrets as pysecrets

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.auth import secrets
from app.auth.policy import Viewer
from app.errors import BadInput, Conflict, NotFound, TooManyAttempts, Unauthorized
from app.models import ApiToken, Delegation, InstanceSecret, LoginAttempt, Negotiation, User, WebSession, utcnow
from app.services import audit

ROLES = ("facilitator", "delegation", "reader")
SESSION_HOURS = 12
ATTEMPT_WINDOW = dt.timedelta(minutes=15)
MAX_FAILURES_PER_NAME = 5
MAX_FAILURES_PER_ADDRESS = 20


def _viewer(user: User, delegation: str | None, delegation_name: str | None, csrf: str | None = None) -> Viewer:
    return Viewer(user_id=user.id, name=user.name, role=user.role, delegation_id=user.delegation_id,
                  delegation=delegation, delegation_name=delegation_name, negotiation_id=user.negotiation_id,
                  csrf=csrf)


def add_user(session: Session, *, name: str, role: str, delegation: str | None = None,
             negotiation: str | None = None, password: str | None = None, email: str | None = None,
             actor: str = "stemma user add") -> User:
    """Create an account; a delegation member names their delegation, a facilitator may be
    limited to one negotiation."""
    name = name.strip()
    if not name or len(name) > 120 or any(c.isspace() for c in name):
        raise BadInput("a user name is 1-120 characters without spaces")
    if role not in ROLES:
        raise BadInput(f"role must be one of {', '.join(ROLES)}")
    if (role == "delegation") != (delegation is not None):
        raise BadInput("a delegation member needs --delegation SLUG, and only they have one")
    if negotiation is not None and role != "facilitator":
        raise BadInput("only a facilitator is bound to a negotiation")
    delegation_id = _id_of(session, Delegation, delegation, "delegation") if delegation else None
    negotiation_id = _id_of(session, Negotiation, negotiation, "negotiation") if negotiation else None
    try:
        hashed = secrets.hash_password(password) if password is not None else None
    except ValueError as exc:
        raise BadInput(str(exc)) from exc
    user = User(name=name, role=role, delegation_id=delegation_id, negotiation_id=negotiation_id,
                password_hash=hashed, email=email)
    session.add(user)
    try:
        session.flush()
    except IntegrityError as exc:
        session.rollback()
        raise Conflict(f"a user named '{name}' already exists") from exc
    audit.record(session, actor=actor, action="user.add", entity="user", key=name,
                 after={"name": name, "role": role, "delegation": delegation, "negotiation": negotiation})
    session.commit()
    return user


def _id_of(session: Session, model: type, slug: str, kind: str) -> int:
    found = session.exec(select(model.id).where(model.slug == slug)).first()  # type: ignore[attr-defined]
    if found is None:
        raise NotFound(kind, slug)
    return int(found)


def get_user(session: Session, name: str) -> User:
    user = session.exec(select(User).where(User.name == name)).first()
    if user is None:
        raise NotFound("user", name)
    return user


def create_token(session: Session, *, name: str, actor: str = "stemma token create") -> str:
    """A new API token for the user; only its hash is kept, so this is the one time it is shown."""
    user = get_user(session, name)
    token = secrets.new_token()
    session.add(ApiToken(user_id=user.id, prefix=secrets.token_prefix(token), token_hash=secrets.token_hash(token)))
    audit.record(session, actor=actor, action="token.create", entity="user", key=name,
                 after={"token": secrets.token_prefix(token)})
    session.commit()
    return token


def revoke_tokens(session: Session, *, token_or_prefix: str, actor: str = "stemma token revoke") -> int:
    """Revoke the token given whole or by the prefix `stemma token list` shows; returns how many."""
    q = select(ApiToken).where(ApiToken.revoked_at.is_(None))
    if token_or_prefix.startswith(secrets.TOKEN_PREFIX) and len(token_or_prefix) > 20:
        q = q.where(ApiToken.token_hash == secrets.token_hash(token_or_prefix))
    else:
        q = q.where(ApiToken.prefix == token_or_prefix)
    rows = list(session.exec(q))
    if not rows:
        raise NotFound("active token", secrets.token_prefix(token_or_prefix))
    for t in rows:
        t.revoked_at = utcnow()
        session.add(t)
        audit.record(session, actor=actor, action="token.revoke", entity="token", key=t.prefix,
                     before={"token": t.prefix, "revoked": False}, after={"token": t.prefix, "revoked": True})
    session.commit()
    return len(rows)


def list_tokens(session: Session, name: str) -> list[ApiToken]:
    user = get_user(session, name)
    return list(session.exec(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)))


def _user_row(session: Session, condition: object) -> tuple[User, str | None, str | None] | None:
    row = session.exec(select(User, Delegation.slug, Delegation.name)
                       .join(Delegation, Delegation.id == User.delegation_id, isouter=True)
                       .where(condition, User.active)).first()  # type: ignore[arg-type]
    return (row[0], row[1], row[2]) if row else None


def viewer_for_token(session: Session, token: str) -> Viewer:
    """The user an API token belongs to; an unknown or revoked token is refused (never anonymous)."""
    row = session.exec(select(User, Delegation.slug, Delegation.name)
                       .join(ApiToken, ApiToken.user_id == User.id)
                       .join(Delegation, Delegation.id == User.delegation_id, isouter=True)
                       .where(ApiToken.token_hash == secrets.token_hash(token), ApiToken.revoked_at.is_(None),
                              User.active)).first()
    if row is None:
        raise Unauthorized("this API token is unknown or revoked")
    return _viewer(row[0], row[1], row[2])


def viewer_for_session(session: Session, cookie: str) -> Viewer | None:
    """The signed-in user of a browser session cookie, or None when it has ended or expired."""
    row = session.exec(select(User, Delegation.slug, Delegation.name, WebSession.csrf)
                       .join(WebSession, WebSession.user_id == User.id)
                       .join(Delegation, Delegation.id == User.delegation_id, isouter=True)
                       .where(WebSession.token_hash == secrets.token_hash(cookie),
                              WebSession.expires_at > utcnow(), User.active)).first()
    return _viewer(row[0], row[1], row[2], row[3]) if row else None


def _check_attempts(session: Session, name: str, address: str) -> None:
    since = utcnow() - ATTEMPT_WINDOW
    by_name = session.exec(select(func.count()).select_from(LoginAttempt)
                           .where(LoginAttempt.name == name, LoginAttempt.at > since)).one()
    by_address = session.exec(select(func.count()).select_from(LoginAttempt)
                              .where(LoginAttempt.address == address, LoginAttempt.at > since)).one()
    if by_name >= MAX_FAILURES_PER_NAME or by_address >= MAX_FAILURES_PER_ADDRESS:
        raise TooManyAttempts("too many failed sign-ins: wait 15 minutes and try again",
                              retry_after=int(ATTEMPT_WINDOW.total_seconds()))


def sign_in(session: Session, *, name: str, password: str, address: str) -> tuple[str, Viewer]:
    """Check the password (rate-limited per name and per address) and open a session.

    Returns the cookie value; only its hash is stored."""
    name = name.strip()[:120]
    _check_attempts(session, name, address[:64])
    found = _user_row(session, User.name == name)
    if found is None or not secrets.verify_password(password, found[0].password_hash):
        if found is None:
            secrets.verify_password(password, None)
        session.add(LoginAttempt(name=name, address=address[:64]))
        session.commit()
        raise Unauthorized("wrong user name or password")
    user, delegation, delegation_name = found
    cookie = pysecrets.token_urlsafe(32)
    csrf = pysecrets.token_urlsafe(24)
    session.add(WebSession(user_id=user.id, token_hash=secrets.token_hash(cookie), csrf=csrf,
                           expires_at=utcnow() + dt.timedelta(hours=SESSION_HOURS)))
    session.commit()
    return cookie, _viewer(user, delegation, delegation_name, csrf)


def sign_out(session: Session, cookie: str) -> None:
    for row in session.exec(select(WebSession).where(WebSession.token_hash == secrets.token_hash(cookie))):
        session.delete(row)
    session.commit()


def instance_secret(session: Session, configured: str | None, key: str = "csrf") -> str:
    """The deployment's signing secret: STEMMA_SECRET_KEY, or one generated once and shared by every
    process through the database (the first process to need it stores it; the others read it)."""
    if configured:
        return configured
    found = session.get(InstanceSecret, key)
    if found is not None:
        return found.value
    value = pysecrets.token_urlsafe(48)
    try:
        session.add(InstanceSecret(key=key, value=value))
        session.commit()
    except IntegrityError:
        session.rollback()
        found = session.get(InstanceSecret, key)
        assert found is not None
        return found.value
    return value
