"""Setting up the agency's server: the database, its schema and policies, and people.

Run by the agency's database administrator, connected as a role that may create
databases and roles (``CREATEDB CREATEROLE``, or a superuser) and that owns the tables
afterwards. Each person gets a login role of their own, a member of one group
(server_schema.GROUPS); the password is hashed by libpq (SCRAM-SHA-256) before it is
sent, so it is in no server log, and nothing keeps it but the server.
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import Connection, insert, select, text
from sqlalchemy.engine import make_url

from clinic_audit.store import schema, server_schema
from clinic_audit.store.database import Store
from clinic_audit.store.server import server_engine, shown, sqlalchemy_url

ROLE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


class AdminError(ValueError):
    """The set-up cannot go on; the message says why and what to do."""


def database_of(address: str) -> str:
    database = make_url(sqlalchemy_url(address)).database
    if not database:
        raise AdminError(f"{shown(address)} names no database: end it with /DATABASE.")
    return database


def init_server(
    address: str, supervisor: str, full_name: str, password: str, ask: object = None
) -> Store:
    """Create the database (when missing), the schema, the groups and their policies, and
    the first supervisor; returns the store, open as the administrator."""
    check_role_name(supervisor)
    database = database_of(address)
    maintenance = make_url(sqlalchemy_url(address)).set(database="postgres")
    engine = server_engine(
        maintenance.render_as_string(hide_password=False),
        ask,  # type: ignore[arg-type]
    )
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            exists = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": database}
            ).first()
            if exists is None:
                conn.exec_driver_sql(f"CREATE DATABASE \"{database}\" ENCODING 'UTF8'")
    finally:
        engine.dispose()
    store = Store.connect(address, ask, setup=True)  # type: ignore[arg-type]
    with store.engine.begin() as conn:
        server_schema.open_database(conn, database)
    add_user(store, supervisor, "supervisor", full_name, password, existing_ok=True)
    return store


def upgrade_server(address: str, ask: object = None) -> Store:
    """Bring the server's schema to this version (take a pg_dump first)."""
    return Store.connect(address, ask, setup=True)  # type: ignore[arg-type]


def check_role_name(name: str) -> None:
    if not ROLE_NAME.match(name):
        raise AdminError(
            f"'{name}' cannot be a login name: use lower-case letters, digits and _, "
            "starting with a letter (at most 63), e.g. maria_lopez."
        )


def add_user(
    store: Store,
    name: str,
    role: str,
    full_name: str,
    password: str,
    valid_until: dt.date | None = None,
    existing_ok: bool = False,
) -> bool:
    """A login role for one person, in the group ``role``, and their entry in people.
    A login the server already has that is not yet among this store's people (roles
    belong to the whole server, e.g. from another database there) joins as it is, its
    password unchanged; ``existing_ok`` also accepts one already listed. Returns whether
    a new login was made."""
    check_role_name(name)
    if role not in server_schema.GROUPS:
        raise AdminError(f"'{role}' is not a role; choose {', '.join(server_schema.GROUPS)}.")
    if len(password) < 12:
        raise AdminError("The password is too short: give at least 12 characters.")
    with store.engine.begin() as conn:
        if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first():
            listed = conn.execute(select(schema.people.c.name).where(schema.people.c.name == name))
            if existing_ok or listed.first() is None:
                conn.exec_driver_sql(f'GRANT {role} TO "{name}"')
                _add_person(conn, name, full_name, role)
                return False
            raise AdminError(
                f"There is already a login named {name} on this server; choose another name, "
                f"or change theirs with 'clinic-audit server set-user {name}'."
            )
        secret = _scram(conn, name, password)
        until = f" VALID UNTIL '{valid_until.isoformat()}'" if valid_until else ""
        conn.exec_driver_sql(f"CREATE ROLE \"{name}\" LOGIN PASSWORD '{secret}'{until}")
        conn.exec_driver_sql(f'GRANT {role} TO "{name}"')
        _add_person(conn, name, full_name, role)
    return True


def _add_person(conn: Connection, name: str, full_name: str, role: str) -> None:
    p = schema.people
    if conn.execute(select(p.c.name).where(p.c.name == name)).first() is None:
        conn.execute(insert(p).values(name=name, full_name=full_name, role=role))


def set_user(
    store: Store,
    name: str,
    *,
    password: str | None = None,
    valid_until: dt.date | None = None,
    disable: bool = False,
) -> None:
    """Change a person's password, account expiry, or switch their login off."""
    check_role_name(name)
    with store.engine.begin() as conn:
        known = conn.execute(select(schema.people.c.name).where(schema.people.c.name == name))
        if known.first() is None:
            raise AdminError(f"No one named {name} was added to this store.")
        if password is not None:
            if len(password) < 12:
                raise AdminError("The password is too short: give at least 12 characters.")
            conn.exec_driver_sql(f"ALTER ROLE \"{name}\" PASSWORD '{_scram(conn, name, password)}'")
        if valid_until is not None:
            conn.exec_driver_sql(f"ALTER ROLE \"{name}\" VALID UNTIL '{valid_until.isoformat()}'")
        if disable:
            conn.exec_driver_sql(f'ALTER ROLE "{name}" NOLOGIN')


def people(store: Store) -> list[tuple[str, str, str]]:
    """(login, full name, role) of everyone, by role then name."""
    p = schema.people.c
    with store.engine.connect() as conn:
        rows = conn.execute(select(p.name, p.full_name, p.role).order_by(p.role, p.name))
        return [(row.name, row.full_name, row.role) for row in rows]


def _scram(conn: Connection, name: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier of the password, made by libpq on this side."""
    raw = conn.connection.dbapi_connection
    verifier = raw.pgconn.encrypt_password(  # type: ignore[union-attr]
        password.encode(), name.encode(), b"scram-sha-256"
    )
    return verifier.decode()
