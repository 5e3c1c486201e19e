"""Whatever text a user types comes back unchanged from the store and the portable file."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinic_audit.audit.model import Facility, Person, Practitioner, Product
from clinic_audit.checklist.loader import builtin_checklist
from clinic_audit.checklist.model import Result
from clinic_audit.files.portable import export_audit, import_audit
from clinic_audit.service.audit_service import AuditService
from clinic_audit.store.database import Store
from tests.factories import blank_audit

# Any Unicode text except lone surrogates (not encodable in UTF-8, so no file can hold them).
typed = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
named = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=300)
HOSTILE = [
    "<b>bold</b> & <i>not</i> 'quoted' \"double\"",
    "line one\nline two\r\nline three\ttabbed",
    "Nguyễn Thị Lan · María José Hernández · Zoë Ångström",
    "שלום עולם · مرحبا بالعالم",
    "emoji 💉🧴🦠 and ZWJ 👩‍⚕️",
    "x" * 400,
    "word " * 2000,
    "\x00 nul and \x1b escape",
]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(facility=named, note=typed, inspector=typed, practitioner=named, product=named)
def test_text_round_trips_through_store_and_file(
    tmp_path_factory, facility, note, inspector, practitioner, product
):
    folder = tmp_path_factory.mktemp("hostile")
    check_round_trip(folder, facility, note, inspector, practitioner, product)


def test_known_hostile_strings_round_trip(tmp_path):
    for index, text in enumerate(HOSTILE):
        name = text[:500]  # names are limited to 500 characters; notes are not
        check_round_trip(tmp_path / str(index), name, text, text, name, name)


def check_round_trip(folder, facility, note, inspector, practitioner, product):
    folder.mkdir(parents=True, exist_ok=True)
    checklist = builtin_checklist()
    item = checklist.sections[0].items[0].id
    store = Store.open(folder / "a.sqlite3", create=True)
    service = AuditService(store, actor=inspector or "someone")
    audit = service.create(
        blank_audit(
            checklist,
            facility=Facility(name=facility, address=note),
            inspector=Person(name=inspector),
            audit_date=dt.date(2026, 1, 2),
        )
    )
    service.answer(audit.id, item, Result.FAIL, note=note)
    service.put_row(audit.id, "practitioners", Practitioner(name=practitioner, role=note))
    service.put_row(audit.id, "products", Product(name=product, lot=note))
    stored = store.get(audit.id)
    assert stored.facility.name == facility and stored.facility.address == note
    assert stored.inspector.name == inspector
    assert stored.responses[item].note == note
    assert stored.practitioners[0].name == practitioner and stored.practitioners[0].role == note
    assert stored.products[0].name == product and stored.products[0].lot == note

    other = Store.open(folder / "b.sqlite3", create=True)
    again = import_audit(other, export_audit(store, audit.id), "x.json", "t")
    assert again == stored
    store.close()
    other.close()
