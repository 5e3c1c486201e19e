"""Custom flowables: stored JPEGs embedded as they are, the outcome badge, bookmarked headings."""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable

from reportlab.lib import colors
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Paragraph

from clinic_audit.reports.fonts import keep_unknown_characters


class JpegSource:
    """A stored JPEG that ReportLab embeds byte for byte (DCTDecode), never decoded.

    ``canvas.drawImage`` names an image that is not an ``ImageReader`` by ``str()``
    (here the photo's hash, so each photo is embedded once however often it is drawn),
    and ``PDFImageXObject`` copies the stream it gets from ``jpeg_fh()``. An
    ``ImageReader`` would instead decode every pixel just to name the image.
    """

    def __init__(self, key: str, load: Callable[[], bytes]):
        self.key = key
        self._load = load

    def __str__(self) -> str:
        return self.key

    def jpeg_fh(self) -> io.BytesIO:
        return io.BytesIO(self._load())


class JpegImage(Flowable):
    """A photo scaled to fit a box, keeping its proportions; bytes are read only when drawn."""

    def __init__(self, source: JpegSource, pixel_size: tuple[int, int], box: tuple[float, float]):
        super().__init__()
        self.source = source
        ratio = min(box[0] / pixel_size[0], box[1] / pixel_size[1])
        self.draw_width = pixel_size[0] * ratio
        self.draw_height = pixel_size[1] * ratio
        self.hAlign = "CENTER"

    def wrap(self, available_width, available_height):
        return self.draw_width, self.draw_height

    def draw(self):
        if getattr(self.canv, "layout_only", False):
            return
        self.canv.drawImage(self.source, 0, 0, self.draw_width, self.draw_height)
        self.canv.setStrokeColor(colors.HexColor("#999999"))
        self.canv.setLineWidth(0.3)
        self.canv.rect(0, 0, self.draw_width, self.draw_height)


class ThumbnailStrip(Flowable):
    """Photos in rows of fixed boxes, each with a short label under it; splits between rows."""

    LABEL_HEIGHT = 10

    def __init__(self, photos, box, columns, indent, font, colour):
        super().__init__()
        self.photos = photos  # [(JpegSource, (width px, height px), label)]
        self.box, self.columns, self.indent = box, columns, indent
        self.font, self.colour = font, colour

    def _row_height(self):
        return self.box[1] + self.LABEL_HEIGHT + 4

    def wrap(self, available_width, available_height):
        rows = -(-len(self.photos) // self.columns)
        self.width, self.height = available_width, rows * self._row_height()
        return self.width, self.height

    def split(self, available_width, available_height):
        rows = int(available_height // self._row_height())
        keep = rows * self.columns
        if rows <= 0 or keep >= len(self.photos):
            return []
        twin = ThumbnailStrip.__new__(ThumbnailStrip)
        twin.__dict__.update(self.__dict__)
        head, tail = twin, ThumbnailStrip.__new__(ThumbnailStrip)
        tail.__dict__.update(self.__dict__)
        head.photos, tail.photos = self.photos[:keep], self.photos[keep:]
        return [head, tail]

    def draw(self):
        canvas = self.canv
        if getattr(canvas, "layout_only", False):
            return
        box_w, box_h = self.box
        step = (self.width - self.indent) / self.columns
        canvas.setStrokeColor(colors.HexColor("#999999"))
        canvas.setLineWidth(0.3)
        for number, (source, (pixels_w, pixels_h), label) in enumerate(self.photos):
            row, column = divmod(number, self.columns)
            x = self.indent + column * step
            top = self.height - row * self._row_height() - 2
            ratio = min(box_w / pixels_w, box_h / pixels_h)
            width, height = pixels_w * ratio, pixels_h * ratio
            canvas.drawImage(source, x, top - height, width, height)
            canvas.rect(x, top - height, width, height)
            canvas.setFont(self.font, 7)
            canvas.setFillColor(self.colour)
            canvas.drawString(x, top - box_h - 8, label)


class PngImage(Flowable):
    """A small PNG (a signature) with its transparency, scaled into a box."""

    def __init__(self, data: bytes, box: tuple[float, float]):
        super().__init__()
        self.reader = ImageReader(io.BytesIO(data))
        width, height = self.reader.getSize()
        ratio = min(box[0] / width, box[1] / height)
        self.draw_width, self.draw_height = width * ratio, height * ratio

    def wrap(self, available_width, available_height):
        return self.draw_width, self.draw_height

    def draw(self):
        if getattr(self.canv, "layout_only", False):
            return
        self.canv.drawImage(self.reader, 0, 0, self.draw_width, self.draw_height, mask="auto")


class OutcomeBadge(Flowable):
    """The outcome in words on a large coloured panel (the words carry it in black and white)."""

    def __init__(self, label: Paragraph, detail: Paragraph, colour, padding: float = 10):
        super().__init__()
        self.label, self.detail, self.colour, self.padding = label, detail, colour, padding

    def wrap(self, available_width, available_height):
        inner = available_width - 2 * self.padding
        self._label_h = self.label.wrap(inner, available_height)[1]
        self._detail_h = self.detail.wrap(inner, available_height)[1]
        self.width = available_width
        self.height = self._label_h + self._detail_h + 2 * self.padding + 4
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        canvas.setFillColor(self.colour)
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(1.2)
        canvas.roundRect(0, 0, self.width, self.height, 6, stroke=1, fill=1)
        y = self.height - self.padding - self._label_h
        self.label.drawOn(canvas, self.padding, y)
        self.detail.drawOn(canvas, self.padding, y - 4 - self._detail_h)


class Para(Paragraph):
    """A Paragraph that keeps its line breaks for the width it was last wrapped to.

    Platypus wraps most paragraphs two or three times (KeepTogether, tables, the frame),
    and breaking lines is most of the report's cost. The lines depend on the width only.
    """

    _wrapped_width = None

    def wrap(self, available_width, available_height):
        if available_width == self._wrapped_width:
            return self.width, self.height
        size = super().wrap(available_width, available_height)
        if size[1] != 0x7FFFFFFF:  # Paragraph's answer for "cannot fit at all"
            self._wrapped_width = available_width
        return size


class Heading(Para):
    """A heading that is a PDF bookmark (the reader's outline panel), a link target
    (``key``) and, with ``in_contents``, an entry of the table of contents."""

    _made = itertools.count(1)

    def __init__(
        self,
        text,
        style,
        outline: str = "",
        level: int = 0,
        key: str | None = None,
        in_contents: bool = True,
        **kw,
    ):
        if text:
            keep_unknown_characters(style.fontName, text)
        super().__init__(text, style, **kw)  # split() makes the parts with keywords only
        self.outline, self.level, self.in_contents = outline, level, in_contents
        self.key = key or f"heading-{next(self._made)}"  # the same in every build pass

    def draw(self):
        if self.outline:
            self.canv.bookmarkHorizontal(self.key, 0, self.height + 6)
            self.canv.addOutlineEntry(self.outline, self.key, level=self.level, closed=True)
        super().draw()


class Anchor(Flowable):
    """A link target where it is drawn: put it first in the KeepBlock it names, so it
    moves to the next page with the block."""

    def __init__(self, key: str):
        super().__init__()
        self.key = key

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        self.canv.bookmarkHorizontal(self.key, 0, 10)


class SignatureSpot(Flowable):
    """The place of the visible digital signature: a framed, empty box whose position
    on the page (page index, box in points) is recorded each time it is drawn, so that
    the signature field is put on it after the kept layout pass."""

    def __init__(self, width: float, height: float, spots: list, caption: str, font: str):
        super().__init__()
        self.width, self.height = width, height
        self.spots, self.caption, self.font = spots, caption, font

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        x, y = canvas.absolutePosition(0, 0)
        self.spots.append((canvas.getPageNumber() - 1, (x, y, x + self.width, y + self.height)))
        canvas.setStrokeColor(colors.HexColor("#999999"))
        canvas.setLineWidth(0.5)
        canvas.setDash(2, 2)
        canvas.rect(0, 0, self.width, self.height)
        canvas.setDash()
        canvas.setFont(self.font, 6.5)
        canvas.setFillColor(colors.HexColor("#777777"))
        canvas.drawString(3, -8, self.caption)
