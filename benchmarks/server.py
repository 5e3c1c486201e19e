"""Benchmark the agency's server at agency size: an inspector's Home and a supervisor's
first page of all audits, each against a plain psycopg query of the same rows.

A script run by hand, not a test (seeding takes a few minutes):

    python benchmarks/server.py [--audits 200000] [--facilities 20000] [--runs 7]

It starts a throwaway PostgreSQL cluster (tests/server/cluster.py: Debian's postgresql,
run as the postgres user when started as root), sets it up with ``server init``, adds
100 inspectors, and fills it with COPY: the facilities, the audits (each a real
100-answer record, 85 % finalized), their trail's creation entry, the facility links,
200 assignments per inspector, and photos on one audit in 1,000.

Measured, medians of ``--runs``, each opening a new connection as the person would:
- inspector's Home: ``Store.connect`` as an inspector, ``list()`` (their drafts and the
  finalized history of their assigned facilities, through row security) and their open
  assignments. Floor: ``psycopg.connect`` as the same login and the same two queries.
- supervisor's first page: ``audit_page`` finalized audits, a facility-name filter and a
  date range, 50 rows and the count. Floor: the same SQL through psycopg.
Goals (issue 17): each under 0.5 s and at most 2x its floor.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import platform
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from clinic_audit.audit.model import Audit  # noqa: E402
from clinic_audit.files.sample import build_sample  # noqa: E402
from clinic_audit.store import agency  # noqa: E402
from clinic_audit.store.database import Store  # noqa: E402
from clinic_audit.store.quick_list import LIST_QUERY  # noqa: E402
from clinic_audit.store.server_admin import add_user, init_server  # noqa: E402
from tests.server.cluster import ADMIN, ADMIN_PASSWORD, Cluster, server_bin  # noqa: E402

INSPECTORS = 100
PASSWORD = "benchmark-password"
DATABASE = "ca_bench"


def seed(cluster: Cluster, audits: int, facilities: int) -> None:
    admin_address = cluster.address(ADMIN, DATABASE)
    store = init_server(admin_address, "sup_bench", "Supervisor", PASSWORD)
    for number in range(INSPECTORS):
        add_user(store, f"insp_{number:03d}", "inspector", f"Inspector {number}", PASSWORD)
    store.close()
    sample = build_sample(photos=0)
    template = Audit.model_validate(
        sample.model_dump(exclude={"photo_data", "pack", "revision", "facility_record"})
    )
    document = template.model_dump_json()
    old_id = template.id
    rng = random.Random(17)
    started = time.perf_counter()
    with psycopg.connect(_dsn(cluster, ADMIN), password=ADMIN_PASSWORD) as conn:
        facility_ids = [uuid.uuid4().hex for _ in range(facilities)]
        with conn.cursor().copy("COPY facilities (id, name, body) FROM STDIN") as copy:
            for number, fid in enumerate(facility_ids):
                body = f'{{"id": "{fid}", "name": "Clinic {number}", "license_numbers": []}}'
                copy.write_row((fid, f"Clinic {number}", body))
        first = dt.date(2021, 1, 1)
        audit_rows = []
        columns = (
            "id, checklist_id, checklist_version, kind, status, facility_name, audit_date, "
            "score, outcome, updated_at, revision, document, owner"
        )
        with conn.cursor().copy(f"COPY audits ({columns}) FROM STDIN") as copy:
            for _ in range(audits):
                aid = uuid.uuid4().hex
                facility = rng.randrange(facilities)
                day = (first + dt.timedelta(days=rng.randrange(5 * 365))).isoformat()
                status = "finalized" if rng.random() < 0.85 else "draft"
                owner = f"insp_{rng.randrange(INSPECTORS):03d}"
                copy.write_row((
                    aid, template.checklist_id, template.checklist_version, template.kind.value,
                    status, f"Clinic {facility}", day, rng.uniform(40, 100), "pass",
                    f"{day}T12:00:00+00:00", 3, document.replace(old_id, aid), owner,
                ))  # fmt: skip
                audit_rows.append((aid, facility_ids[facility], day))
        with conn.cursor().copy("COPY facility_audits (audit_id, facility_id) FROM STDIN") as copy:
            for aid, fid, _day in audit_rows:
                copy.write_row((aid, fid))
        trail_columns = "audit_id, at, actor, action, path, old, new, prev_hash"
        with conn.cursor().copy(f"COPY trail ({trail_columns}) FROM STDIN") as copy:
            for aid, _fid, day in audit_rows:
                copy.write_row((aid, f"{day}T12:00:00", "seed", "created", "", None, "x", None))
        columns = "id, facility_id, inspector, due_date, purpose, note, assigned_by, assigned_at"
        with conn.cursor().copy(f"COPY assignments ({columns}) FROM STDIN") as copy:
            for number in range(INSPECTORS):
                for fid in rng.sample(facility_ids, 200):
                    copy.write_row((uuid.uuid4().hex, fid, f"insp_{number:03d}", "2027-01-15",
                                    "routine", "", "sup_bench", "2026-12-01T09:00:00"))  # fmt: skip
        photo = os.urandom(1_500_000)
        with conn.cursor().copy(
            "COPY photos (sha256, jpeg_sha256, width, height, jpeg, thumb) FROM STDIN"
        ) as copy:
            for number in range(max(1, audits // 1000)):
                data = photo[:-8] + number.to_bytes(8, "big")
                digest = hashlib.sha256(data).hexdigest()
                copy.write_row((digest, digest, 2048, 1536, data, data[:20_000]))
        conn.commit()
        conn.execute("ANALYZE")
    print(f"seeded in {time.perf_counter() - started:.0f} s")


def _dsn(cluster: Cluster, user: str) -> str:
    return f"host={cluster.socket_dir} port={cluster.port} dbname={DATABASE} user={user}"


def inspector_home(cluster: Cluster, user: str) -> int:
    store = Store.connect(cluster.address(user, DATABASE), ask=lambda _prompt: PASSWORD)
    rows = store.list()
    rows_assigned = agency.assignments(store, user)
    store.close()
    return len(rows) + len(rows_assigned)


def inspector_floor(cluster: Cluster, user: str) -> int:
    with psycopg.connect(_dsn(cluster, user), password=PASSWORD) as conn:
        rows = conn.execute(LIST_QUERY).fetchall()
        assigned = conn.execute(
            "SELECT a.id, a.facility_id, f.name, a.inspector, a.due_date, a.purpose, a.note, "
            "a.assigned_by, a.assigned_at, a.audit_id FROM assignments a JOIN facilities f "
            "ON f.id = a.facility_id WHERE a.inspector = %s AND a.audit_id IS NULL "
            "ORDER BY a.due_date, f.name",
            (user,),
        ).fetchall()
    return len(rows) + len(assigned)


WHERE = agency.AuditFilter(
    status="finalized", facility="Clinic 12", date_from=dt.date(2023, 1, 1),
    date_to=dt.date(2025, 12, 31),
)  # fmt: skip


def supervisor_page(cluster: Cluster) -> int:
    store = Store.connect(cluster.address("sup_bench", DATABASE), ask=lambda _prompt: PASSWORD)
    rows, total = agency.audit_page(store, WHERE)
    store.close()
    return len(rows) + total


def supervisor_floor(cluster: Cluster) -> int:
    condition = (
        "status = 'finalized' AND facility_name ILIKE '%%Clinic 12%%' "
        "AND audit_date >= '2023-01-01' AND audit_date <= '2025-12-31'"
    )
    with psycopg.connect(_dsn(cluster, "sup_bench"), password=PASSWORD) as conn:
        rows = conn.execute(
            "SELECT id, facility_name, kind, audit_date, status, score, outcome, owner "
            f"FROM audits WHERE {condition} ORDER BY audit_date DESC, id LIMIT 50"
        ).fetchall()
        (total,) = conn.execute(f"SELECT count(*) FROM audits WHERE {condition}").fetchone()
    return len(rows) + (total or 0)


def timed(job, runs: int) -> tuple[float, int]:
    result = job()  # warm-up: the server's caches, the Python imports
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = job()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--audits", type=int, default=200_000)
    parser.add_argument("--facilities", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    bin_dir = server_bin()
    if bin_dir is None:
        sys.exit("PostgreSQL's initdb is not installed: apt-get install postgresql")
    cluster = Cluster(bin_dir).start()
    os.environ["PGPASSWORD"] = ADMIN_PASSWORD  # the administrator's, for init only
    try:
        seed(cluster, args.audits, args.facilities)
        del os.environ["PGPASSWORD"]
        print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
              f"Python {platform.python_version()}, {args.audits} audits, "
              f"{args.facilities} facilities")  # fmt: skip
        user = "insp_007"
        for name, job, floor in (
            ("inspector's Home", lambda: inspector_home(cluster, user),
             lambda: inspector_floor(cluster, user)),
            ("supervisor's first page (finalized, name, dates)", lambda: supervisor_page(cluster),
             lambda: supervisor_floor(cluster)),
        ):  # fmt: skip
            took, rows = timed(job, args.runs)
            floor_took, floor_rows = timed(floor, args.runs)
            assert rows == floor_rows, (name, rows, floor_rows)
            print(f"{name}: median {took * 1000:.0f} ms, floor {floor_took * 1000:.0f} ms "
                  f"({took / floor_took:.2f}x), {rows} rows and counts")  # fmt: skip
    finally:
        cluster.remove()


if __name__ == "__main__":
    main()
