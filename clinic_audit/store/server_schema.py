"""What the PostgreSQL server adds to the store's tables: who may do what, enforced by
the server itself, so that it holds for psql as much as for the app.

- Group roles ``inspector``, ``supervisor`` and ``clerk``; each person logs in as a role
  of their own that is a member of one of them (server_admin).
- Row-level security: an inspector reads the facilities assigned to them (or that their
  own audits are of), every finalized audit of an assigned facility and the drafts they
  wrote, and writes only their own drafts; supervisors and clerks read everything;
  only supervisors assign; clerks write nothing.
- Triggers, as in the local store: nobody, a supervisor included, updates or deletes a
  finalized audit, its trail, its action log or a photo.

``apply`` is idempotent and runs after creating or migrating the server's schema, as the
database owner: the owner is the administrator's role, never a person's daily one (an
owner could switch the guards off; see the README's "For agencies").
"""

from __future__ import annotations

from sqlalchemy import Connection, text

GROUPS = ("inspector", "supervisor", "clerk")
WRITERS = "inspector, supervisor"
READERS = "inspector, supervisor, clerk"
SEES_AUDIT = "(SELECT ca_sees_all()) OR ca_audit_visible(audit_id, current_user)"
# what hangs off an audit (trail, action log, issued reports): read with it; appended to by
# a supervisor or whoever reads the audit (action progress after finalizing)
READ_WITH_AUDIT = ("read", "SELECT", SEES_AUDIT, None)
APPEND_TO_AUDIT = (
    "insert",
    "INSERT",
    None,
    "ca_is_supervisor() OR ca_audit_visible(audit_id, current_user)",
)

_FUNCTIONS = """
CREATE OR REPLACE FUNCTION ca_sees_all() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT pg_has_role(current_user, 'supervisor', 'MEMBER')
        OR pg_has_role(current_user, 'clerk', 'MEMBER')
$$;
CREATE OR REPLACE FUNCTION ca_is_supervisor() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT pg_has_role(current_user, 'supervisor', 'MEMBER')
$$;
-- The ones below read past row-level security (SECURITY DEFINER, run as the owner), so
-- that one table's policy may look at another's rows without the policies recursing.
CREATE OR REPLACE FUNCTION ca_audit_assigned(aid text, who name) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT EXISTS (
        SELECT 1 FROM facility_audits fa JOIN assignments s ON s.facility_id = fa.facility_id
        WHERE fa.audit_id = aid AND s.inspector = who)
$$;
-- The sets below are read once per query (an uncorrelated IN), not once per row: an
-- inspector's Home over 200,000 audits stays a hash lookup.
CREATE OR REPLACE FUNCTION ca_assigned_audits(who name) RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT fa.audit_id FROM facility_audits fa
    JOIN assignments s ON s.facility_id = fa.facility_id WHERE s.inspector = who
$$;
CREATE OR REPLACE FUNCTION ca_visible_facilities(who name) RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT facility_id FROM assignments WHERE inspector = who
    UNION
    SELECT fa.facility_id FROM facility_audits fa JOIN audits a ON a.id = fa.audit_id
    WHERE a.owner = who
$$;
CREATE OR REPLACE FUNCTION ca_audit_visible(aid text, who name) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT EXISTS (
        SELECT 1 FROM audits a WHERE a.id = aid
        AND (a.owner = who OR (a.status = 'finalized' AND ca_audit_assigned(a.id, who))))
$$;
CREATE OR REPLACE FUNCTION ca_audit_owned(aid text, who name) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT EXISTS (SELECT 1 FROM audits WHERE id = aid AND owner = who)
$$;
CREATE OR REPLACE FUNCTION ca_facility_visible(fid text, who name) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT EXISTS (SELECT 1 FROM assignments WHERE facility_id = fid AND inspector = who)
        OR EXISTS (
            SELECT 1 FROM facility_audits fa JOIN audits a ON a.id = fa.audit_id
            WHERE fa.facility_id = fid AND a.owner = who)
$$;
CREATE OR REPLACE FUNCTION ca_refuse_finalized() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'finalized' THEN
        RAISE EXCEPTION 'finalized audits cannot be changed or deleted'
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END $$;
CREATE OR REPLACE FUNCTION ca_refuse_always() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'restrict_violation',
        MESSAGE = TG_TABLE_NAME || ' is append-only: ' || TG_OP || ' refused';
END $$;
CREATE OR REPLACE FUNCTION ca_refuse_final_trail_delete() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF (SELECT status FROM audits WHERE id = OLD.audit_id) = 'finalized' THEN
        RAISE EXCEPTION 'the trail of a finalized audit cannot be deleted'
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN OLD;
END $$;
"""

_TRIGGERS = [
    ("audits", "audits_final_guard", "BEFORE UPDATE OR DELETE", "ROW", "ca_refuse_finalized"),
    ("audits", "audits_no_truncate", "BEFORE TRUNCATE", "STATEMENT", "ca_refuse_always"),
    ("trail", "trail_no_update", "BEFORE UPDATE", "ROW", "ca_refuse_always"),
    ("trail", "trail_final_no_delete", "BEFORE DELETE", "ROW", "ca_refuse_final_trail_delete"),
    ("trail", "trail_no_truncate", "BEFORE TRUNCATE", "STATEMENT", "ca_refuse_always"),
    ("action_log", "action_log_guard", "BEFORE UPDATE OR DELETE", "ROW", "ca_refuse_always"),
    ("action_log", "action_log_no_truncate", "BEFORE TRUNCATE", "STATEMENT", "ca_refuse_always"),
    ("reports", "reports_guard", "BEFORE UPDATE OR DELETE", "ROW", "ca_refuse_always"),
    ("reports", "reports_no_truncate", "BEFORE TRUNCATE", "STATEMENT", "ca_refuse_always"),
    ("photos", "photos_guard", "BEFORE UPDATE OR DELETE", "ROW", "ca_refuse_always"),
    ("photos", "photos_no_truncate", "BEFORE TRUNCATE", "STATEMENT", "ca_refuse_always"),
    *(
        (table, f"{table}_{name}", when, level, "ca_refuse_always")
        for table in ("conflict_copies", "conflict_resolutions")
        for name, when, level in (
            ("guard", "BEFORE UPDATE OR DELETE", "ROW"),
            ("no_truncate", "BEFORE TRUNCATE", "STATEMENT"),
        )
    ),
]

# table -> (grants, policies as (name, command, USING, WITH CHECK))
_ACCESS: dict[str, tuple[list[str], list[tuple[str, str, str | None, str | None]]]] = {
    "audits": (
        [f"SELECT ON audits TO {READERS}", f"INSERT, UPDATE, DELETE ON audits TO {WRITERS}"],
        [
            (
                "read",
                "SELECT",
                "(SELECT ca_sees_all()) OR owner = current_user OR (status = 'finalized'"
                " AND id IN (SELECT ca_assigned_audits(current_user)))",
                None,
            ),
            ("insert", "INSERT", None, "owner = current_user"),
            (
                "update",
                "UPDATE",
                "owner = current_user AND status <> 'finalized'",
                "owner = current_user",
            ),
            ("delete", "DELETE", "owner = current_user AND status <> 'finalized'", None),
        ],
    ),
    "trail": (
        [f"SELECT ON trail TO {READERS}", f"INSERT, DELETE ON trail TO {WRITERS}"],
        [
            READ_WITH_AUDIT,
            APPEND_TO_AUDIT,
            ("delete", "DELETE", "ca_audit_owned(audit_id, current_user)", None),
        ],
    ),
    "action_log": (
        [f"SELECT ON action_log TO {READERS}", f"INSERT ON action_log TO {WRITERS}"],
        [
            READ_WITH_AUDIT,
            APPEND_TO_AUDIT,
        ],
    ),
    "facility_audits": (
        [f"SELECT ON facility_audits TO {READERS}", f"INSERT ON facility_audits TO {WRITERS}"],
        [
            READ_WITH_AUDIT,
            ("insert", "INSERT", None, "ca_audit_owned(audit_id, current_user)"),
        ],
    ),
    "facilities": (
        [f"SELECT ON facilities TO {READERS}", f"INSERT, UPDATE ON facilities TO {WRITERS}"],
        [
            (
                "read",
                "SELECT",
                "(SELECT ca_sees_all()) OR id IN (SELECT ca_visible_facilities(current_user))",
                None,
            ),
            ("insert", "INSERT", None, "true"),
            (
                "update",
                "UPDATE",
                "ca_is_supervisor() OR ca_facility_visible(id, current_user)",
                "true",
            ),
        ],
    ),
    "assignments": (
        [
            f"SELECT ON assignments TO {READERS}",
            "INSERT, UPDATE, DELETE ON assignments TO supervisor",
            "UPDATE (audit_id) ON assignments TO inspector",
        ],
        [
            ("read", "SELECT", "(SELECT ca_sees_all()) OR inspector = current_user", None),
            ("assign", "ALL", "ca_is_supervisor()", "ca_is_supervisor()"),
            ("start", "UPDATE", "inspector = current_user", "inspector = current_user"),
        ],
    ),
    "reports": (
        [f"SELECT ON reports TO {READERS}", f"INSERT ON reports TO {WRITERS}"],
        [
            READ_WITH_AUDIT,
            APPEND_TO_AUDIT,  # a supervisor prints the report of any finalized audit
        ],
    ),
    "photos": ([f"SELECT ON photos TO {READERS}", f"INSERT ON photos TO {WRITERS}"], []),
    "conflict_copies": (  # a version that lost a finalize race: its sender and supervisors
        [f"SELECT ON conflict_copies TO {READERS}", f"INSERT ON conflict_copies TO {WRITERS}"],
        [
            ("read", "SELECT", "(SELECT ca_sees_all()) OR sent_by = current_user", None),
            ("insert", "INSERT", None, "sent_by = current_user"),
        ],
    ),
    "conflict_resolutions": (
        [
            f"SELECT ON conflict_resolutions TO {READERS}",
            "INSERT ON conflict_resolutions TO supervisor",
        ],
        [
            ("read", "SELECT", "true", None),
            ("insert", "INSERT", None, "resolved_by = current_user AND ca_is_supervisor()"),
        ],
    ),
    "checklists": (
        [f"SELECT ON checklists TO {READERS}", f"INSERT ON checklists TO {WRITERS}"],
        [],
    ),
    "packs": ([f"SELECT ON packs TO {READERS}", f"INSERT ON packs TO {WRITERS}"], []),
    "people": ([f"SELECT ON people TO {READERS}"], []),
    "schema_info": ([f"SELECT ON schema_info TO {READERS}"], []),
    "alembic_version": ([f"SELECT ON alembic_version TO {READERS}"], []),
}


def ensure_groups(conn: Connection) -> None:
    """The three group roles, made when missing (roles belong to the whole server)."""
    for group in GROUPS:
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": group})
        if exists.first() is None:
            conn.execute(text(f"CREATE ROLE {group} NOLOGIN"))


def apply(conn: Connection) -> None:
    """Functions, triggers, grants and row-level security over the current tables."""
    ensure_groups(conn)
    conn.exec_driver_sql(_FUNCTIONS)
    conn.exec_driver_sql(
        f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC; "
        f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO {READERS}"
    )
    conn.exec_driver_sql("ALTER TABLE audits ALTER COLUMN owner SET DEFAULT current_user")
    for table, column in (
        ("trail", "written_by"),
        ("conflict_copies", "sent_by"),
        ("conflict_resolutions", "resolved_by"),
    ):
        conn.exec_driver_sql(f"ALTER TABLE {table} ALTER COLUMN {column} SET DEFAULT current_user")
    for table, name, when, level, function in _TRIGGERS:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        conn.exec_driver_sql(
            f"CREATE TRIGGER {name} {when} ON {table} "
            f"FOR EACH {level} EXECUTE FUNCTION {function}()"
        )
    conn.exec_driver_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC, {READERS}")
    conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA public TO {READERS}")
    conn.exec_driver_sql(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {WRITERS}")
    for table, (grants, policies) in _ACCESS.items():
        for grant in grants:
            conn.exec_driver_sql(f"GRANT {grant}")
        conn.exec_driver_sql(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        existing = conn.execute(
            text("SELECT policyname FROM pg_policies WHERE tablename = :t"), {"t": table}
        )
        for (policy,) in existing.all():
            conn.exec_driver_sql(f'DROP POLICY "{policy}" ON {table}')
        if not policies:  # readable by every group; written only as granted above
            conn.exec_driver_sql(f"CREATE POLICY {table}_all ON {table} USING (true)")
        for name, command, using, check in policies:
            clauses = f" USING ({using})" if using else ""
            clauses += f" WITH CHECK ({check})" if check else ""
            conn.exec_driver_sql(f"CREATE POLICY {table}_{name} ON {table} FOR {command}{clauses}")


def open_database(conn: Connection, database: str) -> None:
    """Only the three groups (and so the people in them) may connect to the database."""
    conn.exec_driver_sql(f'REVOKE ALL ON DATABASE "{database}" FROM PUBLIC')
    conn.exec_driver_sql(f'GRANT CONNECT ON DATABASE "{database}" TO {READERS}')
