import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from clinic_audit.checklist.loader import builtin_checklist  # noqa: E402
from clinic_audit.service.audit_service import AuditService  # noqa: E402
from clinic_audit.store.database import Store  # noqa: E402
from tests.factories import blank_audit  # noqa: E402


@pytest.fixture(autouse=True)
def own_config_folder(tmp_path_factory, monkeypatch):
    """No test reads or writes the user's own settings (agency, signing keys) or
    documents (the reports folder)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path_factory.mktemp("documents")))


@pytest.fixture
def checklist():
    return builtin_checklist()


@pytest.fixture
def store(tmp_path):
    store = Store.open(tmp_path / "store.sqlite3", create=True)
    yield store
    store.close()


@pytest.fixture
def service(store):
    return AuditService(store, actor="tester")


@pytest.fixture
def draft(service, checklist):
    return service.create(blank_audit(checklist))


pytest_plugins = ["tests.server.fixtures"]
