from clinic_audit.store.database import Store
from clinic_audit.service.audit_service import AuditService
from clinic_audit.checklist.loader import builtin_checklist
from tests.factories import blank_audit
from clinic_audit.checklist.model import Result

def test_basic(server):
    store = Store.connect(server.address("insp_ana"))
    s = AuditService(store, "ana")
    cl = builtin_checklist()
    a = s.create(blank_audit(cl))
    item = cl.sections[0].items[0].id
    s.answer(a.id, item, Result.FAIL, note="x")
    print(store.list())
    print(store.trail(a.id)[:3])
    print(store.check_trail(a.id))
    store.close()
    other = Store.connect(server.address("insp_ben"))
    print("ben sees", other.list())
    sup = Store.connect(server.address("sup_sam"))
    print("sam sees", sup.list())
    print(server.psql("UPDATE audits SET facility_name='x'", "insp_ben"))
