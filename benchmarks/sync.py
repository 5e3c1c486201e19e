"""Benchmark offline sync as a person runs it: ``clinic-audit sync`` as a whole process.

    python benchmarks/sync.py [--runs 5] [--facilities 20000]

It starts a throwaway PostgreSQL cluster (tests/server/cluster.py), sets it up with
``server init`` and one inspector, and measures, medians of ``--runs``, each on a fresh
copy of the database and of the laptop's store:

- one day's sync: a laptop with 5 signed audits holding 100 photos of 1.5 MB (random
  bytes, as incompressible as JPEGs) pushes everything. Floor: a process that connects
  with psycopg and COPYs the same bytes (each photo and thumbnail, each record and its
  trail) into a scratch table in one transaction. Goal: at most 2x the floor.
- a pull of ``--facilities`` facilities by a supervisor's empty laptop (supervisors see
  every facility). Floor: a process that COPYs the same rows out of PostgreSQL and
  inserts them into a SQLite file. Goals: under 5 s and at most 2x the floor.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from clinic_audit.audit.model import Audit, PhotoRef  # noqa: E402
from clinic_audit.files.sample import build_sample  # noqa: E402
from clinic_audit.store import schema  # noqa: E402
from clinic_audit.store.database import Store  # noqa: E402
from clinic_audit.store.server_admin import add_user, init_server  # noqa: E402
from tests.server.cluster import ADMIN, ADMIN_PASSWORD, Cluster, server_bin  # noqa: E402

PASSWORD = "benchmark-password"
TEMPLATE = "ca_sync_template"
AUDITS, PHOTOS_EACH, PHOTO_BYTES, THUMB_BYTES = 5, 20, 1_500_000, 20_000


def make_laptop(path: Path) -> None:
    """Five signed audits, 20 photos each, put in the store as the app keeps them."""
    store = Store.open(path, create=True)
    sample = build_sample(photos=0)
    base = Audit.model_validate(
        sample.model_dump(exclude={"photo_data", "pack", "revision", "facility_record"})
    )
    items = list(base.responses)
    for number in range(AUDITS):
        audit = base.model_copy(deep=True)
        audit.id = uuid.uuid4().hex
        audit.facility.name = f"Clinic {number}"
        audit.facility.licence_number = f"BENCH-{number}"
        rows = []
        for index in range(PHOTOS_EACH):
            jpeg = os.urandom(PHOTO_BYTES)
            digest = hashlib.sha256(jpeg).hexdigest()
            rows.append(dict(sha256=digest, jpeg_sha256=digest, width=2048, height=1536,
                             jpeg=jpeg, thumb=os.urandom(THUMB_BYTES)))  # fmt: skip
            ref = PhotoRef(sha256=digest, jpeg_sha256=digest, width=2048, height=1536)
            audit.responses[items[index % len(items)]].photos.append(ref)
        with store.transaction() as conn:
            conn.execute(schema.photos.insert(), rows)
        store.create(audit, "bench")
    store.close()


def payload(path: Path) -> list[bytes]:
    """What the day's sync carries: the photos, thumbnails, records and trails."""
    with sqlite3.connect(path) as conn:
        out = [jpeg + thumb for jpeg, thumb in conn.execute("SELECT jpeg, thumb FROM photos")]
        out += [doc.encode() for (doc,) in conn.execute("SELECT document FROM audits")]
        trail = conn.execute("SELECT * FROM trail").fetchall()
    return [*out, json.dumps(trail).encode()]


def copy_floor(dsn: str, laptop: str) -> None:
    """The floor, run as its own process: COPY the day's bytes into PostgreSQL."""
    chunks = payload(Path(laptop))
    with psycopg.connect(dsn, password=PASSWORD) as conn:
        conn.execute("CREATE TEMP TABLE scratch (data bytea)")
        with conn.cursor().copy("COPY scratch (data) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(["bytea"])
            for chunk in chunks:
                copy.write_row((chunk,))
        conn.commit()


def pull_floor(dsn: str, target: str) -> None:
    """The floor, run as its own process: COPY the facilities out, into SQLite."""
    query = "COPY (SELECT id, name, body FROM facilities) TO STDOUT"
    with psycopg.connect(dsn, password=PASSWORD) as conn, conn.cursor().copy(query) as copy:
        rows = list(copy.rows())
    with sqlite3.connect(target) as db:
        db.execute("CREATE TABLE facilities (id TEXT PRIMARY KEY, name TEXT, body TEXT)")
        db.executemany("INSERT INTO facilities VALUES (?, ?, ?)", rows)


def seed_facilities(cluster: Cluster, count: int) -> None:
    dsn = f"host={cluster.socket_dir} port={cluster.port} dbname={TEMPLATE} user={ADMIN}"
    with psycopg.connect(dsn, password=ADMIN_PASSWORD) as conn:
        with conn.cursor().copy("COPY facilities (id, name, body) FROM STDIN") as copy:
            for number in range(count):
                fid = uuid.uuid4().hex
                body = json.dumps({"id": fid, "name": f"Clinic {number:05d}",
                                   "addresses": [f"{number} Main Street, Austin TX"],
                                   "license_numbers": [f"LIC-{number:05d}"]})  # fmt: skip
                copy.write_row((fid, f"Clinic {number:05d}", body))
        conn.commit()


def fresh_database(cluster: Cluster, name: str) -> None:
    dsn = f"host={cluster.socket_dir} port={cluster.port} dbname=postgres user={ADMIN}"
    with psycopg.connect(dsn, password=ADMIN_PASSWORD, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE {TEMPLATE}')
        conn.execute(f'GRANT CONNECT ON DATABASE "{name}" TO inspector, supervisor, clerk')


def timed_process(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env, cwd=ROOT, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in ("--copy-floor", "--pull-floor"):
        job = copy_floor if sys.argv[1] == "--copy-floor" else pull_floor
        job(sys.argv[2], sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--facilities", type=int, default=20_000)
    args = parser.parse_args()
    bin_dir = server_bin()
    if bin_dir is None:
        sys.exit("PostgreSQL's initdb is not installed: apt-get install postgresql")
    cluster = Cluster(bin_dir).start()
    temp = Path(tempfile.mkdtemp(prefix="clinic-audit-sync-bench-"))
    try:
        os.environ["PGPASSWORD"] = ADMIN_PASSWORD
        store = init_server(cluster.address(ADMIN, TEMPLATE), "sup_bench", "Sam", PASSWORD)
        add_user(store, "insp_bench", "inspector", "Ana", PASSWORD)
        store.close()
        del os.environ["PGPASSWORD"]
        laptop = temp / "laptop.sqlite3"
        make_laptop(laptop)
        env = {**os.environ, "PGPASSWORD": PASSWORD}
        cli = [sys.executable, "-m", "clinic_audit.cli.main"]
        me = [sys.executable, str(Path(__file__).resolve())]
        day, day_floor = [], []
        for run in range(args.runs + 1):  # the first warms the caches, and is not counted
            database = f"ca_sync_{run}"
            fresh_database(cluster, database)
            copy = temp / f"run-{run}.sqlite3"
            shutil.copy(laptop, copy)
            address = cluster.address("insp_bench", database)
            took = timed_process([*cli, "--db", str(copy), "sync", "--server", address,
                                  "--quiet"], env)  # fmt: skip
            dsn = (f"host={cluster.socket_dir} port={cluster.port} dbname={database} "
                   "user=insp_bench")  # fmt: skip
            floor = timed_process([*me, "--copy-floor", dsn, str(laptop)], env)
            if run:
                day.append(took)
                day_floor.append(floor)
        megabytes = sum(map(len, payload(laptop))) / 1e6
        seed_facilities(cluster, args.facilities)
        pulls, pull_floors = [], []
        for run in range(args.runs + 1):
            database = f"ca_pull_{run}"
            fresh_database(cluster, database)
            empty = temp / f"empty-{run}.sqlite3"
            address = cluster.address("sup_bench", database)
            took = timed_process([*cli, "--db", str(empty), "--create", "sync", "--server",
                                  address, "--quiet"], env)  # fmt: skip
            dsn = (f"host={cluster.socket_dir} port={cluster.port} dbname={database} "
                   "user=sup_bench")  # fmt: skip
            floor = timed_process([*me, "--pull-floor", dsn, str(temp / f"floor-{run}.db")], env)
            if run:
                pulls.append(took)
                pull_floors.append(floor)
        print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
              f"Python {platform.python_version()}, PostgreSQL at {bin_dir}")  # fmt: skip
        for name, times, floors in (
            (f"one day's sync ({AUDITS} audits, {AUDITS * PHOTOS_EACH} photos, "
             f"{megabytes:.0f} MB)", day, day_floor),
            (f"pull of {args.facilities:,} facilities", pulls, pull_floors),
        ):  # fmt: skip
            took, floor = statistics.median(times), statistics.median(floors)
            print(f"{name}: median {took:.2f} s, COPY floor {floor:.2f} s "
                  f"({took / floor:.2f}x)")  # fmt: skip
    finally:
        cluster.remove()
        shutil.rmtree(temp, ignore_errors=True)


if __name__ == "__main__":
    main()
