"""The local store: audits, photos, checklists and the audit trail in one SQLite file.

Every method commits before it returns. A finalized audit is refused any change here
and, for SQLite, by triggers in the file itself.

The data models (pydantic), checklists and rules are imported by the methods that use
them: opening the store and listing its audits, the first thing the app does, needs
only SQLAlchemy.
"""

from __future__ import annotations

import builtins
import contextlib
import datetime as dt
import hashlib
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    create_engine,
    delete,
    event,
    exc,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import ExceptionContext

from clinic_audit.enums import Status
from clinic_audit.messages.catalogue import ErrorCode
from clinic_audit.store import schema
from clinic_audit.store.errors import AuditFinalizedError, AuditNotFoundError, StoreError
from clinic_audit.store.locks import StoreLocks
from clinic_audit.store.quick_list import LIST_QUERY, AuditRow

__all__ = [
    "AuditFinalizedError",
    "AuditNotFoundError",
    "AuditRow",
    "Store",
    "StoreError",
    "TrailEntry",
]

if TYPE_CHECKING:
    from clinic_audit.audit.model import ActionProgress, Audit, Facility
    from clinic_audit.checklist.model import Checklist
    from clinic_audit.checklist.pack_model import Pack
    from clinic_audit.facility.model import FacilityRecord
    from clinic_audit.files.photos import NormalizedPhoto
    from clinic_audit.store.chain import ChainCheck
    from clinic_audit.store.server import AskPassword


HOME_LIMIT = 5000  # audits Home lists from the server; an inspector has fewer


@dataclass(frozen=True)
class TrailEntry:
    at: str
    actor: str
    action: str
    path: str
    old: str | None
    new: str | None


class Store:
    def __init__(
        self,
        engine: Engine,
        db_file: Path | None = None,
        server: str | None = None,
        setup: bool = False,
    ):
        self.engine = engine
        self.db_file = db_file
        self.server = server  # the address of the agency's server, when the store is there
        self._setup = setup
        self.migration_backup: Path | None = None
        self._checklists: dict[tuple[str, str], Checklist] = {}
        self._resolved: dict[tuple[str, str, str, str], Checklist] = {}
        self.locks = StoreLocks(db_file) if db_file is not None else None
        self._prepare()
        if self.locks is not None:
            with self._reading():  # a connection is open, so SQLite has set up the -shm
                self.locks.hold()

    @classmethod
    def open(
        cls, db_file: str | Path, *, create: bool = False, ask: AskPassword | None = None
    ) -> Store:
        """The store in ``db_file``. A missing file is refused unless ``create``: then it
        is made (private to the user), with its folder. A server address opens the
        agency's store there (``connect``, ``ask`` asked for a password it needs)."""
        from clinic_audit.store.server import is_server_address

        if is_server_address(db_file):
            return cls.connect(str(db_file), ask)
        db_file = Path(db_file).expanduser()
        if db_file.is_dir():
            raise StoreError(ErrorCode.STORE_IS_FOLDER, path=db_file)
        if not create and not db_file.exists():
            raise StoreError(ErrorCode.STORE_MISSING, **_no_store_params(db_file))
        try:
            db_file.parent.mkdir(parents=True, exist_ok=True)
            if not db_file.exists():
                os.close(os.open(db_file, os.O_CREAT | os.O_WRONLY, 0o600))
        except OSError as error:
            raise StoreError(
                ErrorCode.STORE_CANNOT_CREATE, path=db_file, reason=error.strerror
            ) from None
        engine = create_engine(f"sqlite:///{db_file}")
        schema.sqlite_pragmas(engine)
        event.listen(engine, "handle_error", _explain_sqlite_error(db_file))
        return cls(engine, db_file)

    @classmethod
    def connect(cls, address: str, ask: AskPassword | None = None, *, setup: bool = False) -> Store:
        """The agency's store on the PostgreSQL server at ``address``, as the person the
        address names. Only the administrator's ``setup`` creates or migrates its schema
        (``clinic-audit server init``/``upgrade``); ``ask`` is asked for a password that
        libpq's password file and the keyring do not have."""
        from clinic_audit.store.server import server_engine, terminal_prompt

        engine = server_engine(address, ask or terminal_prompt)
        try:
            return cls(engine, server=address, setup=setup)
        except BaseException:
            engine.dispose()
            raise

    @property
    def on_server(self) -> bool:
        return self.server is not None

    def _prepare(self) -> None:
        """Create, migrate or check the schema, under the write lock: two processes that
        open a new store at the same moment must not both create it."""
        with self._transaction_lock(write=True):
            self._prepare_locked()

    def _prepare_locked(self) -> None:
        where = self.db_file or self.engine.url.render_as_string(hide_password=True)
        try:
            with self._reading() as conn:
                tables = set(self.engine.dialect.get_table_names(conn))
                version = schema.stored_version(conn) if "schema_info" in tables else None
        except exc.DBAPIError as error:
            raise StoreError(ErrorCode.STORE_DAMAGED, path=where, error=error.orig) from None
        if self.server is not None and not self._setup:
            self._check_server_version(version)
            return
        if version is None:
            if tables:
                raise StoreError(ErrorCode.STORE_FOREIGN, path=where)
            schema.create(self.engine)
        elif version > schema.SCHEMA_VERSION:
            raise StoreError(
                ErrorCode.STORE_NEWER, path=where, version=version, known=schema.SCHEMA_VERSION
            )
        elif version < schema.SCHEMA_VERSION:
            self.migration_backup = schema.migrate(self.engine, self.db_file, version)

    def _check_server_version(self, version: int | None) -> None:
        from clinic_audit.store.server import shown

        assert self.server is not None
        if version is None:
            raise StoreError(ErrorCode.SERVER_NOT_SET_UP, server=shown(self.server))
        if version > schema.SCHEMA_VERSION:
            raise StoreError(
                ErrorCode.STORE_NEWER,
                path=shown(self.server),
                version=version,
                known=schema.SCHEMA_VERSION,
            )
        if version < schema.SCHEMA_VERSION:
            raise StoreError(
                ErrorCode.SERVER_OLDER,
                server=shown(self.server),
                version=version,
                known=schema.SCHEMA_VERSION,
            )

    def close(self) -> None:
        """Close the store. The last Clinic Audit process to close it first writes the WAL
        back into the database file, so the file alone holds everything (see store_locks)."""
        if self.locks is not None and self.locks.alone():
            with contextlib.suppress(exc.DBAPIError, StoreError), self._writing_plain() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        self.engine.dispose()
        if self.locks is not None:
            self.locks.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # transactions -----------------------------------------------------------------

    @contextlib.contextmanager
    def _reading(self) -> Iterator[Connection]:
        with self._transaction_lock(write=False), self.engine.connect() as conn:
            yield conn

    @contextlib.contextmanager
    def _writing(self) -> Iterator[Connection]:
        with self._transaction_lock(write=True), self.engine.begin() as conn:
            yield conn

    @contextlib.contextmanager
    def _writing_plain(self) -> Iterator[Connection]:
        """A connection outside any transaction (for PRAGMAs), under the write lock."""
        with self._transaction_lock(write=True), self.engine.connect() as conn:
            yield conn

    def transaction(self) -> contextlib.AbstractContextManager[Connection]:
        """One write transaction, for the parts of the app that move whole audits
        (sync): committed when the block ends, rolled back if it raises."""
        return self._writing()

    def reading(self) -> contextlib.AbstractContextManager[Connection]:
        return self._reading()

    def _transaction_lock(self, write: bool) -> contextlib.AbstractContextManager[None]:
        if self.locks is None:
            return contextlib.nullcontext()
        return self.locks.transaction(write)

    # checklists -----------------------------------------------------------------

    def add_checklist(self, checklist: Checklist) -> None:
        """Keep a checklist an audit is made with. A version, once made, never changes:
        a checklist that differs from the one built in or stored under its id and version
        is refused (its author must raise the version)."""
        from clinic_audit.checklist.loader import builtin_by_id

        key = (checklist.id, checklist.version)
        body = checklist.model_dump_json(by_alias=True)
        digest = hashlib.sha256(body.encode()).hexdigest()
        builtin = builtin_by_id().get(key)
        if builtin is not None:
            if builtin.model_dump_json(by_alias=True) != body:
                raise StoreError(
                    ErrorCode.CHECKLIST_CHANGED_SAME_VERSION,
                    checklist=key[0],
                    version=key[1],
                    where="built into Clinic Audit",
                )
            return  # the built-in one is always used: nothing to keep
        with self._writing() as conn:
            known = conn.execute(
                select(schema.checklists.c.sha256).where(
                    schema.checklists.c.id == key[0], schema.checklists.c.version == key[1]
                )
            ).scalar()
            if known is None:
                conn.execute(
                    insert(schema.checklists).values(
                        id=key[0], version=key[1], sha256=digest, body=body
                    )
                )
            elif known != digest:
                raise StoreError(
                    ErrorCode.CHECKLIST_CHANGED_SAME_VERSION,
                    checklist=key[0],
                    version=key[1],
                    where="already in the store",
                )
        self._checklists[key] = checklist

    def checklist(self, checklist_id: str, version: str) -> Checklist:
        from clinic_audit.checklist.loader import builtin_by_id
        from clinic_audit.checklist.model import Checklist

        key = (checklist_id, version)
        if key not in self._checklists:
            builtin = builtin_by_id().get(key)
            if builtin is not None:
                self._checklists[key] = builtin
            else:
                with self._reading() as conn:
                    body = conn.execute(
                        select(schema.checklists.c.body).where(
                            schema.checklists.c.id == checklist_id,
                            schema.checklists.c.version == version,
                        )
                    ).scalar()
                if body is None:
                    raise StoreError(
                        ErrorCode.CHECKLIST_NOT_INSTALLED, checklist=checklist_id, version=version
                    )
                self._checklists[key] = Checklist.model_validate_json(body)
        return self._checklists[key]

    def add_pack(self, pack: Pack) -> None:
        """Keep a jurisdiction pack (one not shipped); like a checklist version, a pack
        version never changes once kept."""
        from clinic_audit.checklist.packs import builtin_packs

        key = (pack.id, pack.version)
        body = pack.model_dump_json()
        shipped = builtin_packs().get(key)
        if shipped is not None:
            if shipped[0].model_dump_json() != body:
                raise StoreError(
                    ErrorCode.PACK_CHANGED_SAME_VERSION, pack=pack.id, version=pack.version
                )
            return
        digest = hashlib.sha256(body.encode()).hexdigest()
        with self._writing() as conn:
            known = conn.execute(
                select(schema.packs.c.sha256).where(
                    schema.packs.c.id == key[0], schema.packs.c.version == key[1]
                )
            ).scalar()
            if known is None:
                conn.execute(
                    insert(schema.packs).values(id=key[0], version=key[1], sha256=digest, body=body)
                )
            elif known != digest:
                raise StoreError(
                    ErrorCode.PACK_CHANGED_SAME_VERSION, pack=pack.id, version=pack.version
                )

    def pack(self, pack_id: str, version: str) -> Pack:
        from clinic_audit.checklist.pack_model import Pack
        from clinic_audit.checklist.packs import builtin_packs

        shipped = builtin_packs().get((pack_id, version))
        if shipped is not None:
            return shipped[0]
        with self._reading() as conn:
            body = conn.execute(
                select(schema.packs.c.body).where(
                    schema.packs.c.id == pack_id, schema.packs.c.version == version
                )
            ).scalar()
        if body is None:
            raise StoreError(ErrorCode.PACK_NOT_INSTALLED, pack=pack_id, version=version)
        return Pack.model_validate_json(body)

    def installed_packs(self) -> builtins.list[Pack]:
        from clinic_audit.checklist.pack_model import Pack

        with self._reading() as conn:
            bodies = conn.execute(select(schema.packs.c.body)).scalars().all()
        return [Pack.model_validate_json(body) for body in bodies]

    def checklist_for(self, audit: Audit) -> Checklist:
        """The checklist an audit is scored with: its checklist version, resolved under
        its jurisdiction pack's version if it has one."""
        return self.checklist_under(
            audit.checklist_id, audit.checklist_version, audit.pack_id, audit.pack_version
        )

    def checklist_under(
        self,
        checklist_id: str,
        version: str,
        pack_id: str | None = None,
        pack_version: str | None = None,
    ) -> Checklist:
        base = self.checklist(checklist_id, version)
        if pack_id is None or pack_version is None:
            return base
        key = (checklist_id, version, pack_id, pack_version)
        if key not in self._resolved:
            from clinic_audit.checklist.packs import resolve

            pack = self.pack(pack_id, pack_version)
            if pack.base != (checklist_id, version):
                raise StoreError(
                    ErrorCode.PACK_OTHER_BASE,
                    pack=pack_id,
                    version=pack_version,
                    base=pack.extends,
                    checklist=f"{checklist_id}@{version}",
                )
            self._resolved[key] = resolve(pack, base)
        return self._resolved[key]

    def has_checklist(self, checklist_id: str, version: str) -> bool:
        try:
            self.checklist(checklist_id, version)
        except StoreError:
            return False
        return True

    # audits ---------------------------------------------------------------------

    def create(
        self,
        audit: Audit,
        actor: str,
        photos: list[NormalizedPhoto] | None = None,
        revision: int = 1,
        facility: FacilityRecord | None = None,
    ) -> Audit:
        """Insert a new audit (and, on import, its photos) in one transaction; an imported
        record continues from the ``revision`` it had where it was exported."""
        from clinic_audit.audit.model import Audit

        if type(audit) is not Audit:  # e.g. a PortableAudit: keep the record, not the bytes
            audit = Audit.model_validate(
                audit.model_dump(exclude={"photo_data", "pack", "revision", "facility_record"})
            )
        checklist = self.checklist_for(audit)
        refuse_if_any(refused(audit, checklist), "The audit was not saved")
        with self._writing() as conn:
            exists = conn.execute(
                select(schema.audits.c.id).where(schema.audits.c.id == audit.id)
            ).first()
            if exists:
                raise StoreError(ErrorCode.AUDIT_EXISTS, id=audit.id)
            for photo in photos or []:
                self._put_photo(conn, photo)
            conn.execute(
                insert(schema.audits).values(
                    id=audit.id, revision=revision, **self._columns(audit, checklist)
                )
            )
            if audit.status == Status.FINALIZED:  # an import: finalized where it was made
                self._write_trail(conn, audit.id, actor, "created", [("status", None, "finalized")])
            self._write_trail(conn, audit.id, actor, "created", [("", None, audit.facility.name)])
            self._link_facility(conn, audit, facility)
        return audit

    def _link_facility(
        self, conn: Connection, audit: Audit, facility: FacilityRecord | None
    ) -> FacilityRecord:
        """File the audit under the stored facility with ``facility``'s id (an import from
        another store), else the one its facility block matches, else ``facility``, else a
        new one made from the block."""
        from clinic_audit.facility.model import FacilityRecord, matching

        stored = self._facilities(conn)
        same_id = next((f for f in stored if facility is not None and f.id == facility.id), None)
        facility = same_id or matching(audit.facility, stored) or facility
        facility = (
            facility.absorb(audit.facility)
            if facility is not None
            else FacilityRecord.of(audit.facility, audit.pack_id)
        )
        self._put_facility(conn, facility)
        conn.execute(
            insert(schema.facility_audits).values(audit_id=audit.id, facility_id=facility.id)
        )
        return facility

    @staticmethod
    def _put_facility(conn: Connection, facility: FacilityRecord) -> None:
        values = {"name": facility.name, "body": facility.model_dump_json()}
        table = schema.facilities
        updated = conn.execute(table.update().where(table.c.id == facility.id).values(**values))
        if updated.rowcount == 0:
            conn.execute(insert(table).values(id=facility.id, **values))

    @staticmethod
    def _facilities(conn: Connection) -> builtins.list[FacilityRecord]:
        from clinic_audit.facility.model import FacilityRecord

        rows = conn.execute(select(schema.facilities.c.body).order_by(schema.facilities.c.name))
        return [FacilityRecord.model_validate_json(body) for (body,) in rows]

    def log_action(
        self, audit_id: str, progress: ActionProgress, photo: NormalizedPhoto | None = None
    ) -> None:
        """Append a finalized audit's action progress (and its proof photo) to the action
        log and the trail, leaving the record itself as it was signed."""
        with self._writing() as conn:
            if photo is not None:
                self._put_photo(conn, photo)
            conn.execute(
                insert(schema.action_log).values(audit_id=audit_id, body=progress.model_dump_json())
            )
            detail = progress.note.strip() or "no note"
            self._write_trail(
                conn,
                audit_id,
                progress.actor,
                "action progress",
                [(f"actions[{progress.action_id}].status", None, f"{progress.status}: {detail}")],
            )

    def action_log(self, audit_id: str) -> builtins.list[ActionProgress]:
        """The progress recorded after finalizing, oldest first."""
        from clinic_audit.audit.model import ActionProgress

        log = schema.action_log
        with self._reading() as conn:
            rows = conn.execute(
                select(log.c.body).where(log.c.audit_id == audit_id).order_by(log.c.seq)
            )
            return [ActionProgress.model_validate_json(body) for (body,) in rows]

    def action_logs_of(self, facility_id: str) -> dict[str, builtins.list[ActionProgress]]:
        """``action_log`` of each of a facility's audits that has one, in one query."""
        from clinic_audit.audit.model import ActionProgress

        log, link = schema.action_log, schema.facility_audits
        found: dict[str, builtins.list[ActionProgress]] = {}
        with self._reading() as conn:
            rows = conn.execute(
                select(log.c.audit_id, log.c.body)
                .join(link, link.c.audit_id == log.c.audit_id)
                .where(link.c.facility_id == facility_id)
                .order_by(log.c.audit_id, log.c.seq)
            )
            for audit_id, body in rows:
                found.setdefault(audit_id, []).append(ActionProgress.model_validate_json(body))
        return found

    def search_terms(self) -> dict[str, str]:
        """Per audit, what Home's filter finds it by beyond its listed cells: its
        facility's license numbers and the inspector's name."""
        from clinic_audit.audit.model import Audit

        numbers = {f.id: " ".join(f.license_numbers) for f in self.facilities()}
        link, audits = schema.facility_audits, schema.audits
        with self._reading() as conn:
            rows = conn.execute(
                select(audits.c.id, audits.c.document, link.c.facility_id).join(
                    link, link.c.audit_id == audits.c.id, isouter=True
                )
            ).all()
        terms = {}
        for audit_id, document, facility_id in rows:
            inspector = Audit.model_validate_json(document).inspector.name
            terms[audit_id] = f"{numbers.get(facility_id, '')} {inspector}".strip()
        return terms

    def matching_facility(self, facility: Facility) -> FacilityRecord | None:
        """The stored facility an audit's facility block is, if any."""
        from clinic_audit.facility.model import matching

        with self._reading() as conn:
            return matching(facility, self._facilities(conn))

    def facilities(self) -> builtins.list[FacilityRecord]:
        """Every facility, by name."""
        with self._reading() as conn:
            return self._facilities(conn)

    def facility(self, facility_id: str) -> FacilityRecord:
        from clinic_audit.facility.model import FacilityRecord

        with self._reading() as conn:
            body = conn.execute(
                select(schema.facilities.c.body).where(schema.facilities.c.id == facility_id)
            ).scalar()
        if body is None:
            raise StoreError(ErrorCode.FACILITY_NOT_FOUND, id=facility_id)
        return FacilityRecord.model_validate_json(body)

    def facility_of(self, audit_id: str) -> FacilityRecord:
        with self._reading() as conn:
            facility_id = conn.execute(
                select(schema.facility_audits.c.facility_id).where(
                    schema.facility_audits.c.audit_id == audit_id
                )
            ).scalar()
        if facility_id is None:
            raise AuditNotFoundError(ErrorCode.AUDIT_NOT_FOUND, id=audit_id)
        return self.facility(facility_id)

    def audits_of(self, facility_id: str) -> builtins.list[str]:
        """The ids of a facility's audits, oldest first."""
        return [audit_id for audit_id, _changed in self.audit_versions_of(facility_id)]

    def audit_versions_of(self, facility_id: str) -> builtins.list[tuple[str, str]]:
        """A facility's audits, oldest first: each id with its revision and when the store
        last saved it (what tells a reader that an audit it has already read is unchanged)."""
        link, audits = schema.facility_audits, schema.audits
        with self._reading() as conn:
            rows = conn.execute(
                select(link.c.audit_id, audits.c.revision, audits.c.updated_at)
                .join(audits, audits.c.id == link.c.audit_id)
                .where(link.c.facility_id == facility_id)
                .order_by(audits.c.audit_date, audits.c.updated_at)
            )
            return [(audit_id, f"{revision} {changed}") for audit_id, revision, changed in rows]

    def get(self, audit_id: str) -> Audit:
        from clinic_audit.audit.model import Audit

        with self._reading() as conn:
            document = conn.execute(
                select(schema.audits.c.document).where(schema.audits.c.id == audit_id)
            ).scalar()
        if document is None:
            raise AuditNotFoundError(ErrorCode.AUDIT_NOT_FOUND, id=audit_id)
        return Audit.model_validate_json(document)

    def revision(self, audit_id: str) -> int:
        """A number that grows with every committed change of the audit (cheap to ask)."""
        with self._reading() as conn:
            revision = conn.execute(
                select(schema.audits.c.revision).where(schema.audits.c.id == audit_id)
            ).scalar()
        if revision is None:
            raise AuditNotFoundError(ErrorCode.AUDIT_NOT_FOUND, id=audit_id)
        return revision

    def list(self, limit: int | None = None) -> list[AuditRow]:
        """The audits, newest first; on the server, those the reader may see, the newest
        ``limit`` of them when given (a supervisor's Home, over every inspector's)."""
        query = LIST_QUERY if limit is None else f"{LIST_QUERY} LIMIT {int(limit)}"
        with self._reading() as conn:
            return list(map(AuditRow._make, conn.exec_driver_sql(query)))

    def ids_starting(self, prefix: str, limit: int = 2) -> builtins.list[str]:
        """Ids of the audits (the reader may see) that start with ``prefix``, at most
        ``limit`` (two tell that a prefix is not unique)."""
        c = schema.audits.c
        pattern = prefix.replace("\\", "").replace("%", "").replace("_", "") + "%"
        query = select(c.id).where(c.id.like(pattern)).order_by(c.id).limit(limit)
        with self._reading() as conn:
            return [audit_id for (audit_id,) in conn.execute(query)]

    def home_list(self) -> builtins.list[AuditRow]:
        """What Home lists: every audit of the laptop's store; on the server the newest
        HOME_LIMIT the reader may see (the rest through filters, ``clinic-audit audits``)."""
        return self.list(HOME_LIMIT if self.on_server else None)

    def modify(
        self, audit_id: str, actor: str, action: str, edit: Callable[[Audit], None]
    ) -> Audit:
        """Apply ``edit`` to a copy of the audit, validate it, and commit it with its trail."""
        return self.change(audit_id, actor, action, edit)[1]

    def change(
        self, audit_id: str, actor: str, action: str, edit: Callable[[Audit], None]
    ) -> tuple[Audit, Audit]:
        """``modify``, returning the audit as it was before the change and as it is after
        (the same object twice when ``edit`` changed nothing)."""
        from pydantic import ValidationError

        from clinic_audit.audit.model import Audit
        from clinic_audit.store.trail import changes

        with self._writing() as conn:
            row = conn.execute(
                select(schema.audits.c.document, schema.audits.c.revision).where(
                    schema.audits.c.id == audit_id
                )
            ).first()
            if row is None:
                raise AuditNotFoundError(ErrorCode.AUDIT_NOT_FOUND, id=audit_id)
            before = Audit.model_validate_json(row.document)
            if before.status == Status.FINALIZED:
                raise AuditFinalizedError(
                    ErrorCode.AUDIT_FINALIZED, facility=before.facility.name, date=before.audit_date
                )
            if self.server is None and self._agency_copy(conn, audit_id):
                raise AuditFinalizedError(
                    ErrorCode.AUDIT_AGENCY_COPY,
                    facility=before.facility.name,
                    date=before.audit_date,
                )
            after = Audit.model_validate_json(row.document)  # a copy, 10x faster than deep
            edit(after)
            try:
                after = Audit.model_validate(after.model_dump())
            except ValidationError as error:
                raise StoreError(ErrorCode.CHANGE_INVALID, error=error) from None
            if after.id != before.id:
                raise StoreError(ErrorCode.AUDIT_ID_CHANGED)
            if after.status == Status.FINALIZED:  # the record names the trail it ends
                after.trail_head = self._trail_head(conn, audit_id)
            diffs = changes(before.model_dump(mode="json"), after.model_dump(mode="json"))
            if not diffs:
                return before, before
            checklist = self.checklist_for(after)
            refuse_if_any(added_problems(before, after, checklist), "The change was not saved")
            result = conn.execute(
                update(schema.audits)
                .where(schema.audits.c.id == audit_id, schema.audits.c.revision == row.revision)
                .values(revision=row.revision + 1, **self._columns(after, checklist))
            )
            if result.rowcount != 1:
                raise StoreError(ErrorCode.CONCURRENT_CHANGE)
            self._write_trail(conn, audit_id, actor, action, diffs)
        return before, after

    def delete(self, audit_id: str, actor: str) -> None:
        audit = self.get(audit_id)
        if audit.status == Status.FINALIZED:
            raise AuditFinalizedError(
                ErrorCode.AUDIT_FINALIZED_NO_DELETE,
                facility=audit.facility.name,
                date=audit.audit_date,
            )
        with self._writing() as conn:
            conn.execute(delete(schema.trail).where(schema.trail.c.audit_id == audit_id))
            conn.execute(delete(schema.audits).where(schema.audits.c.id == audit_id))

    def trail(self, audit_id: str) -> builtins.list[TrailEntry]:
        c = schema.trail.c
        query = (
            select(c.at, c.actor, c.action, c.path, c.old, c.new)
            .where(c.audit_id == audit_id)
            .order_by(c.seq)
        )
        with self._reading() as conn:
            return [TrailEntry(*row) for row in conn.execute(query)]

    def check_trail(self, audit_id: str) -> ChainCheck:
        """Walk the audit's trail chain and name its first broken link (store/chain.py)."""
        from clinic_audit.store.chain import walk

        audit = self.get(audit_id)
        c = schema.trail.c
        query = (
            select(c.seq, c.at, c.actor, c.action, c.path, c.old, c.new, c.prev_hash)
            .where(c.audit_id == audit_id)
            .order_by(c.seq)
        )
        with self._reading() as conn:
            rows = [schema.chain_row(row, row.prev_hash) for row in conn.execute(query)]
        return walk(audit_id, rows, audit.trail_head)

    # reports issued ---------------------------------------------------------------

    def file_report(self, audit_id: str, pdf: bytes, signed: bool) -> str:
        """Keep a report issued of a finalized audit, as written; its SHA-256. Kept once
        (the same bytes again are a no-op) and never changed or removed (the guards)."""
        digest = hashlib.sha256(pdf).hexdigest()
        table = schema.reports
        with self._writing() as conn:
            if conn.execute(select(table.c.sha256).where(table.c.sha256 == digest)).first():
                return digest
            conn.execute(
                insert(table).values(
                    sha256=digest,
                    audit_id=audit_id,
                    made_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    signed=int(signed),
                    pdf=pdf,
                )
            )
        return digest

    def issued_reports(self, audit_id: str) -> builtins.list[tuple[str, str, bool, int]]:
        """(sha256, made at, signed, bytes) of each report issued of the audit, oldest first."""
        c = schema.reports.c
        query = (
            select(c.sha256, c.made_at, c.signed, func.length(c.pdf))
            .where(c.audit_id == audit_id)
            .order_by(c.made_at)
        )
        with self._reading() as conn:
            return [(sha, at, bool(signed), size) for sha, at, signed, size in conn.execute(query)]

    def issued_report(self, sha256: str) -> bytes:
        with self._reading() as conn:
            pdf = conn.execute(
                select(schema.reports.c.pdf).where(schema.reports.c.sha256 == sha256)
            ).scalar()
        if pdf is None:
            raise StoreError(ErrorCode.REPORT_NOT_IN_STORE, sha=sha256[:12])
        return pdf

    # photos ---------------------------------------------------------------------

    def put_photo(self, photo: NormalizedPhoto) -> None:
        with self._writing() as conn:
            self._put_photo(conn, photo)

    def photo_jpeg(self, sha256: str) -> bytes:
        return self._photo_column(sha256, schema.photos.c.jpeg)

    def photo_thumb(self, sha256: str) -> bytes:
        return self._photo_column(sha256, schema.photos.c.thumb)

    def _photo_column(self, sha256: str, column: ColumnElement[bytes]) -> bytes:
        with self._reading() as conn:
            data = conn.execute(select(column).where(schema.photos.c.sha256 == sha256)).scalar()
        if data is None:
            raise StoreError(ErrorCode.PHOTO_NOT_IN_STORE, sha=sha256[:12])
        return data

    @staticmethod
    def _put_photo(conn: Connection, photo: NormalizedPhoto) -> None:
        exists = conn.execute(
            select(schema.photos.c.sha256).where(schema.photos.c.sha256 == photo.sha256)
        ).first()
        if not exists:
            conn.execute(
                insert(schema.photos).values(
                    sha256=photo.sha256,
                    jpeg_sha256=photo.jpeg_sha256,
                    width=photo.width,
                    height=photo.height,
                    jpeg=photo.jpeg,
                    thumb=photo.thumb,
                )
            )

    # helpers --------------------------------------------------------------------

    @staticmethod
    def _agency_copy(conn: Connection, audit_id: str) -> bool:
        table = schema.sync_audits
        flag = conn.execute(
            select(table.c.agency_copy).where(table.c.audit_id == audit_id)
        ).scalar()
        return bool(flag)

    def row_values(self, audit: Audit) -> dict:
        """The audits row's columns of ``audit`` (its document and what lists show)."""
        return self._columns(audit, self.checklist_for(audit))

    @staticmethod
    def _columns(audit: Audit, checklist: Checklist) -> dict:
        from clinic_audit.audit.model import now
        from clinic_audit.rules.scoring import summarize

        summary = summarize(checklist, audit)
        return dict(
            checklist_id=audit.checklist_id,
            checklist_version=audit.checklist_version,
            kind=audit.kind.value,
            status=audit.status.value,
            facility_name=audit.facility.name,
            audit_date=audit.audit_date.isoformat(),
            score=summary.score,
            outcome=summary.outcome.value,
            updated_at=now().isoformat(),
            document=audit.model_dump_json(),
        )

    @staticmethod
    def _trail_head(conn: Connection, audit_id: str) -> str:
        """The hash of the audit's last trail entry (the chain's head, store/chain.py)."""
        from clinic_audit.store.chain import genesis

        c = schema.trail.c
        last = conn.execute(
            select(c.seq, c.at, c.actor, c.action, c.path, c.old, c.new, c.prev_hash)
            .where(c.audit_id == audit_id)
            .order_by(c.seq.desc())
            .limit(1)
        ).first()
        if last is None:
            return genesis(audit_id)
        prev = last.prev_hash or genesis(audit_id)
        return schema.chain_row(last, prev).hash(audit_id, prev)

    @classmethod
    def _write_trail(
        cls,
        conn: Connection,
        audit_id: str,
        actor: str,
        action: str,
        diffs: Sequence[tuple[str, object, object]],
    ) -> None:
        """Append the entries, each chained to the one before it (store/chain.py)."""
        from clinic_audit.store.chain import entry_hash

        at = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
        prev = cls._trail_head(conn, audit_id)
        rows = []
        for path, old, new in diffs:
            old_text, new_text = _text(old), _text(new)
            rows.append(
                dict(
                    audit_id=audit_id,
                    at=at,
                    actor=actor,
                    action=action,
                    path=path,
                    old=old_text,
                    new=new_text,
                    prev_hash=prev,
                )
            )
            prev = entry_hash(audit_id, prev, at, actor, action, path, old_text, new_text)
        conn.execute(insert(schema.trail), rows)


def refused(audit: Audit, checklist: Checklist) -> list:
    """What the store refuses to save: an audit that refers to items or rows its
    checklist or its registers do not have, or with implausible dates (``audit_checks``)."""
    from clinic_audit.audit.checks import refusals

    return refusals(audit, checklist, dt.date.today())


def added_problems(before: Audit, after: Audit, checklist: Checklist) -> list:
    """The problems a change adds. It may keep those the audit already had (saved by an
    older version, or a date window that moved on with time), so that they never stop
    unrelated edits, nor the edit that mends them."""
    from collections import Counter

    had = Counter(problem.key for problem in refused(before, checklist))
    problems = refused(after, checklist)
    has = Counter(problem.key for problem in problems)
    return [problem for problem in problems if has[problem.key] > had[problem.key]]


def refuse_if_any(problems: list, what: str) -> None:
    """Raise a StoreError naming ``problems`` (the first five) and ``what`` was refused."""
    if problems:
        shown = " ".join(str(problem) for problem in problems[:5])
        more = f" And {len(problems) - 5} more." if len(problems) > 5 else ""
        raise StoreError(ErrorCode.CHANGE_REFUSED, doing=what, problems=shown + more)


def _text(value: object) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


_SQLITE_TROUBLES = {
    "malformed": ErrorCode.STORE_SQLITE_MALFORMED,
    "not a database": ErrorCode.STORE_SQLITE_NOT_A_DATABASE,
    "readonly": ErrorCode.STORE_SQLITE_READONLY,
    "disk is full": ErrorCode.STORE_SQLITE_DISK_FULL,
    "unable to open": ErrorCode.STORE_SQLITE_CANNOT_OPEN,
}


def _explain_sqlite_error(db_file: Path) -> Callable[[ExceptionContext], StoreError | None]:
    def explain(context: ExceptionContext) -> StoreError | None:
        error = str(getattr(context.original_exception, "args", [""])[0])
        for fragment, code in _SQLITE_TROUBLES.items():
            if fragment in error.lower().replace("read-only", "readonly"):
                return StoreError(code, path=db_file, error=error)
        return None

    return explain


def _no_store_params(db_file: Path) -> dict[str, str]:
    """A store file named but missing: most often a typo, so say so before offering a new one."""
    import shlex

    where = db_file.absolute()
    no_folder = "" if where.parent.is_dir() else f" (there is no folder {where.parent} either)"
    command = f"clinic-audit --db {shlex.quote(str(where))} init"
    return {"path": str(where), "no_folder": no_folder, "command": command}
