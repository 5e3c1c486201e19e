"""read_audit_list: Home's list of audits read with sqlite3 before SQLAlchemy has loaded.

It must give what Store.list gives, and leave every file it cannot read to Store.open.
"""

import sqlite3

import pytest

from clinic_audit.audit.model import Facility
from clinic_audit.checklist.model import Result
from clinic_audit.store.database import Store
from clinic_audit.store.quick_list import SCHEMA_VERSION, read_audit_list
from tests.factories import blank_audit


@pytest.fixture
def store(tmp_path):
    """The laptop's file only: what is tested here reads it with the standard sqlite3."""
    store = Store.open(tmp_path / "store.sqlite3", create=True)
    yield store
    store.close()


def test_it_reads_what_the_store_lists(tmp_path, store, service, checklist):
    names = ["Zed Spa", "Ärzte-Praxis «Süd»", "O'Brien; DROP TABLE audits;--", "诊所 🩺"]
    for number, name in enumerate(names):
        audit = service.create(blank_audit(checklist, facility=Facility(name=name)))
        if number % 2:
            service.answer(audit.id, checklist.sections[0].items[0].id, Result.FAIL)
    listed = store.list()
    assert len(listed) == len(names)
    assert read_audit_list(store.db_file) == listed


def test_an_empty_store_lists_nothing(store):
    assert read_audit_list(store.db_file) == []


def test_a_missing_file_is_left_to_the_store_to_create(tmp_path):
    missing = tmp_path / "new.sqlite3"
    assert read_audit_list(missing) is None
    assert not missing.exists()


def test_files_it_cannot_read_are_left_untouched(tmp_path):
    notes = tmp_path / "notes.sqlite3"
    notes.write_bytes(b"these are my notes, not a database" * 100)
    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.close()
    folder = tmp_path / "a-folder"
    folder.mkdir()
    for path in (notes, foreign, folder):
        before = path.read_bytes() if path.is_file() else None
        assert read_audit_list(path) is None, path
        assert (path.read_bytes() if path.is_file() else None) == before


def test_a_store_of_another_version_is_left_to_the_store_to_migrate_or_refuse(tmp_path):
    for version in (SCHEMA_VERSION - 1, SCHEMA_VERSION + 1):
        path = tmp_path / f"v{version}.sqlite3"
        Store.open(path, create=True).close()
        with sqlite3.connect(path) as connection:
            connection.execute("UPDATE schema_info SET version = ?", (version,))
        connection.close()
        assert read_audit_list(path) is None
