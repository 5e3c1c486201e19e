"""Locks that keep the store safe whatever else the process does with the store's files.

SQLite coordinates processes with POSIX record locks, and a POSIX record lock belongs to
the *process*: closing any descriptor of a file drops every such lock the process holds
on it. A Qt file dialog listing the store's folder, a thumbnailer or a MIME sniffer that
opens and closes ``store.db`` or ``store.db-shm`` silently drops the app's locks; the next
``clinic-audit`` command then believes it is the last user of the store, checkpoints and
*deletes* the WAL, and the app goes on committing into the deleted file (SQLite's "How To
Corrupt An SQLite Database File", §2.2). Three things, all here, close that hole:

1. **Open-file-description locks** (Linux ``F_OFD_SETLK``) on the same bytes SQLite keeps
   locked while a connection is open: the SHARED range of the database file and the
   "dead man's switch" byte of the ``-shm`` file. An OFD lock belongs to the descriptor
   this module opened, not to the process, so no other close() drops it, and the kernel
   makes it conflict with every SQLite in every process. While it is held, nobody (another
   Clinic Audit, the ``sqlite3`` shell) can take the EXCLUSIVE lock that deleting the WAL
   needs, or reset the shared memory as if the store were unused.
2. **A transaction lock**: ``flock`` on ``NAME.lock`` beside the store, shared while a
   transaction reads and exclusive while it writes, taken by every Clinic Audit process.
   ``flock`` locks belong to an open file description too, so the short-lived locks SQLite
   takes inside a transaction (the WAL write lock, read marks) cannot be lost to a stray
   close() while another Clinic Audit process writes.
3. **The WAL's identity**: before every write the ``-wal`` and ``-shm`` files on disk must
   still be the ones opened; if anything replaced or removed them, the write is refused
   (never acknowledged into a file nobody will read) and the store must be opened again.

Closing: when no other Clinic Audit process has the store open, the WAL is checkpointed
into the database file (so ``NAME`` alone is complete); the WAL file itself is left for
the next opener instead of being deleted under a possible concurrent user.
"""

from __future__ import annotations

import contextlib
import errno
import os
import struct
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from clinic_audit.messages.catalogue import ErrorCode
from clinic_audit.store.errors import StoreError

# Where SQLite's unix VFS keeps its locks (sqlite3.c: PENDING_BYTE, SHARED_FIRST,
# SHARED_SIZE; UNIX_SHM_DMS = (22 + SQLITE_SHM_NLOCK) * 4 + SQLITE_SHM_NLOCK).
SHARED_FIRST = 0x40000000 + 2
SHARED_SIZE = 510
SHM_DMS_BYTE = 128
LOCK_WAIT_S = 10.0

try:
    import fcntl
except ImportError:  # Windows: its file locks belong to handles, the hole does not exist
    fcntl = None  # type: ignore[assignment]

_OFD_SETLK = getattr(fcntl, "F_OFD_SETLK", None) if fcntl else None


def ofd_locks_available() -> bool:
    return _OFD_SETLK is not None


class StoreLocks:
    """The locks of one open store file; see the module docstring."""

    def __init__(self, db_file: Path):
        self.db_file = db_file
        self.lock_file = db_file.with_name(db_file.name + ".lock")
        self._held: list[int] = []  # descriptors carrying the OFD read locks
        self._presence: int | None = None  # the lock file, byte 0 read-locked while open
        self._identity: dict[str, tuple[int, int]] = {}
        self._local = threading.local()

    # the open-file-description locks ------------------------------------------------

    def hold(self) -> None:
        """Take the OFD read locks; call once a connection has opened the store in WAL
        mode (so the ``-shm`` file exists and SQLite has set it up)."""
        if _OFD_SETLK is None or self._held:
            return
        for suffix, start, length in (("", SHARED_FIRST, SHARED_SIZE), ("-shm", SHM_DMS_BYTE, 1)):
            path = self._path(suffix)
            try:
                fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
            except FileNotFoundError:
                continue  # no -shm: not in WAL mode; the database lock still matters
            try:
                _ofd_read_lock(fd, start, length)
            except OSError as error:
                os.close(fd)
                if error.errno in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
                    return  # a file system without OFD locks: the transaction lock remains
                raise StoreError(
                    ErrorCode.STORE_LOCKED_BY_OTHER_PROGRAM, path=self.db_file
                ) from None
            self._held.append(fd)
        self._presence = self._lock_descriptor()
        if self._presence is not None:
            try:
                _ofd_read_lock(self._presence, 0, 1)
            except OSError:
                os.close(self._presence)
                self._presence = None
        self.remember_identity()

    def release(self) -> None:
        while self._held:
            os.close(self._held.pop())
        if self._presence is not None:
            os.close(self._presence)
            self._presence = None

    # the transaction lock ------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self, write: bool) -> Iterator[None]:
        """Shared (``write`` False) or exclusive across processes, for one transaction.
        Nested calls in the thread that holds it are free; a write inside a read is a bug."""
        held = getattr(self._local, "mode", None)
        if held == "write" or (held == "read" and not write):
            yield
            return
        if held == "read":
            raise RuntimeError("a store write was started inside a read; take the write first")
        fd = self._lock_descriptor()
        try:
            if fd is not None:
                _flock(fd, write, self.lock_file)
            self._local.mode = "write" if write else "read"
            if write:
                self.check_identity()
            yield
        finally:
            self._local.mode = held
            if fd is not None:
                os.close(fd)  # drops the flock; the store's own files are not touched

    def alone(self) -> bool:
        """Whether no other Clinic Audit process has the store open. Each one keeps an
        OFD read lock on byte 0 of the lock file while it is open; asked through our own
        lock's descriptor, the kernel reports only the others'."""
        if self._presence is None:
            return False
        probe = struct.pack(_FLOCK_FORMAT, fcntl.F_WRLCK, os.SEEK_SET, 0, 1, 0)
        try:
            answer = fcntl.fcntl(self._presence, fcntl.F_OFD_GETLK, probe)
        except OSError:
            return False
        return struct.unpack(_FLOCK_FORMAT, answer)[0] == fcntl.F_UNLCK

    def _lock_descriptor(self) -> int | None:
        if fcntl is None:
            return None
        try:
            return os.open(
                self.lock_file, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600
            )
        except OSError:
            try:
                return os.open(self.lock_file, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
            except OSError:
                return None  # a read-only folder: nobody can write there anyway

    # the identity of the WAL files ----------------------------------------------------

    def remember_identity(self) -> None:
        self._identity = {}
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                info = os.stat(self._path(suffix))
                self._identity[suffix] = (info.st_dev, info.st_ino)

    def check_identity(self) -> None:
        for suffix, known in self._identity.items():
            try:
                info = os.stat(self._path(suffix))
                now = (info.st_dev, info.st_ino)
            except FileNotFoundError:
                now = None
            if now != known:
                raise StoreError(ErrorCode.STORE_FILE_REPLACED, path=self._path(suffix))

    def _path(self, suffix: str) -> str:
        return str(self.db_file) + suffix


# struct flock on Linux (x86-64 and aarch64): short type, short whence, off_t start,
# off_t len, pid_t pid, padding.
_FLOCK_FORMAT = "@hhqqi4x"


def _ofd_read_lock(fd: int, start: int, length: int) -> None:
    assert _OFD_SETLK is not None  # called only where the system has OFD locks
    request = struct.pack(_FLOCK_FORMAT, fcntl.F_RDLCK, os.SEEK_SET, start, length, 0)
    fcntl.fcntl(fd, _OFD_SETLK, request)


def _flock(fd: int, write: bool, where: Path) -> None:
    mode = (fcntl.LOCK_EX if write else fcntl.LOCK_SH) | fcntl.LOCK_NB
    deadline = time.monotonic() + LOCK_WAIT_S
    pause = 0.001
    while True:
        try:
            fcntl.flock(fd, mode)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise StoreError(
                    ErrorCode.STORE_BUSY, path=where.with_suffix(""), seconds=f"{LOCK_WAIT_S:.0f}"
                ) from None
            time.sleep(pause)  # another process holds it for one short transaction
            pause = min(pause * 2, 0.05)
        except OSError as error:
            if error.errno in (errno.ENOLCK, errno.EINVAL, errno.EOPNOTSUPP):
                return  # a file system without flock: SQLite's own locks remain
            raise
