"""facilities, history and actions, run as a person runs them: a facility inspected three
times over a year, and the overdue list on the day before, of and after a due date."""

import csv
import datetime as dt

import pytest

from clinic_audit.audit.model import ActionStatus, CorrectiveAction
from clinic_audit.cli.main import main
from clinic_audit.files.sample import build_sample
from clinic_audit.store.database import Store

FIRST = dt.date(2026, 1, 12)


@pytest.fixture
def db(tmp_path, monkeypatch):
    """A store with three inspections of one clinic and one audit of another."""
    path = tmp_path / "cli.sqlite3"
    Store.open(path, create=True).close()
    monkeypatch.setenv("CLINIC_AUDIT_DB", str(path))
    monkeypatch.chdir(tmp_path)
    for number, days in enumerate((0, 120, 300)):
        sample = build_sample(photos=1, audit_date=FIRST + dt.timedelta(days=days), seed=number + 1)
        (tmp_path / f"s{number}.json").write_text(sample.model_dump_json())
        assert main(["import", f"s{number}.json"]) == 0
    other = build_sample(photos=1, audit_date=FIRST, facility_name="Other Spa", seed=9)
    other.facility.licence_number = "OTHER-1"
    (tmp_path / "other.json").write_text(other.model_dump_json())
    assert main(["import", "other.json"]) == 0
    return path


def test_facilities_lists_one_line_each(db, capsys):
    capsys.readouterr()
    assert main(["facilities"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert "Lumen Skin & Laser Studio  —  MSP-2024-0187  —  3 audits" in lines[0]
    assert "Other Spa  —  OTHER-1  —  1 audit" in lines[1]


@pytest.mark.parametrize(
    "wanted", ["MSP-2024-0187", "msp 2024 0187", "lumen", "Lumen Skin & Laser Studio"]
)
def test_history_finds_the_facility_by_license_or_name(db, capsys, wanted):
    capsys.readouterr()
    assert main(["history", wanted]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Lumen Skin & Laser Studio (MSP-2024-0187) — 3 audits")
    dates = [line.split()[0] for line in out.splitlines()[1:4]]
    assert dates == ["2026-01-12", "2026-05-12", "2026-11-08"]
    assert "1 critical, 3 major, 2 minor" in out and "Open corrective actions:" in out


def test_history_of_an_unknown_facility_says_how_to_find_one(db, capsys):
    assert main(["history", "Nowhere Clinic"]) == 2
    err = capsys.readouterr().err
    assert "No facility Nowhere Clinic is in the store" in err and "clinic-audit facilities" in err
    assert "Traceback" not in err


def test_overdue_on_the_day_before_of_and_after_a_due_date(db, tmp_path, capsys):
    store = Store.open(db)
    audit_id = store.audits_of(store.facilities()[1].id)[0]  # Other Spa: one audit
    audit = store.get(audit_id)
    due = dt.date(2026, 3, 2)
    only = CorrectiveAction(
        finding_key=audit.actions[0].finding_key, action="Buy a spill kit", due=due
    )

    def keep_one(a):
        a.actions = [only]

    store.modify(audit_id, "t", "actions", keep_one)
    store.close()
    lumen_due = {a.due for a in build_sample(photos=0, audit_date=FIRST).actions}

    def overdue_on(day):
        capsys.readouterr()
        assert main(["actions", "--overdue", "--today", day.isoformat(), "--csv", "o.csv"]) == 0
        rows = list(csv.DictReader((tmp_path / "o.csv").open()))
        return [r for r in rows if r["facility"] == "Other Spa"]

    assert overdue_on(due - dt.timedelta(days=1)) == []
    assert overdue_on(due) == []  # due today is not yet overdue
    after = overdue_on(due + dt.timedelta(days=1))
    assert [(r["action"], r["due"], r["days_overdue"]) for r in after] == [
        ("Buy a spill kit", "2026-03-02", "1")
    ]
    assert lumen_due  # the sample's own actions are listed too, by due date
    assert main(["actions"]) == 0
    assert "Buy a spill kit" in capsys.readouterr().out


def test_a_done_action_is_never_overdue(db, capsys):
    store = Store.open(db)
    audit_id = store.audits_of(store.facilities()[1].id)[0]

    def all_done(a):
        for action in a.actions:
            action.status = ActionStatus.DONE
            action.closed_on = FIRST

    store.modify(audit_id, "t", "done", all_done)
    store.close()
    capsys.readouterr()
    assert main(["actions", "--overdue", "--today", "2030-01-01"]) == 0
    assert "Other Spa" not in capsys.readouterr().out


def test_follow_up_prints_the_new_drafts_id(db, capsys):
    from clinic_audit.audit.model import Status

    store = Store.open(db)
    first = store.audits_of(store.facilities()[0].id)[0]

    def finalize(a):
        a.status, a.finalized_at = Status.FINALIZED, a.signatures[-1].signed_at

    store.modify(first, "t", "finalize", finalize)
    store.close()
    capsys.readouterr()
    assert main(["follow-up", first[:8]]) == 0
    captured = capsys.readouterr()
    new_id = captured.out.strip()
    assert len(new_id) == 32 and "earlier findings to record" in captured.err
    with Store.open(db) as store:
        assert store.get(new_id).follow_up_of == first
    assert main(["follow-up", new_id[:8]]) == 2  # a draft cannot be followed up
    assert "is not finalized" in capsys.readouterr().err
