"""A throwaway PostgreSQL server for the tests and benchmarks: Debian's ``postgresql``
package, a cluster made with ``initdb`` in a temporary folder and started with ``pg_ctl``
on a Unix socket (and, for the TLS tests, on loopback with a certificate).

The server refuses to run as root (CI runs as root), so as root its programs run as the
``postgres`` user the package made, through ``runuser``.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

ADMIN = "ca_admin"
ADMIN_PASSWORD = "admin-secret-for-tests"
INSTALL_HINT = (
    "The server tests need PostgreSQL 15 or newer (initdb and pg_ctl). On Debian or "
    "Ubuntu: sudo apt-get install postgresql (CI's .ci/run does). To leave these tests "
    "out knowingly, run pytest with -m 'not server'."
)


def server_bin() -> Path | None:
    """The folder of initdb and pg_ctl (not on PATH on Debian), newest version first."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version, reverse=True)
    if found:
        return Path(found[0]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def _version(path: str) -> float:
    try:
        return float(Path(path).parts[-3])
    except ValueError:
        return 0.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    def __init__(self, bin_dir: Path, tls: tuple[Path, Path] | None = None):
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="clinic-audit-pg-"))
        self.data = self.root / "data"
        self.socket_dir = self.root / "socket"
        self.port = free_port()
        self.tls = tls
        self.as_root = os.geteuid() == 0

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, text=True)

    def start(self) -> Cluster:
        self.socket_dir.mkdir()
        password_file = self.root / "pw"
        password_file.write_text(ADMIN_PASSWORD + "\n")
        if self.as_root:
            shutil.chown(self.root, "postgres")
            for path in (self.socket_dir, password_file):
                shutil.chown(path, "postgres")
        self._run(
            "initdb", "-D", str(self.data), "-U", ADMIN, f"--pwfile={password_file}",
            "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "-E", "UTF8",
            "--locale=C.UTF-8",
        )  # fmt: skip
        password_file.unlink()
        settings = [
            f"unix_socket_directories = '{self.socket_dir}'",
            "listen_addresses = '127.0.0.1'",
            f"port = {self.port}",
            "fsync = off",  # a throwaway cluster: commits survive a server crash, not the OS
            "full_page_writes = off",
            "max_connections = 60",
            "shared_buffers = 64MB",
        ]
        if self.tls is not None:
            cert, key = self.tls
            for source, name in ((cert, "server.crt"), (key, "server.key")):
                target = self.data / name
                if self.as_root:
                    subprocess.run(["cp", str(source), str(target)], check=True)
                    shutil.chown(target, "postgres")
                else:
                    shutil.copy(source, target)
                target.chmod(0o600)
            settings += ["ssl = on", "ssl_cert_file = 'server.crt'", "ssl_key_file = 'server.key'"]
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write("\n".join(settings) + "\n")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-w", "start")
        return self

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def restart(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-w", "start")

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def address(self, user: str = ADMIN, database: str = "postgres", tcp: bool = False) -> str:
        """A libpq URL, without a password (libpq takes it from PGPASSWORD or a passfile)."""
        if tcp:
            return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"
        return f"postgresql://{user}@/{database}?host={self.socket_dir}&port={self.port}"

    def psql(
        self, sql: str, user: str, password: str, database: str
    ) -> subprocess.CompletedProcess[str]:
        """Run ``sql`` with psql as ``user``: what a person with that login can do with
        any SQL client, past the app."""
        return subprocess.run(
            [str(self.bin / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At",
             "-h", str(self.socket_dir), "-p", str(self.port), "-U", user, "-d", database,
             "-c", sql],
            capture_output=True, text=True, env={**os.environ, "PGPASSWORD": password},
        )  # fmt: skip
