"""Ways a signed report is changed after signing, each as a tamperer would do it."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader, PdfWriter


def delete_page(pdf: bytes, index: int = 1) -> bytes:
    """The file rewritten by pypdf without one page (what 'remove page' tools do)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    del writer.pages[index]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def change_content_byte(pdf: bytes, page: int = 0) -> bytes:
    """One byte changed inside the content stream of a page, in place (same length)."""
    reader = PdfReader(io.BytesIO(pdf))
    contents = reader.pages[page].get("/Contents")
    number = (contents[0] if isinstance(contents, list) else contents).idnum
    found = re.search(rb"(?<![0-9])%d 0 obj.*?stream\r?\n" % number, pdf, re.S)
    assert found, "the content stream's object"
    at = found.end() + 10
    changed = bytearray(pdf)
    changed[at] ^= 0x01
    return bytes(changed)


def append_annotation(pdf: bytes) -> bytes:
    """An incremental update after the signature, adding a note to the first page (what
    a PDF reader's 'comment' does): the signed bytes stay as they were."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    stream = io.BytesIO(pdf)
    writer = IncrementalPdfFileWriter(stream)
    page_ref, _resources = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    note = generic.DictionaryObject(
        {
            generic.pdf_name("/Type"): generic.pdf_name("/Annot"),
            generic.pdf_name("/Subtype"): generic.pdf_name("/Text"),
            generic.pdf_name("/Rect"): generic.ArrayObject(
                [generic.NumberObject(n) for n in (50, 50, 70, 70)]
            ),
            generic.pdf_name("/Contents"): generic.TextStringObject("No violations found."),
        }
    )
    annotations = page.get("/Annots", generic.ArrayObject())
    annotations.append(writer.add_object(note))
    page["/Annots"] = annotations
    writer.update_container(page)
    writer.write_in_place()
    return stream.getvalue()


def replace_attachment(pdf: bytes, name: str, data: bytes) -> bytes:
    """The file rewritten by pypdf with one embedded file's content replaced."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    names = writer.root_object["/Names"]["/EmbeddedFiles"]["/Names"]
    for at in range(0, len(names), 2):
        if names[at] == name:
            stream = names[at + 1].get_object()["/EF"]["/F"].get_object()
            stream.set_data(data)
            break
    else:
        raise AssertionError(f"no attachment {name}")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def attachment(pdf: bytes, name: str) -> bytes:
    return PdfReader(io.BytesIO(pdf)).attachments[name][-1]
