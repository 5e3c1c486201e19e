"""Pytest fixtures of the real server: one cluster a session, the Clinic Audit database
set up once by ``server init`` as a template, and a fresh copy of it for each test.

The people (login roles) belong to the whole cluster, so they are made once: a
supervisor, two inspectors and a clerk. Their passwords are in a libpq password file
that PGPASSFILE names for the session, as an agency's laptops keep them.
"""

from __future__ import annotations

import itertools
import os

import pytest
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from tests.server.cluster import ADMIN, ADMIN_PASSWORD, INSTALL_HINT, Cluster, server_bin

TEMPLATE = "ca_template"
PEOPLE = {
    "sup_sam": ("supervisor", "Sam Supervisor"),
    "insp_ana": ("inspector", "Ana Inspector"),
    "insp_ben": ("inspector", "Ben Inspector"),
    "clerk_cy": ("clerk", "Cy Clerk"),
}
_numbers = itertools.count(1)


def password_of(name: str) -> str:
    return ADMIN_PASSWORD if name == ADMIN else f"{name}-password-1"


class Server:
    """The running cluster and one test's database on it."""

    def __init__(self, cluster: Cluster, database: str):
        self.cluster = cluster
        self.database = database

    def address(self, user: str = ADMIN, tcp: bool = False) -> str:
        return self.cluster.address(user, self.database, tcp=tcp)

    def psql(self, sql: str, user: str):
        return self.cluster.psql(sql, user, password_of(user), self.database)


def admin_engine(cluster: Cluster, database: str = "postgres"):
    url = cluster.address(ADMIN, database).replace("postgresql://", "postgresql+psycopg://")
    return create_engine(
        url,
        isolation_level="AUTOCOMMIT",
        poolclass=NullPool,
        connect_args={"password": ADMIN_PASSWORD},  # whatever PGPASSFILE a test set
    )


@pytest.fixture(scope="session")
def pg_cluster(tmp_path_factory):
    bin_dir = server_bin()
    if bin_dir is None:
        pytest.fail(INSTALL_HINT, pytrace=False)
    cluster = Cluster(bin_dir).start()
    passfile = tmp_path_factory.mktemp("libpq") / "pgpass"
    lines = [f"*:*:*:{name}:{password_of(name)}" for name in (ADMIN, *PEOPLE)]
    passfile.write_text("\n".join(lines) + "\n")
    passfile.chmod(0o600)
    previous = os.environ.get("PGPASSFILE")
    os.environ["PGPASSFILE"] = str(passfile)
    try:
        _make_template(cluster)
        yield cluster
    finally:
        if previous is None:
            os.environ.pop("PGPASSFILE", None)
        else:
            os.environ["PGPASSFILE"] = previous
        cluster.remove()


def _make_template(cluster: Cluster) -> None:
    from clinic_audit.store.server_admin import add_user, init_server

    name, (role, full_name) = next(iter(PEOPLE.items()))
    store = init_server(cluster.address(ADMIN, TEMPLATE), name, full_name, password_of(name))
    for name, (role, full_name) in list(PEOPLE.items())[1:]:
        add_user(store, name, role, full_name, password_of(name))
    store.close()


@pytest.fixture
def server(pg_cluster):
    """A fresh Clinic Audit database (a copy of the template) for this test."""
    from clinic_audit.store import server_schema

    database = f"ca_test_{next(_numbers)}"
    engine = admin_engine(pg_cluster)
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{database}" TEMPLATE {TEMPLATE} STRATEGY FILE_COPY')
        server_schema.open_database(conn, database)
    yield Server(pg_cluster, database)
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.server)])
def store_on_both(request, tmp_path):
    """The store on each backend: a local SQLite file, and the agency's server as an
    inspector (so that row-level security is in force for every store behaviour)."""
    from clinic_audit.store.database import Store

    if request.param == "sqlite":
        store = Store.open(tmp_path / "store.sqlite3", create=True)
    else:
        server = request.getfixturevalue("server")
        store = Store.connect(server.address("insp_ana"))
        store.test_server = server  # type: ignore[attr-defined]
    yield store
    store.close()


@pytest.fixture
def laptops(tmp_path):
    """Laptops' stores, made on demand by name: laptops("ana")."""
    from clinic_audit.store.database import Store

    made = {}

    def laptop(name: str):
        made[name] = Store.open(tmp_path / f"{name}.sqlite3", create=True)
        return made[name]

    yield laptop
    for store in made.values():
        store.close()


@pytest.fixture
def logins(server):
    """Each person's connection to this test's server, made once: logins("insp_ana")."""
    from clinic_audit.store.database import Store

    made = {}

    def login(name: str):
        if name not in made:
            made[name] = Store.connect(server.address(name))
        return made[name]

    yield login
    for store in made.values():
        store.close()
