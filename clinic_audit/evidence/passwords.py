"""Where the password of a signing key comes from: never from a file.

In this order: the environment variable ``CLINIC_AUDIT_KEY_PASSWORD`` (for scripts), the
system keyring when the optional ``keyring`` package is installed and the system has one
(macOS Keychain, Windows Credential Manager, the Secret Service on Linux), else a prompt
on the terminal (getpass). The keyring keeps a key's password under the service
``clinic-audit``, the key file's absolute path as the user name; ``remember`` puts it
there (``clinic-audit keys create --keyring``).
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path

from clinic_audit.messages.catalogue import BadFileError, ErrorCode, FileProblem

ENV_KEY_PASSWORD = "CLINIC_AUDIT_KEY_PASSWORD"
KEYRING_SERVICE = "clinic-audit"


class PasswordMismatch(ValueError):
    """The two passwords typed for a new key differ."""


def keyring_name(file: str | Path) -> str:
    return str(Path(file).expanduser().resolve())


def from_keyring(file: str | Path) -> str | None:
    """The key's password kept in the system keyring; None when there is no keyring
    package, no usable keyring, or nothing kept for this key."""
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, keyring_name(file))
    except (KeyringError, RuntimeError, OSError):  # no backend, a locked or broken one
        return None


def remember(file: str | Path, password: bytes) -> None:
    """Keep the key's password in the system keyring; BadFileError (naming the key file)
    when there is no keyring to keep it in."""
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        raise BadFileError(
            [FileProblem(str(file), ErrorCode.KEYRING_UNAVAILABLE, {"reason": "not installed"})]
        ) from None
    try:
        keyring.set_password(KEYRING_SERVICE, keyring_name(file), password.decode())
    except (KeyringError, RuntimeError, OSError) as error:
        reason = str(error).splitlines()[0][:120] if str(error) else type(error).__name__
        raise BadFileError(
            [FileProblem(str(file), ErrorCode.KEYRING_UNAVAILABLE, {"reason": reason})]
        ) from None


def key_password(
    file: str | Path,
    new: bool = False,
    ask: Callable[[str], str] = getpass.getpass,
    interactive: bool | None = None,
) -> bytes:
    """The password of the key ``file`` (of a new key when ``new``: then neither the
    keyring nor an old value is used, and it is asked twice). BadFileError when none can
    be had (no variable, nothing in the keyring, no terminal)."""
    given = os.environ.get(ENV_KEY_PASSWORD)
    if given is not None:
        return given.encode()
    if not new:
        kept = from_keyring(file)
        if kept is not None:
            return kept.encode()
    if not (sys.stdin.isatty() if interactive is None else interactive):
        raise BadFileError([FileProblem(str(file), ErrorCode.KEY_PASSWORD_NEEDED, {})])
    prompt = f"Password for the new key {file}: " if new else f"Password of {file}: "
    password = ask(prompt)
    if new and ask("The same password again: ") != password:
        raise PasswordMismatch("The two passwords differ; run the command again.")
    return password.encode()
