"""What a person reads when the server cannot be reached or refuses them, and that
nothing they saved is lost: a wrong password, an expired login, a server that is down
or stops mid-session, TLS refused or a certificate for another host."""

import datetime as dt
import uuid

import pytest

from clinic_audit.checklist.model import Result
from clinic_audit.messages.catalogue import ErrorCode
from clinic_audit.service.audit_service import AuditService
from clinic_audit.store.database import Store
from clinic_audit.store.errors import StoreError
from clinic_audit.store.server_admin import add_user
from tests.factories import blank_audit
from tests.server.cluster import ADMIN, Cluster, free_port
from tests.server.fixtures import password_of

pytestmark = pytest.mark.server


def refusal(address, ask=None):
    with pytest.raises(StoreError) as refused:
        Store.connect(address, ask)
    return refused.value


def passfile(tmp_path, monkeypatch, line):
    file = tmp_path / "pgpass"
    file.write_text(line + "\n")
    file.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(file))


def test_a_wrong_password_says_so_and_how_to_fix_it(server, tmp_path, monkeypatch):
    passfile(tmp_path, monkeypatch, "*:*:*:insp_ana:not-her-password")
    error = refusal(server.address("insp_ana"))
    assert error.code == ErrorCode.SERVER_LOGIN_REFUSED
    assert "refused the login of insp_ana" in str(error) and "Type the password again" in str(error)
    assert "not-her-password" not in str(error)


def test_no_password_anywhere_is_asked_for_once_then_kept_for_the_session(
    server, tmp_path, monkeypatch
):
    passfile(tmp_path, monkeypatch, "")
    assert refusal(server.address("insp_ana")).code == ErrorCode.SERVER_PASSWORD_NEEDED
    asked = []

    def ask(prompt):
        asked.append(prompt)
        return password_of("insp_ana")

    store = Store.connect(server.address("insp_ana"), ask)
    store.engine.dispose()  # a new connection: the password is remembered, not asked again
    assert store.list() == []
    store.close()
    assert len(asked) == 1 and asked[0].startswith("Password of insp_ana on postgresql://")


def test_an_expired_login_is_refused_with_a_message(server, pg_cluster):
    name = f"insp_{uuid.uuid4().hex[:8]}"
    with Store.connect(server.address(ADMIN)) as admin:
        add_user(
            admin, name, "inspector", "Old Inspector", "a-long-password-1", dt.date(2020, 1, 1)
        )
    error = refusal(server.address(name), ask=lambda _prompt: "a-long-password-1")
    assert error.code == ErrorCode.SERVER_LOGIN_REFUSED and "expired" in str(error)


def test_a_server_that_is_down_says_what_to_do(server):
    address = f"postgresql://insp_ana@127.0.0.1:{free_port()}/{server.database}"
    error = refusal(address)
    assert error.code == ErrorCode.SERVER_DOWN
    assert "Cannot reach the Clinic Audit server" in str(error) and "Nothing was changed" in str(
        error
    )


def test_a_server_without_tls_is_refused_when_tls_is_required(server):
    error = refusal(server.address("insp_ana", tcp=True) + "?sslmode=require")
    assert error.code == ErrorCode.SERVER_TLS and "secure connection" in str(error)


def test_nothing_saved_is_lost_when_the_server_stops_mid_session(server, pg_cluster, checklist):
    store = Store.connect(server.address("insp_ana"))
    service = AuditService(store, "ana")
    draft = service.create(blank_audit(checklist))
    first, second = (item.id for item in checklist.sections[0].items[:2])
    service.answer(draft.id, first, Result.FAIL, note="Blood on the bed rail")
    pg_cluster.stop()
    try:
        with pytest.raises(StoreError) as refused:
            service.answer(draft.id, second, Result.PASS)
        assert refused.value.code in (ErrorCode.SERVER_LOST, ErrorCode.SERVER_DOWN)
        assert "not saved" in str(refused.value) or "Nothing was changed" in str(refused.value)
    finally:
        pg_cluster.restart()
    again = store.get(draft.id)  # the pool makes a new connection
    assert again.responses[first].note == "Blood on the bed rail"
    assert second not in again.responses
    service.answer(draft.id, second, Result.PASS)
    assert store.get(draft.id).responses[second].result == Result.PASS
    assert store.check_trail(draft.id).intact
    store.close()


@pytest.fixture(scope="module")
def tls_cluster(pg_cluster, tmp_path_factory):
    """A second server that speaks TLS with a certificate for "localhost" only, signed by
    a CA of the test's own."""
    from tests.server.certificates import make_server_certificate

    folder = tmp_path_factory.mktemp("tls")
    ca, cert, key = make_server_certificate(folder, "localhost")
    cluster = Cluster(pg_cluster.bin, tls=(cert, key)).start()
    yield cluster, ca
    cluster.remove()


def test_verify_full_connects_to_the_named_host_and_refuses_another(tls_cluster):
    cluster, ca = tls_cluster
    tls = f"sslmode=verify-full&sslrootcert={ca}"
    good = f"postgresql://{ADMIN}@localhost:{cluster.port}/postgres?{tls}"
    assert refusal(good).code == ErrorCode.SERVER_NOT_SET_UP  # connected and logged in
    wrong_host = f"postgresql://{ADMIN}@127.0.0.1:{cluster.port}/postgres?{tls}"
    error = refusal(wrong_host)
    assert error.code == ErrorCode.SERVER_TLS and "does not match" in str(error)
