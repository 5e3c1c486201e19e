"""Sync, merge and conflicts as an inspector and a supervisor type them."""

from __future__ import annotations

import pytest

from clinic_audit.service.audit_service import AuditService
from clinic_audit.store.database import Store
from tests.server.sync_helpers import draft_on, first_items, sign_and_finalize
from tests.server.test_server_cli import run

pytestmark = pytest.mark.server


def test_an_inspector_syncs_merges_and_a_supervisor_resolves(server, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # no app settings
    monkeypatch.delenv("CLINIC_AUDIT_SERVER", raising=False)
    one, two = tmp_path / "one.sqlite3", tmp_path / "two.sqlite3"
    ana = server.address("insp_ana")
    code, out = run(capsys, monkeypatch, "--db", str(one), "--create", "sync")
    assert code == 2 and "No server to sync with" in out and "--server" in out
    with Store.open(one, create=True) as store:
        audit_id = draft_on(store)
        item = first_items(store, audit_id, 1)[0]
    code, out = run(capsys, monkeypatch, "--db", str(one), "sync", "--server", ana)
    assert code == 0, out
    assert "1 audit sent, 0 received" in out and "3 photos sent" in out
    assert "insp_ana" in out and "password" not in out
    code, out = run(capsys, monkeypatch, "--db", str(two), "--create", "sync", "--server", ana)
    assert code == 0 and "0 audits sent, 1 received" in out
    for path, note in ((one, "from one"), (two, "from two")):
        with Store.open(path) as store:
            AuditService(store, "ana").set_note(audit_id, item, note)
    assert run(capsys, monkeypatch, "--db", str(one), "sync")[0] == 0  # the server remembered
    code, out = run(capsys, monkeypatch, "--db", str(two), "sync")
    assert code == 0 and "both versions are kept" in out
    code, out = run(capsys, monkeypatch, "--db", str(two), "merge", audit_id[:8])
    assert code == 0 and f"item:{item}" in out and "from one" in out and "from two" in out
    code, out = run(capsys, monkeypatch, "--db", str(two), "merge", audit_id[:8],
                    "--part", "header=mine")  # fmt: skip
    assert code == 2 and "'header' is not a part that differs" in out
    code, out = run(capsys, monkeypatch, "--db", str(two), "merge", audit_id[:8],
                    "--keep", "theirs")  # fmt: skip
    assert code == 0 and "Merged" in out
    code, out = run(capsys, monkeypatch, "--db", str(two), "sync")
    assert code == 0 and "1 audit sent" in out
    with Store.connect(ana) as store:
        assert store.get(audit_id).responses[item].note == "from one"

    with Store.open(one) as store:
        sign_and_finalize(store, audit_id)
    with Store.open(two) as store:
        sign_and_finalize(store, audit_id)
    run(capsys, monkeypatch, "--db", str(one), "sync")
    code, out = run(capsys, monkeypatch, "--db", str(two), "sync")
    assert "conflict copy" in out
    sam = server.address("sup_sam")
    code, out = run(capsys, monkeypatch, "--db", sam, "conflicts")
    assert code == 0 and "finalized on this laptop after another device had" in out
    copy_id = out.split()[0]
    code, out = run(capsys, monkeypatch, "--db", sam, "conflicts", "resolve", copy_id,
                    "--note", "  ")  # fmt: skip
    assert code == 2 and "--note" in out
    code, out = run(capsys, monkeypatch, "--db", sam, "conflicts", "resolve", copy_id,
                    "--note", "One's record stands; two's note goes to the case file")  # fmt: skip
    assert code == 0 and "Resolved" in out
    code, out = run(capsys, monkeypatch, "--db", sam, "conflicts", "--all")
    assert "resolved by sup_sam" in out and "case file" in out
