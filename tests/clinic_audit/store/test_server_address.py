"""Server addresses where a store file may be named: recognised, printed without a
password, and refused when they hold one (the app never keeps a password in a file)."""

import pytest

from clinic_audit.messages.catalogue import ErrorCode
from clinic_audit.store.errors import StoreError
from clinic_audit.store.location import chosen_db_path
from clinic_audit.store.server import is_server_address, keyring_key, server_engine, shown


def test_an_address_is_told_from_a_file_name(monkeypatch):
    assert is_server_address("postgresql://dana@records.agency.gov/clinic_audit")
    assert is_server_address("postgres://dana@h/db") and not is_server_address("store.sqlite3")
    monkeypatch.setenv("CLINIC_AUDIT_DB", " postgresql://dana@h/db ")
    assert chosen_db_path() == "postgresql://dana@h/db"
    assert str(chosen_db_path("~/store.sqlite3")).endswith("/store.sqlite3")


def test_an_address_is_printed_readably_and_without_its_password():
    assert shown("postgresql://dana@/agency?host=/run/pg&port=5432") == (
        "postgresql://dana@/agency?host=/run/pg&port=5432"
    )
    assert "secret" not in shown("postgresql://dana:secret@h/db")
    assert keyring_key("postgresql://dana@records.agency.gov/clinic_audit") == (
        "dana@records.agency.gov/clinic_audit"
    )


def test_an_address_holding_a_password_is_refused():
    with pytest.raises(StoreError) as refused:
        server_engine("postgresql://dana:secret@h/db")
    assert refused.value.code == ErrorCode.SERVER_BAD_ADDRESS
    assert "holds a password" in str(refused.value) and "secret" not in str(refused.value)
