import datetime as dt
import io
import re

import pytest
from PIL import Image
from pypdf import PdfReader

from clinic_audit.audit.model import (
    Audit,
    AuditKind,
    CorrectiveAction,
    Facility,
    Person,
    PhotoRef,
    Practitioner,
    Response,
    Status,
)
from clinic_audit.checklist.loader import builtin_checklist
from clinic_audit.checklist.model import Result
from clinic_audit.checklist.packs import builtin_checklist_for
from clinic_audit.files.photos import normalize
from clinic_audit.files.sample import build_sample
from clinic_audit.reports import build_report
from clinic_audit.reports.photos import PortablePhotos
from clinic_audit.rules.scoring import summarize

AUDIT_DAY = dt.date(2026, 6, 15)
GENERATED = dt.datetime(2026, 6, 15, 20, 0, tzinfo=dt.UTC)  # 15:00 in Texas, after the visit


class FakePhotos:
    """The photo source build_report reads: full JPEGs and thumbnails by sha256."""

    def __init__(self):
        self.full: dict[str, bytes] = {}
        self.thumbs: dict[str, bytes] = {}

    def add(self, colour=(200, 40, 40), size=(64, 48)) -> PhotoRef:
        image = Image.new("RGB", size, colour)
        out = io.BytesIO()
        image.save(out, "JPEG")
        photo = normalize(out.getvalue(), "tiny.jpg")
        self.full[photo.sha256], self.thumbs[photo.sha256] = photo.jpeg, photo.thumb
        return PhotoRef(
            sha256=photo.sha256,
            jpeg_sha256=photo.jpeg_sha256,
            width=photo.width,
            height=photo.height,
            filename="tiny.jpg",
        )

    def photo_jpeg(self, sha256: str) -> bytes:
        return self.full[sha256]

    def photo_thumb(self, sha256: str) -> bytes:
        return self.thumbs[sha256]


@pytest.fixture(scope="session")
def checklist():
    return builtin_checklist()


def small_audit(checklist, kind=AuditKind.REGULATORY, note="", fail_items=2, **fields) -> Audit:
    """Every item passed except the first ``fail_items``, which fail with ``note``."""
    values = dict(
        checklist_id=checklist.id,
        checklist_version=checklist.version,
        kind=kind,
        facility=Facility(name="Test Clinic", address="1 Test Road"),
        inspector=Person(name="Ivy Inspector", organisation="Health Dept"),
        representative=Person(name="Rita Rep"),
        audit_date=AUDIT_DAY,
    )
    audit = Audit(**(values | fields))
    for number, (_section, item) in enumerate(checklist.items()):
        failed = number < fail_items
        audit.responses[item.id] = Response(
            result=Result.FAIL if failed else Result.PASS, note=note if failed else ""
        )
    return audit


def report_inputs(checklist, audit, photos=None):
    return audit, checklist, summarize(checklist, audit), photos or FakePhotos()


def failed_action(audit, checklist, text, responsible="Sam Owner") -> CorrectiveAction:
    item_id = next(i for i, r in audit.responses.items() if r.result == Result.FAIL)
    return CorrectiveAction(
        finding_key=f"item:{item_id}", action=text, responsible=responsible, due=AUDIT_DAY
    )


def practitioner(name: str) -> Practitioner:
    return Practitioner(name=name, licence_number="RN-1", licence_expiry=dt.date(2030, 1, 1))


def pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """Whitespace (line wraps included) collapsed to single spaces."""
    return " ".join(text.split())


def squeezed(text: str) -> str:
    """All whitespace removed: for words the report had to split across lines."""
    return "".join(text.split())


@pytest.fixture(scope="session")
def sample():
    """The realistic sample audit with 6 photos, under the Texas pack (built once: it
    draws the photos). A draft with both signatures given."""
    return build_sample(photos=6, audit_date=AUDIT_DAY)


@pytest.fixture(scope="session")
def sample_checklist(sample):
    return builtin_checklist_for(sample)


def finalized(audit):
    """A copy of ``audit`` finalized a few minutes after its last signature."""
    final = audit.model_copy(deep=True)
    final.status = Status.FINALIZED
    final.finalized_at = max(s.signed_at for s in final.signatures) + dt.timedelta(minutes=5)
    return final


def report_of(audit, checklist, **options) -> bytes:
    photos = PortablePhotos(audit.photo_data)
    revision = options.pop("revision", 7)
    return build_report(
        audit,
        checklist,
        summarize(checklist, audit),
        photos,
        generated_at=options.pop("generated_at", GENERATED),
        revision=revision,
        **options,
    )


def body_text(pages: list[str]) -> str:
    """The pages' text without the header and footer lines (they interrupt text that runs
    on from one page to the next): the lines every page has, and "Page x of y"."""
    lines = [page.splitlines() for page in pages]
    furniture = set.intersection(*(set(page) for page in lines)) if len(lines) > 1 else set()
    kept = [
        line
        for page in lines
        for line in page
        if line not in furniture and not re.fullmatch(r"Page \d+ of \d+", line)
    ]
    return "\n".join(kept)
