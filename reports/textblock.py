"""TextBlock: the light path for the bulk of the report's text.

ReportLab's Paragraph parses markup, breaks lines fragment by fragment and draws them
with many small operations; for the hundreds of plain notes, prompts and captions in a
report that is most of the build time. A TextBlock takes plain text in a few styled
runs (never markup, so user text needs no escaping), breaks it greedily at spaces,
splits words longer than a line, keeps the user's line breaks, and draws each line
with one text object. It splits across pages like a Paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from clinic_audit.reports.fonts import keep_unknown_characters
from clinic_audit.reports.text import clean, visual_order


@dataclass(frozen=True)
class Run:
    text: str
    font: str
    size: float
    colour: object


DIGEST_GROUPS = 8
DIGEST_PLACEHOLDER = " ".join(chr(ord("a") + k) * 8 for k in range(DIGEST_GROUPS))


@dataclass(frozen=True)
class DigestRun(Run):
    """A SHA-256 in groups of 8, in a monospaced font, known only when it is drawn (a print
    copy still being made while the pages are laid out): lines are broken on a placeholder
    of the same width, group k being eight times the letter k, and each group is put in
    at drawing time."""

    resolve: Callable[[], str] = str

    def fill(self, segment: str) -> str:
        digest = self.resolve()
        groups = [digest[8 * k : 8 * k + 8] for k in range(DIGEST_GROUPS)]
        return re.sub(r"[a-h]{8}", lambda group: groups[ord(group[0][0]) - ord("a")], segment)


@lru_cache(maxsize=100_000)
def _width(text: str, font: str, size: float) -> float:
    return stringWidth(text, font, size)


_SPACES = re.compile(r"[ \u00a0\u2000-\u200a\u3000]+")

Token = tuple[int, str, bool, float]  # run index, word, space before it, width
Line = list[tuple[int, str]]  # (run index, text) segments


class TextBlock(Flowable):
    def __init__(
        self,
        runs: list[Run],
        leading: float,
        indent: float = 0,
        space_before: float = 0,
        space_after: float = 0,
        marker: Run | None = None,
        _lines: list[Line] | None = None,
    ):
        super().__init__()
        self.runs, self.leading, self.indent = runs, leading, indent
        self.space_before, self.space_after, self.marker = space_before, space_after, marker
        self._lines: list[Line] = [] if _lines is None else _lines  # else wrap() breaks them
        self._wrapped_width = None if _lines is None else -1.0

    def getSpaceBefore(self):  # noqa: N802 - platypus' name
        return self.space_before

    def getSpaceAfter(self):  # noqa: N802
        return self.space_after

    def wrap(self, available_width, available_height):
        if self._wrapped_width not in (available_width, -1.0):
            self._lines = self._break(available_width - self.indent)
            self._wrapped_width = available_width
        self.width = available_width
        self.height = self.leading * len(self._lines)
        return self.width, self.height

    def split(self, available_width, available_height):
        self.wrap(available_width, available_height)
        fit = int(available_height // self.leading)
        if fit <= 0 or fit >= len(self._lines):
            return [] if fit <= 0 else [self]
        head = self._copy(self._lines[:fit], self.marker, self.space_before, 0)
        tail = self._copy(self._lines[fit:], None, 0, self.space_after)
        return [head, tail]

    def _copy(self, lines, marker, before, after) -> TextBlock:
        return TextBlock(self.runs, self.leading, self.indent, before, after, marker, lines)

    def draw(self):
        self.draw_at(self.canv, 0, 0)

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802 - platypus' name
        """Draw in place: no saved graphics state and translation per block (it sets all
        it uses), which the hundreds of blocks in a report would otherwise each cost."""
        self.canv = canvas
        self.draw_at(canvas, x, y)

    def draw_at(self, canvas, x: float, y: float) -> None:
        """Draw with the lower left corner at (x, y), in one text object and without a
        graphics state of its own: the fill color is put back as the canvas had it."""
        runs = self.runs
        size = max(run.size for run in runs)
        baseline = y + self.height - self.leading + (self.leading - size) / 2 + size * 0.2
        text = canvas.beginText(x, baseline)
        if self.marker is not None:
            text.setFont(self.marker.font, self.marker.size)
            text.setFillColor(self.marker.colour)
            text.textOut(self.marker.text)
        text.setTextOrigin(x + self.indent, baseline)
        current = None
        for number, line in enumerate(self._lines):
            if number:
                text.moveCursor(0, self.leading)
            for index, segment in line:
                if index != current:
                    run = runs[index]
                    text.setFont(run.font, run.size)
                    if current is None or run.colour != runs[current].colour:
                        text.setFillColor(run.colour)
                    current = index
                lazy = runs[index]
                if isinstance(lazy, DigestRun):
                    segment = lazy.fill(segment)
                text.textOut(visual_order(segment))
        text.setFillColor(canvas._fillColorObj)
        canvas.drawText(text)

    def _break(self, width: float) -> list[Line]:
        lines: list[Line] = []
        spaces = [_width(" ", run.font, run.size) for run in self.runs]
        for paragraph in self._paragraphs():
            line: Line = []
            used = 0.0
            for index, word, spaced, word_width in paragraph:
                space = spaces[index] if spaced and line else 0.0
                if word_width > width:  # rare: a word longer than the line, in pieces
                    if line:
                        lines.append(line)
                        line, used = [], 0.0
                    for piece, piece_width in _pieces(word, self.runs[index], width):
                        if line:
                            lines.append(line)
                        line, used = [(index, piece)], piece_width
                    continue
                if line and used + space + word_width > width:
                    lines.append(line)
                    line, used, space = [], 0.0, 0.0
                if line and line[-1][0] == index:
                    line[-1] = (index, f"{line[-1][1]} {word}" if space else line[-1][1] + word)
                else:
                    line.append((index, " " + word if space else word))
                used += space + word_width
            lines.append(line)
        return lines

    def _paragraphs(self) -> list[list[Token]]:
        """The text as lines (the user's line breaks) of words with their widths."""
        paragraphs: list[list[Token]] = [[]]
        pending_space = False
        for index, run in enumerate(self.runs):
            text = clean(run.text)
            keep_unknown_characters(run.font, text)
            for number, part in enumerate(text.split("\n")):
                if number:
                    paragraphs.append([])
                    pending_space = False
                if part[:1].isspace():
                    pending_space = True
                for word in _SPACES.split(part):
                    if word:
                        width = _width(word, run.font, run.size)
                        paragraphs[-1].append((index, word, pending_space, width))
                    pending_space = True
                pending_space = part[-1:].isspace() or (not part and pending_space)
        return paragraphs


def _pieces(word: str, run: Run, width: float):
    """Pieces of a word longer than a line, each as long as fits."""
    rest = word
    while rest:
        low, high = 1, len(rest)
        while low < high:
            middle = (low + high + 1) // 2
            if _width(rest[:middle], run.font, run.size) <= width:
                low = middle
            else:
                high = middle - 1
        yield rest[:low], _width(rest[:low], run.font, run.size)
        rest = rest[low:]


class KeepBlock(Flowable):
    """Flowables kept on one page, stacked; a light KeepTogether (which copies the frame on
    every wrap). Split only when the block is taller than a whole page."""

    def __init__(self, parts: list[Flowable], page_height: float):
        super().__init__()
        self.parts, self.page_height = parts, page_height

    def getSpaceBefore(self):  # noqa: N802
        return self.parts[0].getSpaceBefore()

    def getSpaceAfter(self):  # noqa: N802
        return self.parts[-1].getSpaceAfter()

    def wrap(self, available_width, available_height):
        self._placed = []
        total = 0.0
        for number, part in enumerate(self.parts):
            gap = part.getSpaceBefore() if number else 0.0
            if number:
                gap = max(gap, self.parts[number - 1].getSpaceAfter())
            width, height = part.wrap(available_width, available_height)
            total += gap
            x = (
                (available_width - width) / 2
                if getattr(part, "hAlign", "") in ("CENTER", "CENTER")
                else 0.0
            )
            self._placed.append((part, total, height, x))
            total += height
        self.width, self.height = available_width, total
        return self.width, self.height

    def split(self, available_width, available_height):
        self.wrap(available_width, available_height)
        if self.height <= self.page_height:
            return []  # move whole to the next page
        head: list[Flowable] = []
        for number, (part, top, height, _x) in enumerate(self._placed):
            if top + height <= available_height:
                head.append(part)
                continue
            pieces = (
                part.split(available_width, available_height - top)
                if top < available_height
                else []
            )
            if pieces:
                head.append(pieces[0])
                rest = pieces[1:] + self.parts[number + 1 :]
            else:
                rest = self.parts[number:]
            if not head:
                return []
            return [KeepBlock(head, self.page_height), *rest]
        return [self]

    def draw(self):
        for part, top, height, x in self._placed:
            if isinstance(part, TextBlock):  # the common case, drawn without a nested state
                part.draw_at(self.canv, x, self.height - top - height)
            else:
                part.drawOn(self.canv, x, self.height - top - height)
