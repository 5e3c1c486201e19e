"""Child process for the sync crash test: syncs a laptop's store with the server and
kills itself (SIGKILL, no clean-up of any kind) just before its Nth SQL statement, on
either store: a power cut or a killed process at that very point."""

import os
import signal
import sys

from sqlalchemy import event

from clinic_audit.store.database import Store
from clinic_audit.sync.engine import sync


def main(db_path: str, address: str, kill_at: int) -> None:
    local, server = Store.open(db_path), Store.connect(address)
    statements = 0

    def count(*_args: object) -> None:
        nonlocal statements
        statements += 1
        if statements == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    for engine in (local.engine, server.engine):
        event.listen(engine, "before_cursor_execute", count)
    sync(local, server)
    print(f"done after {statements} statements", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
