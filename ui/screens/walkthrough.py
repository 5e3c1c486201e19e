"""The walk-through: sections, items with big answer buttons, notes and photos, live score.

Keys: P / F / N / O answer the current item, Up/Down or J/K move, Enter moves on,
U jumps to the next unanswered item. Each section's cards are built once, a card at a
time while the window is idle (the sections ahead first), and then updated in place,
so a 70-item checklist stays responsive (see section_page).
"""

from __future__ import annotations

import html
from typing import cast

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from clinic_audit.audit.model import Audit
from clinic_audit.checklist.model import Checklist, Result, Section
from clinic_audit.rules.summary import ItemStatus, Summary
from clinic_audit.store.errors import AuditNotFoundError, StoreError
from clinic_audit.ui import preferences
from clinic_audit.ui.context import AppContext
from clinic_audit.ui.dialogs import messages
from clinic_audit.ui.dialogs.help import KEYS_HINT
from clinic_audit.ui.dialogs.photo_waiver import ask_photo_waiver
from clinic_audit.ui.refresh_when_shown import RefreshWhenShown
from clinic_audit.ui.screens.base import Screen
from clinic_audit.ui.style.theme import tint
from clinic_audit.ui.widgets.item_card import ItemCard, card_style_sheet
from clinic_audit.ui.widgets.lock_note import show_lock
from clinic_audit.ui.widgets.photo_strip import Thumbnails, view_photo
from clinic_audit.ui.widgets.score_bar import ScoreBar
from clinic_audit.ui.widgets.section_list import SectionList
from clinic_audit.ui.widgets.section_page import SectionPage
from clinic_audit.ui.widgets.seen_on_site import SeenOnSite
from clinic_audit.ui.workers.photos import IMAGE_FILTER, PhotoAttacher


class WalkthroughScreen(Screen):
    notice = Signal(str)  # a hint for the status bar, e.g. "every item is answered"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.audit_id: str | None = None
        self.audit: Audit | None = None
        self.summary: Summary | None = None
        self.checklist: Checklist | None = None
        self.section_id: str | None = None
        self.current_item: str | None = None
        self.cards: dict[str, ItemCard] = {}
        self.status: dict[str, ItemStatus] = {}
        self.thumbnails = Thumbnails(ctx.opened_store)
        self._rebuilding = False
        self.photos = PhotoAttacher(ctx, self)
        self.photos.failed.connect(
            lambda _audit, _item, message: messages.show_error(self, "Photo not added", message)
        )
        self.photos.pending_changed.connect(self._show_pending)

        self.score_bar = ScoreBar()
        self.seen = SeenOnSite(self)
        self.seen.toggled.connect(self._set_seen)
        self.sections = SectionList()
        self.sections.section_chosen.connect(
            lambda section_id: self.select_section(section_id, focus=False)
        )
        self.section_title = QLabel()
        self.section_title.setWordWrap(True)
        self.section_purpose = QLabel()
        self.section_purpose.setWordWrap(True)
        self.read_only_note = QLabel(
            "This audit is finalized: it is shown read-only and can no longer be changed."
        )
        tint(self.read_only_note, "accent", "font-weight: bold")
        self.read_only_note.setWordWrap(True)
        self.read_only_note.hide()
        self.stack = QStackedWidget()  # one scrolling page of cards per visited section
        self.stack.setStyleSheet(card_style_sheet(self.palette()))
        self.page: SectionPage | None = None
        self._pages: dict[str, SectionPage] = {}
        self._build_ahead_timer = QTimer(self)
        self._build_ahead_timer.setInterval(0)  # whenever the event loop is idle
        self._build_ahead_timer.timeout.connect(self._build_ahead)
        hint = QLabel(KEYS_HINT)
        tint(hint, "muted")
        hint.setWordWrap(True)
        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(4, 0, 0, 0)
        for widget in (self.section_title, self.section_purpose, self.read_only_note):
            right_box.addWidget(widget)
        right_box.addWidget(self.stack, 1)
        right_box.addWidget(hint)
        splitter = QSplitter()
        splitter.addWidget(self.sections)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)  # a narrow window narrows the list of sections too
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([300, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(self.score_bar)
        layout.addWidget(self.seen)
        layout.addWidget(splitter, 1)

        for keys, action in (
            (("P",), lambda: self.answer_current(Result.PASS)),
            (("F",), lambda: self.answer_current(Result.FAIL)),
            (("N",), lambda: self.answer_current(Result.NOT_APPLICABLE)),
            (("O",), lambda: self.answer_current(Result.NOT_OBSERVED)),
            (("Down", "J", "Return", "Enter"), lambda: self.move_by(+1)),
            (("Up", "K"), lambda: self.move_by(-1)),
            (("U",), self.next_unanswered),
            (("T",), self.write_note),
            (("A", "Ctrl+P"), self.add_photos_to_current),
            (("Shift+A",), self.folder_photos_to_current),
            (("Backspace", "Delete"), self.clear_current),
        ):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(action)
        self.refresher = RefreshWhenShown(self, ctx.audit_changed)
        app = cast(QApplication, QApplication.instance())  # typed as its QCoreApplication base
        app.focusChanged.connect(self._on_focus)

    # loading and refreshing -----------------------------------------------------------

    def show_audit(self, audit_id: str) -> None:
        self.flush_notes()
        if audit_id != self.audit_id:
            self.thumbnails.clear()
        self.audit_id, self.section_id, self.current_item = audit_id, None, None
        self._drop_pages()
        self._load(audit_id)
        assert self.summary is not None and self.checklist is not None  # loaded just now
        first = self.summary.unanswered[0] if self.summary.unanswered else None
        first = first or self.checklist.sections[0].items[0].id
        self.go_to_item(first)

    def _load(self, audit_id: str) -> None:
        self.audit = self.ctx.audit(audit_id)
        self.checklist = self.ctx.service.checklist_of(self.audit)
        self.summary = self.ctx.summary(self.audit)
        self.status = {s.item_id: s for s in self.summary.items}
        self.score_bar.show_summary(self.audit, self.summary)
        self.sections.show_sections(self.summary.sections)
        show_lock(self.read_only_note, self.audit)
        self.seen.show_audit(self.checklist, self.audit, self.read_only)

    @property
    def read_only(self) -> bool:
        """Finalized, or signed (a signature covers exactly what was signed)."""
        return self.audit is not None and not self.audit.editable

    def refresh(self) -> None:
        if self.audit_id is None:
            return
        try:
            self._load(self.audit_id)
        except AuditNotFoundError:
            return
        assert self.audit is not None  # loaded just now
        for item_id, card in self.cards.items():
            card.show_state(self.status[item_id], self.audit.response(item_id), self.read_only)

    def restyle(self) -> None:
        """The theme changed: the cards are made again in its colours."""
        self.stack.setStyleSheet(card_style_sheet(self.palette()))
        if self.audit_id is None:
            return
        current = self.current_item
        self.show_audit(self.audit_id)
        if current is not None:
            self.go_to_item(current)

    # sections and the current item ----------------------------------------------------

    def select_section(
        self, section_id: str, item_id: str | None = None, focus: bool = True
    ) -> None:
        self.flush_notes()
        assert self.checklist is not None  # sections are chosen in the audit shown
        section = next(s for s in self.checklist.sections if s.id == section_id)
        if section_id != self.section_id:
            if self.current_item in self.cards:
                self.cards[self.current_item].set_current(False)
            self.section_id = section_id
            self._show_page(section)
            self.sections.set_current_section(section_id)
        first = next((i.id for i in section.items if self._navigable(i.id)), section.items[0].id)
        self.set_current(item_id or first, focus=focus)

    def _show_page(self, section: Section) -> None:
        assert self.audit is not None and self.checklist is not None  # a section of the audit shown
        self.page = self._page(section)
        self.cards = self.page.cards  # built so far; set_current() builds what it needs
        for item_id, card in self.cards.items():
            card.show_state(self.status[item_id], self.audit.response(item_id), self.read_only)
        number = self.checklist.sections.index(section) + 1
        self.section_title.setText(f"<h2>{number}. {html.escape(section.title)}</h2>")
        self.section_purpose.setText(section.purpose)
        self.stack.setCurrentWidget(self.page)
        self._build_ahead_timer.start()

    def _page(self, section: Section) -> SectionPage:
        assert self.checklist is not None  # a section of the audit shown
        if section.id not in self._pages:
            page = SectionPage(section, self.checklist, self.thumbnails, self._wire, self.stack)
            self.stack.addWidget(page)
            self._pages[section.id] = page
        return self._pages[section.id]

    def _wire(self, card: ItemCard) -> None:
        """A card just built: connect it and show its answer."""
        assert self.audit is not None  # cards are built for the audit shown
        card.show_state(
            self.status[card.item_id], self.audit.response(card.item_id), self.read_only
        )
        card.answered.connect(self._answer_clicked)
        card.cleared.connect(self._clear_clicked)
        card.waive_photo.connect(self.waive_photo)
        card.note_edited.connect(self._save_note)
        card.note_typing.connect(lambda item_id: self.ctx.typing(("note", item_id)))
        card.add_photos.connect(self.choose_photos)
        card.add_from_folder.connect(self.photos_from_folder)
        card.files_dropped.connect(self.attach_files)
        card.remove_photo.connect(self.remove_photo)
        card.view_photo.connect(lambda sha: view_photo(self, self.ctx.opened_store, sha))

    def _build_ahead(self) -> None:
        """Show one more card of this section, or else build one card of a section not
        built yet, the sections after this one first. Only while the walk-through is shown:
        elsewhere the time is better left to the screen in use (and to a report being built,
        which needs Python's lock too)."""
        if not self.isVisible():
            self._build_ahead_timer.stop()
            return
        if self.page is not None and self.page.reveal_next():
            return
        if self.page is not None and not self.page.complete:
            self.page.build_one()
            return
        assert self.checklist is not None  # a page is shown, so an audit is
        sections = self.checklist.sections
        here = next(n for n, s in enumerate(sections) if s.id == self.section_id)
        for section in sections[here + 1 :] + sections[:here]:
            page = self._page(section)
            if not page.complete:
                page.build_one()
                return
        self._build_ahead_timer.stop()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.page is not None:
            self._build_ahead_timer.start()

    def _drop_pages(self) -> None:
        self._build_ahead_timer.stop()
        self._rebuilding = True  # focus leaving removed cards must not pick a new item
        for page in self._pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self._pages, self.cards, self.page = {}, {}, None
        self._rebuilding = False

    def set_current(self, item_id: str, focus: bool = True) -> None:
        if self.current_item in self.cards:
            self.cards[self.current_item].set_current(False)
        self.current_item = item_id
        assert self.page is not None  # select_section() showed the item's page
        card = self.page.card(item_id)
        card.set_current(True)
        self.page.scroll_to(card)
        focused = QApplication.focusWidget()
        if focus and (focused is None or not card.isAncestorOf(focused)):
            card.setFocus(Qt.FocusReason.OtherFocusReason)

    def go_to_item(self, item_id: str) -> None:
        assert self.checklist is not None  # items are those of the audit shown
        self.select_section(self.checklist.section_of(item_id).id, item_id)

    def _navigable(self, item_id: str) -> bool:
        return not self._by_condition(item_id)

    def _by_condition(self, item_id: str) -> bool:
        status = self.status[item_id]
        assert self.audit is not None  # the status is of an item of the audit shown
        return (
            not status.applicable and self.audit.response(item_id).result != Result.NOT_APPLICABLE
        )

    def move_by(self, step: int) -> None:
        """To the item ``step`` places on (not ``move``: that is QWidget's move())."""
        if self.current_item is None or self.checklist is None:
            return
        order = [i.id for _s, i in self.checklist.items()]
        position = order.index(self.current_item) + step
        while 0 <= position < len(order) and not self._navigable(order[position]):
            position += step
        if 0 <= position < len(order):
            self.go_to_item(order[position])
        else:
            self.notice.emit("This is the " + ("last" if step > 0 else "first") + " item.")

    def next_unanswered(self) -> None:
        if not self.summary or not self.summary.unanswered:
            self.notice.emit("Every applicable item is answered. Review and sign next.")
            return
        assert self.checklist is not None  # loaded with the summary
        order = [i.id for _s, i in self.checklist.items()]
        here = order.index(self.current_item) if self.current_item else -1
        later = [i for i in self.summary.unanswered if order.index(i) > here]
        self.go_to_item((later or self.summary.unanswered)[0])

    def _on_focus(self, _old, new) -> None:
        if self._rebuilding:
            return
        widget = new
        while widget is not None and not isinstance(widget, ItemCard):
            widget = widget.parentWidget()
        if (
            widget is not None
            and widget.item_id in self.cards
            and widget.item_id != self.current_item
        ):
            self.set_current(widget.item_id, focus=False)

    # answers, notes and photos ----------------------------------------------------

    def answer_current(self, result: Result) -> None:
        answered = self.current_item is not None and self.answer(self.current_item, result)
        if answered and result != Result.FAIL:
            self.advance()

    def advance(self) -> None:
        """After an answer: on to the next unanswered item (in order on a first pass), so
        that the next key press never overwrites an answer already given."""
        # after an answer to the current item of the audit shown
        assert self.current_item is not None
        assert self.checklist is not None and self.summary is not None
        order = [i.id for _s, i in self.checklist.items()]
        here = order.index(self.current_item)
        unanswered = set(self.summary.unanswered)
        later = [i for i in order[here + 1 :] if i in unanswered and self._navigable(i)]
        earlier = [i for i in order[:here] if i in unanswered and self._navigable(i)]
        target = next(iter(later or earlier), None)
        if target is None:
            self.notice.emit("Every applicable item is answered. Review and sign next (Ctrl+4).")
        else:
            self.go_to_item(target)

    def _answer_clicked(self, item_id: str, result: Result) -> None:
        self.set_current(item_id, focus=False)
        self.answer(item_id, result)

    def answer(self, item_id: str, result: Result) -> bool:
        card = self.cards.get(item_id)
        if card is None or not card.answerable:
            return False
        card.flush_note()
        audit_id = self.audit_id
        # a card is shown: an audit is
        assert audit_id is not None and self.audit is not None and self.checklist is not None
        before = self.audit.response(item_id).result
        if not self._write(lambda: self.ctx.service.answer(audit_id, item_id, result)):
            self.refresh()  # put the buttons back as stored
            return False
        self.ctx.notify_changed(audit_id, _answer_message(self.checklist, item_id, before, result))
        if result == Result.FAIL and self.status[item_id].missing_note:
            card.note.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def clear_current(self) -> None:
        if self.current_item is not None:
            self.clear(self.current_item)

    def _clear_clicked(self, item_id: str) -> None:
        self.set_current(item_id, focus=False)
        self.clear(item_id)

    def clear(self, item_id: str) -> bool:
        """The item back to unanswered (a slip of the key); its note and photos stay."""
        card = self.cards.get(item_id)
        if card is None or not card.answerable or card.result is None:
            return False
        card.flush_note()
        before = card.result
        audit_id = self.audit_id
        assert audit_id is not None and self.checklist is not None  # a card is shown: an audit is
        if not self._write(lambda: self.ctx.service.answer(audit_id, item_id, None)):
            self.refresh()
            return False
        number = self.checklist.label_of(item_id)
        self.ctx.notify_changed(
            audit_id, f"Cleared {number} (was {before.label.upper()}) — Ctrl+Z to undo"
        )
        return True

    def _save_note(self, item_id: str, text: str) -> None:
        audit_id = self.audit_id
        try:
            if audit_id is None or self.audit is None or self.audit.response(item_id).note == text:
                return
            if self._write(lambda: self.ctx.service.set_note(audit_id, item_id, text)):
                self.ctx.notify_changed(audit_id, "Note saved")
        finally:
            self.ctx.settled(("note", item_id))

    def _set_seen(self, toggle: str, seen: bool) -> None:
        if self.audit_id is None or self.checklist is None:
            return
        audit_id = self.audit_id
        if self._write(lambda: self.ctx.service.set_seen(audit_id, toggle, seen)):
            label = next(t.label for t in self.checklist.seen_on_site if t.id == toggle)
            word = "seen" if seen else "not seen"
            self.ctx.notify_changed(audit_id, f"Marked {word} on site: {label} — Ctrl+Z to undo")
        else:
            self.refresh()

    def flush_notes(self) -> None:
        for card in list(self.cards.values()):
            card.flush_note()

    flush_pending = flush_notes

    def finish_work(self) -> None:
        self.photos.wait()

    def focus_default(self) -> None:
        if self.current_item:
            self.set_current(self.current_item)

    def write_note(self) -> None:
        """T: into the current item's note, without answering it (Esc comes back)."""
        card = self.cards.get(self.current_item) if self.current_item else None
        if card is not None and not self.read_only:
            card.note.setFocus()

    def add_photos_to_current(self) -> None:
        """A or Ctrl+P: the photo dialog for the current item."""
        if self.current_item is not None and not self.read_only:
            self.choose_photos(self.current_item)

    def choose_photos(self, item_id: str) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(
            self, "Add photos", preferences.last_folder(self.ctx.settings), IMAGE_FILTER
        )
        if paths:
            preferences.remember_folder(self.ctx.settings, paths[0])
            self.attach_files(item_id, paths)

    def folder_photos_to_current(self) -> None:
        if self.current_item is not None and not self.read_only:
            self.photos_from_folder(self.current_item)

    def photos_from_folder(self, item_id: str) -> None:
        """The phone's photos synced to a folder, newest first; the ticked ones attached."""
        if self.audit is None or self.checklist is None or self.read_only:
            return
        from clinic_audit.ui.dialogs.photo_folder import ask_folder_photos, attached_photos

        checklist = self.checklist
        attached = attached_photos(self.audit, checklist.label_of)
        folder = preferences.photo_import_folder(self.ctx.settings)
        chosen = ask_folder_photos(self, folder, attached, checklist.label_of(item_id))
        if chosen is None:
            return
        paths, folder = chosen
        self.ctx.settings.setValue(preferences.PHOTO_IMPORT_FOLDER, str(folder))
        if paths:
            self.attach_files(item_id, paths)

    def attach_files(self, item_id: str, paths: list[str]) -> None:
        if self.audit_id is not None and not self.read_only:
            self.set_current(item_id, focus=False)
            self.photos.start(self.audit_id, item_id, paths)

    def waive_photo(self, item_id: str) -> None:
        """Why a failed item that needs a photo has none; an empty reason withdraws it."""
        audit_id = self.audit_id
        if audit_id is None or self.audit is None:
            return
        reason = ask_photo_waiver(self, self.audit.response(item_id).photo_waiver)
        if reason is not None and self._write(
            lambda: self.ctx.service.set_photo_waiver(audit_id, item_id, reason)
        ):
            said = "No photo: reason recorded" if reason else "Waiver withdrawn: a photo is needed"
            self.ctx.notify_changed(audit_id, f"{said} — Ctrl+Z to undo")

    def remove_photo(self, item_id: str, sha256: str) -> None:
        audit_id = self.audit_id
        assert audit_id is not None  # the photo is on a card of the audit shown

        def remove() -> None:
            if self._write(lambda: self.ctx.service.remove_photo(audit_id, item_id, sha256)):
                self.ctx.notify_changed(audit_id, "Photo removed — Ctrl+Z to undo")

        messages.ask(
            self, "Remove the photo", "Remove this photo from the item?", "Remove photo", remove
        )

    def _show_pending(self, item_id: str, pending: int) -> None:
        if item_id in self.cards:
            self.cards[item_id].photos.set_busy(pending)

    def _write(self, change) -> bool:
        try:
            change()
        except StoreError as error:
            self.ctx.refused(str(error))
            messages.show_error(self, "Not saved", str(error))
            return False
        return True


def _answer_message(checklist: Checklist, item_id: str, before, after: Result) -> str:
    """What the status bar says; a replaced answer is named, with the key that undoes it."""
    number = checklist.label_of(item_id)
    if before is None or before == after:
        return f"Answered {number}: {after.label}"
    return f"Changed {number} from {before.label.upper()} to {after.label.upper()} — Ctrl+Z to undo"
