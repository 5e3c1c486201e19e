"""Reading a built report back with pypdf: pages' text, the outline and where each entry
lands, links and their destinations, embedded images, fonts and XMP metadata."""

import hashlib
import io
import re

from pypdf import PdfReader
from pypdf.generic import ArrayObject, IndirectObject


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def outline_entries(pdf: bytes) -> list[tuple[str, int]]:
    """(title, page index) of every bookmark, nested ones included."""
    pdf_reader = reader(pdf)
    found: list[tuple[str, int]] = []

    def walk(entries):
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
            else:
                found.append((entry.title, pdf_reader.get_destination_page_number(entry)))

    walk(pdf_reader.outline)
    return found


def internal_links(pdf: bytes) -> list[tuple[int, str, int]]:
    """(page index of the link, the text it is drawn on, page index it lands on; -1 for
    nowhere) of every link to a place in the document."""
    pdf_reader = reader(pdf)
    named = pdf_reader.named_destinations
    links = []
    for index, page in enumerate(pdf_reader.pages):
        fragments = _fragments(page)
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            dest = annotation.get("/Dest")
            if dest is None and "/A" in annotation:
                dest = annotation["/A"].get("/D")
            if isinstance(dest, IndirectObject):
                dest = dest.get_object()
            if isinstance(dest, ArrayObject):  # an explicit destination: [page, /XYZ, …]
                target = _page_index(pdf_reader, dest[0])
            else:
                found = named.get(str(dest))
                target = -1 if found is None else pdf_reader.get_destination_page_number(found)
            links.append((index, _text_in(fragments, annotation["/Rect"]), target))
    return links


def _page_index(pdf_reader: PdfReader, ref) -> int:
    for index, page in enumerate(pdf_reader.pages):
        if page.indirect_reference == ref:
            return index
    return -1


def _fragments(page) -> list[tuple[float, float, str]]:
    found: list[tuple[float, float, str]] = []

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((x, y, text))

    page.extract_text(visitor_text=visit)
    return found


def _text_in(fragments, rect) -> str:
    x1, y1, x2, y2 = (float(v) for v in rect)
    inside = [t for x, y, t in fragments if x1 - 2 <= x <= x2 and y1 - 2 <= y <= y2 + 2]
    return " ".join(" ".join(inside).split())


def jpeg_hashes(pdf: bytes) -> set[str]:
    """SHA-256 of each JPEG image object embedded in the PDF, as stored there."""
    pdf_reader = reader(pdf)
    hashes = set()
    for page in pdf_reader.pages:
        xobjects = page["/Resources"].get("/XObject") or {}
        for ref in xobjects.values():
            image = ref.get_object()
            filters = image.get("/Filter")
            filters = list(filters) if isinstance(filters, ArrayObject) else [filters]
            if image.get("/Subtype") == "/Image" and "/DCTDecode" in filters:
                hashes.add(hashlib.sha256(image._data).hexdigest())
    return hashes


def image_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Subtype /Image", pdf))


def fonts(pdf: bytes) -> set[tuple[str, bool]]:
    """(base font name, embedded?) of every font a page uses."""
    found = set()
    for page in reader(pdf).pages:
        for ref in (page["/Resources"].get("/Font") or {}).values():
            font = ref.get_object()
            name = str(font["/BaseFont"])
            embedded = False
            for descendant in font.get("/DescendantFonts") or [font]:
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor is not None:
                    descriptor = descriptor.get_object()
                    embedded = any(
                        k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
                    )
            found.add((name, embedded))
    return found


def image_resolutions(pdf: bytes) -> dict[str, list[float]]:
    """Each JPEG image object (by the SHA-256 of its bytes) and the resolution, in pixels
    per inch across, of every place a page draws it."""
    pdf_reader = reader(pdf)
    found: dict[str, list[float]] = {}
    for page in pdf_reader.pages:
        xobjects = page["/Resources"].get("/XObject") or {}

        def seen(operator, operands, cm, _tm, xobjects=xobjects):
            if operator != b"Do" or operands[0] not in xobjects:
                return
            image = xobjects[operands[0]].get_object()
            filters = image.get("/Filter")
            filters = list(filters) if isinstance(filters, ArrayObject) else [filters]
            if image.get("/Subtype") != "/Image" or filters != ["/DCTDecode"]:
                return
            digest = hashlib.sha256(image.get_data()).hexdigest()
            found.setdefault(digest, []).append(image["/Width"] / (cm[0] / 72))

        page.extract_text(visitor_operand_before=seen)
    return found
