"""Sync survives what happens in the field: the process killed at any point, the
network gone in the middle of a photo. Then sync again: the same result as one clean
sync, nothing lost, nothing twice, the server's trails intact."""

from __future__ import annotations

import contextlib
import random
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from clinic_audit.messages.catalogue import ErrorCode
from clinic_audit.service.audit_service import AuditService
from clinic_audit.store import schema
from clinic_audit.store.database import Store
from clinic_audit.store.errors import StoreError
from clinic_audit.sync.engine import sync
from tests.server.sync_helpers import draft_on, sample_on

pytestmark = pytest.mark.server
WORKER = Path(__file__).resolve().parents[1] / "reliability" / "sync_worker.py"
ROOT = Path(__file__).resolve().parents[2]


def day_of_work(store: Store) -> list[str]:
    """Two finalized audits with photos and a draft: what a laptop brings back."""
    ids = [sample_on(store, f"Clinic {n}", photos=4) for n in range(2)]
    for audit_id in ids:
        AuditService(store, "ana").finalize(audit_id)
    return [*ids, draft_on(store, "Clinic Draft", photos=2)]


def server_state(store: Store) -> dict:
    """Everything sync writes on the server, as comparable values."""
    with store.reading() as conn:
        audits = dict(conn.execute(select(schema.audits.c.id, schema.audits.c.document)).all())
        trail_rows = conn.execute(select(func.count()).select_from(schema.trail)).scalar()
        photos = set(conn.execute(select(schema.photos.c.sha256)).scalars())
        links = dict(conn.execute(select(schema.facility_audits)).all())
    return {
        "audits": audits,
        "trails": {audit_id: store.trail(audit_id) for audit_id in audits},
        "trail rows": trail_rows,
        "photos": photos,
        "links": links,
    }


def assert_same_as_the_laptop(server: Store, laptop: Store) -> None:
    state = server_state(server)
    for audit_id in state["audits"]:
        assert server.check_trail(audit_id).intact
        assert server.get(audit_id) == laptop.get(audit_id)
        assert state["trails"][audit_id] == laptop.trail(audit_id)  # nothing twice
    assert set(state["audits"]) == {row.id for row in laptop.list()}
    wanted = {ref.sha256 for row in laptop.list() for _i, ref in laptop.get(row.id).photo_refs()}
    assert wanted <= state["photos"]


def sync_with_kills(laptop_file: Path, address: str, check: Store, rng: random.Random) -> int:
    """Sync in a child process killed at random statements until two syncs finished;
    after every kill, what reached the server is whole. The kills."""
    kills = finished = 0
    for _attempt in range(40):
        kill_at = rng.randint(2, 80)  # a clean sync of this day runs about 110
        done = subprocess.run(
            [sys.executable, str(WORKER), str(laptop_file), address, str(kill_at)],
            capture_output=True, text=True, timeout=120, cwd=ROOT,
        )  # fmt: skip
        if done.returncode == 0:
            finished += 1
            if finished == 2:
                return kills
            continue
        assert done.returncode == -9, done.stderr
        kills += 1
        for audit_id in server_state(check)["audits"]:
            assert check.check_trail(audit_id).intact
    raise AssertionError(f"sync never finished twice in 40 runs ({kills} killed)")


def test_sync_killed_at_random_points_then_resumed_loses_and_doubles_nothing(
    laptops, logins, server, tmp_path
):
    laptop = laptops("ana")
    day_of_work(laptop)
    laptop.close()  # the worker is the only one writing it, as when the app is closed
    rng = random.Random(18)
    address = server.address("insp_ana")
    assert sync_with_kills(tmp_path / "ana.sqlite3", address, logins("insp_ana"), rng) >= 5
    with Store.open(tmp_path / "ana.sqlite3") as reopened:
        assert_same_as_the_laptop(logins("insp_ana"), reopened)
        again = sync(reopened, logins("insp_ana"))
        assert again.pushed == again.pulled == 0 and again.unchanged == 3
    second = laptops("ana-2")  # her other laptop pulls it all, killed as often
    second.close()
    assert sync_with_kills(tmp_path / "ana-2.sqlite3", address, logins("insp_ana"), rng) >= 3
    with Store.open(tmp_path / "ana-2.sqlite3") as pulled:
        assert_same_as_the_laptop(logins("insp_ana"), pulled)
        for row in pulled.list():
            assert pulled.check_trail(row.id).intact


class CuttingProxy:
    """A TCP proxy on loopback that drops both connections once ``limit`` bytes went
    from the client to the server: the network gone in the middle of a transfer."""

    def __init__(self, port: int, limit: int | None):
        self.target, self.limit, self.sent = port, limit, 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.cut = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target))
            pair = (client, upstream)
            threading.Thread(
                target=self._pump, args=(client, upstream, True, pair), daemon=True
            ).start()
            threading.Thread(
                target=self._pump, args=(upstream, client, False, pair), daemon=True
            ).start()

    def _pump(self, source, sink, upward: bool, pair) -> None:
        try:
            while chunk := source.recv(65536):
                if upward and self.limit is not None:
                    self.sent += len(chunk)
                    if self.sent > self.limit:
                        self.cut.set()
                        break
                sink.sendall(chunk)
        except OSError:
            pass
        for sock in pair:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def close(self) -> None:
        self.listener.close()


def test_the_network_cut_mid_photo_then_sync_again_finishes_cleanly(laptops, logins, server):
    laptop = laptops("ana")
    day_of_work(laptop)
    proxy = CuttingProxy(server.cluster.port, limit=400_000)  # inside the first photos
    address = f"postgresql://insp_ana@127.0.0.1:{proxy.port}/{server.database}?sslmode=disable"
    cut_off = Store.connect(address)
    try:
        with pytest.raises(StoreError) as lost:
            sync(laptop, cut_off)
        assert proxy.cut.is_set()
        assert lost.value.code == ErrorCode.SYNC_LOST and "sync again" in str(lost.value)
    finally:
        cut_off.close()
        proxy.close()
    partial = server_state(logins("insp_ana"))
    for audit_id in partial["audits"]:
        assert logins("insp_ana").check_trail(audit_id).intact
    resumed = sync(laptop, logins("insp_ana"))
    assert resumed.pushed == 3 - len(partial["audits"]) and resumed.conflicts == []
    assert_same_as_the_laptop(logins("insp_ana"), laptop)
