"""A signing key's password: the environment, the system keyring, or the terminal; never
a file. The keyring tests plug an in-memory backend into the real keyring package (its
plugin interface), so no one's own keyring is read or written."""

from __future__ import annotations

import pytest

from clinic_audit.cli.main import main
from clinic_audit.evidence import passwords
from clinic_audit.messages.catalogue import BadFileError, ErrorCode, message

keyring = pytest.importorskip("keyring")
from keyring.backend import KeyringBackend  # noqa: E402
from keyring.backends.fail import Keyring as NoKeyring  # noqa: E402


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.kept.get((service, username))

    def set_password(self, service, username, password):
        self.kept[(service, username)] = password

    def delete_password(self, service, username):
        self.kept.pop((service, username), None)


@pytest.fixture
def memory(monkeypatch):
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    monkeypatch.delenv(passwords.ENV_KEY_PASSWORD, raising=False)
    yield ring
    keyring.set_keyring(before)


@pytest.fixture
def no_keyring(monkeypatch):
    before = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    monkeypatch.delenv(passwords.ENV_KEY_PASSWORD, raising=False)
    yield
    keyring.set_keyring(before)


def test_the_environment_wins_then_the_keyring_then_the_terminal(memory, tmp_path, monkeypatch):
    key = tmp_path / "k.p12"
    memory.set_password(passwords.KEYRING_SERVICE, passwords.keyring_name(key), "kept")
    monkeypatch.setenv(passwords.ENV_KEY_PASSWORD, "from-env")
    assert passwords.key_password(key) == b"from-env"
    monkeypatch.delenv(passwords.ENV_KEY_PASSWORD)
    assert passwords.key_password(key, interactive=False) == b"kept"
    memory.kept.clear()
    asked = []
    typed = passwords.key_password(
        key, ask=lambda prompt: asked.append(prompt) or "typed", interactive=True
    )
    assert typed == b"typed" and asked == [f"Password of {key}: "]


def test_a_new_key_is_asked_twice_and_never_taken_from_the_keyring(memory, tmp_path):
    key = tmp_path / "new.p12"
    memory.set_password(passwords.KEYRING_SERVICE, passwords.keyring_name(key), "old")
    answers = iter(["one", "two"])
    with pytest.raises(passwords.PasswordMismatch):
        passwords.key_password(key, new=True, ask=lambda _p: next(answers), interactive=True)


def test_without_a_keyring_or_terminal_the_error_says_what_to_do(no_keyring, tmp_path):
    with pytest.raises(BadFileError) as caught:
        passwords.key_password(tmp_path / "k.p12", interactive=False)
    assert message(ErrorCode.KEY_PASSWORD_NEEDED) in str(caught.value)
    assert str(tmp_path / "k.p12") in str(caught.value)


def test_keys_create_keyring_keeps_the_password_and_signing_finds_it(
    memory, tmp_path, monkeypatch, capsys
):
    from clinic_audit.evidence.signing import load_signer

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(passwords.ENV_KEY_PASSWORD, "s3cret")
    assert main(["keys", "create", "-o", "me.p12", "--name", "Ivy", "--keyring"]) == 0
    assert "kept in the system keyring" in capsys.readouterr().out
    monkeypatch.delenv(passwords.ENV_KEY_PASSWORD)
    password = passwords.key_password("me.p12", interactive=False)
    assert password == b"s3cret"
    assert load_signer(tmp_path / "me.p12", password).certificate is not None


def test_keys_create_keyring_without_a_keyring_writes_no_key(
    no_keyring, tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(passwords.ENV_KEY_PASSWORD, "s3cret")
    assert main(["keys", "create", "-o", "me.p12", "--name", "Ivy", "--keyring"]) == 2
    assert "cannot be kept in the system keyring" in capsys.readouterr().err
    assert not (tmp_path / "me.p12").exists()
