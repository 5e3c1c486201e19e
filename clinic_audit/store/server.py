"""The agency's store on a PostgreSQL server: its address, the login, and what the
server's refusals mean to the person at the keyboard.

The address is a libpq URL (``postgresql://NAME@HOST/DATABASE?sslmode=verify-full``);
psycopg 3 speaks to the server through SQLAlchemy, as the local store does to SQLite.
The password is never written by the app: libpq finds it in ``PGPASSWORD`` or its
password file (``~/.pgpass``); else the system keyring (``clinic-audit server login``
keeps it there); else the ``ask`` callback (a terminal prompt, the app's dialog), and it
is held in memory for the session only.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext, make_url
from sqlalchemy.exc import ArgumentError

from clinic_audit.messages.catalogue import ErrorCode
from clinic_audit.store.errors import StoreError

SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")
KEYRING_SERVICE = "clinic-audit server"

AskPassword = Callable[[str], str | None]


def is_server_address(value: object) -> bool:
    return isinstance(value, str) and value.strip().lower().startswith(SCHEMES)


def shown(address: str) -> str:
    """The address as it may be printed: any password in it masked."""
    from urllib.parse import unquote

    try:
        rendered = make_url(sqlalchemy_url(address)).render_as_string(hide_password=True)
        return unquote(rendered.replace("postgresql+psycopg://", "postgresql://"))
    except ArgumentError:
        return address.split("@")[-1]


def login_name(address: str) -> str:
    url = make_url(sqlalchemy_url(address))
    return url.username or url.query.get("user") or getpass.getuser()  # type: ignore[return-value]


def keyring_key(address: str) -> str:
    url = make_url(sqlalchemy_url(address))
    host = url.host or url.query.get("host") or "local"
    return f"{login_name(address)}@{host}/{url.database or ''}"


def sqlalchemy_url(address: str) -> str:
    """A server address as SQLAlchemy takes it: postgresql:// through psycopg 3."""
    address = address.strip()
    for scheme in ("postgresql://", "postgres://"):
        if address.lower().startswith(scheme):
            return "postgresql+psycopg://" + address[len(scheme) :]
    return address


class Login:
    """The password for one address, asked at most once a session and kept in memory."""

    def __init__(self, address: str, ask: AskPassword | None = None):
        self.address = address
        self.ask = ask
        self.password: str | None = None

    def find_password(self) -> str | None:
        kept = from_keyring(self.address)
        if kept is not None:
            return kept
        if self.ask is None:
            return None
        return self.ask(f"Password of {login_name(self.address)} on {shown(self.address)}: ")


def server_engine(address: str, ask: AskPassword | None = None) -> Engine:
    """An engine for the server at ``address``; StoreError if the address is not one."""
    try:
        url = make_url(sqlalchemy_url(address))
    except ArgumentError as error:
        raise StoreError(ErrorCode.SERVER_BAD_ADDRESS, server=address, error=error) from None
    if url.password is not None:
        raise StoreError(
            ErrorCode.SERVER_BAD_ADDRESS, server=shown(address), error="it holds a password"
        )
    engine = create_engine(
        url,
        pool_pre_ping=True,  # a connection the server or network dropped is made again
        connect_args={"application_name": "clinic-audit", "connect_timeout": 10},
    )
    login = Login(address, ask)
    event.listen(engine, "do_connect", _connect_with(login))
    event.listen(engine, "handle_error", _explain_server_error(address))
    return engine


def _connect_with(login: Login) -> Callable[..., Any]:
    def connect(dialect: Any, _record: Any, cargs: Any, cparams: dict[str, Any]) -> Any:
        import psycopg

        if login.password is not None:
            cparams["password"] = login.password
        try:
            return dialect.loaded_dbapi.connect(*cargs, **cparams)
        except psycopg.OperationalError as error:
            if "no password supplied" not in str(error) or login.password is not None:
                raise connect_error(login.address, error) from None
        password = login.find_password()
        if password is None:
            raise StoreError(
                ErrorCode.SERVER_PASSWORD_NEEDED,
                server=shown(login.address),
                user=login_name(login.address),
            )
        cparams["password"] = password
        try:
            connection = dialect.loaded_dbapi.connect(*cargs, **cparams)
        except psycopg.OperationalError as error:
            raise connect_error(login.address, error) from None
        login.password = password
        return connection

    return connect


def first_line(error: BaseException) -> str:
    text = str(error).strip()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    line = lines[0] if lines else type(error).__name__
    return line.removeprefix("connection failed: ")[:240]


def connect_error(address: str, error: BaseException) -> StoreError:
    """What a failed login or connection means, as the message a person reads."""
    message = str(error)
    lower = message.lower()
    params = {"server": shown(address), "user": login_name(address), "error": first_line(error)}
    if "password authentication failed" in lower or "role" in lower and "does not exist" in lower:
        return StoreError(ErrorCode.SERVER_LOGIN_REFUSED, **params)
    if "no password supplied" in lower:
        return StoreError(ErrorCode.SERVER_PASSWORD_NEEDED, **params)
    if "ssl" in lower or "certificate" in lower or "tls" in lower:
        return StoreError(ErrorCode.SERVER_TLS, **params)
    if "database" in lower and ("does not exist" in lower or "permission denied" in lower):
        database = make_url(sqlalchemy_url(address)).database or "(none)"
        return StoreError(ErrorCode.SERVER_NO_DATABASE, database=database, **params)
    return StoreError(ErrorCode.SERVER_DOWN, **params)


def _explain_server_error(address: str) -> Callable[[ExceptionContext], StoreError | None]:
    def explain(context: ExceptionContext) -> StoreError | None:
        import psycopg

        error = context.original_exception
        params = {"server": shown(address), "user": login_name(address), "error": ""}
        params["error"] = first_line(error)
        if isinstance(error, psycopg.errors.InsufficientPrivilege):
            doing = "write this" if "row-level security" in str(error) else "do this"
            return StoreError(ErrorCode.SERVER_NOT_ALLOWED, doing=doing, **params)
        if isinstance(error, psycopg.errors.RestrictViolation):
            return StoreError(ErrorCode.SERVER_GUARD, error=first_line(error))
        if isinstance(error, psycopg.OperationalError) and not context.is_pre_ping:
            if context.connection is None:
                return connect_error(address, error)
            return StoreError(ErrorCode.SERVER_LOST, **params)
        return None

    return explain


def from_keyring(address: str) -> str | None:
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, keyring_key(address))
    except (KeyringError, RuntimeError, OSError):
        return None


def remember(address: str, password: str) -> None:
    """Keep the password in the system keyring (``clinic-audit server login``)."""
    import keyring

    keyring.set_password(KEYRING_SERVICE, keyring_key(address), password)


def terminal_prompt(prompt: str) -> str | None:
    import sys

    if not sys.stdin.isatty():
        return None
    return getpass.getpass(prompt)
