"""A damaged, foreign, read-only or full store gives a clear message and is never overwritten."""

import os
import sqlite3

import pytest

from clinic_audit.files.portable import import_audit
from clinic_audit.files.sample import build_sample
from clinic_audit.messages.catalogue import ErrorCode
from clinic_audit.store.database import Store, StoreError


@pytest.fixture
def filled_store_file(tmp_path):
    path = tmp_path / "filled.sqlite3"
    store = Store.open(path, create=True)
    import_audit(store, build_sample(photos=3).model_dump_json().encode(), "s.json", "t")
    store.close()
    return path


def test_truncated_store_is_reported_and_untouched(filled_store_file):
    data = filled_store_file.read_bytes()
    filled_store_file.write_bytes(data[: len(data) // 3])
    truncated = filled_store_file.read_bytes()
    with pytest.raises(StoreError, match=r"filled.sqlite3 (is damaged|is not a Clinic Audit)"):
        store = Store.open(filled_store_file)
        for row in store.list():
            store.get(row.id)
            for _item, ref in store.get(row.id).photo_refs():
                store.photo_jpeg(ref.sha256)
    assert filled_store_file.read_bytes() == truncated


def test_read_only_store_refuses_changes_clearly(filled_store_file):
    # chmod cannot make a file read-only for root (CI runs as root); SQLite's query_only
    # gives the same "attempt to write a readonly database" error a read-only file does.
    store = Store.open(filled_store_file)
    from sqlalchemy import event

    @event.listens_for(store.engine, "connect")
    def read_only(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA query_only = ON")

    store.engine.dispose()
    audit_id = store.list()[0].id
    with pytest.raises(StoreError) as refused:
        store.delete(audit_id, "t")
    assert refused.value.code == ErrorCode.STORE_SQLITE_READONLY
    assert str(refused.value) == ErrorCode.STORE_SQLITE_READONLY.text(path=filled_store_file)
    assert [row.id for row in store.list()] == [audit_id]
    store.close()


def test_read_only_folder_for_a_new_store(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(StoreError) as refused:
        Store.open(tmp_path / "new.sqlite3", create=True)
    expected = ErrorCode.STORE_CANNOT_CREATE.text(
        path=tmp_path / "new.sqlite3", reason="Permission denied"
    )
    assert str(refused.value) == expected


def test_full_disk_is_explained_and_nothing_half_saved(filled_store_file):
    store = Store.open(filled_store_file)
    with store.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    before = store.list()

    from sqlalchemy import event

    @event.listens_for(store.engine, "connect")
    def cap(dbapi_connection, _record):
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    store.engine.dispose()
    sample = build_sample(photos=20, seed=99)
    with pytest.raises(StoreError) as refused:
        import_audit(store, sample.model_dump_json().encode(), "big.json", "t")
    assert str(refused.value) == ErrorCode.STORE_SQLITE_DISK_FULL.text(path=filled_store_file)
    assert store.list() == before
    store.close()


def test_a_directory_is_not_a_store(tmp_path):
    with pytest.raises(StoreError) as refused:
        Store.open(tmp_path)
    assert str(refused.value) == ErrorCode.STORE_IS_FOLDER.text(path=tmp_path)


def test_sqlite_integrity_after_normal_use(filled_store_file):
    with sqlite3.connect(filled_store_file) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
