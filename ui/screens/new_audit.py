"""New audit: who, where, when, and which checklist; Create opens the walk-through."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import ValidationError
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from clinic_audit.audit.model import Audit, AuditKind, Facility, Person
from clinic_audit.audit.notice import (
    Agency,
    InspectionPurpose,
    all_time_zones,
    machine_time_zone,
    parse_time_of_day,
    time_zone_problem,
)
from clinic_audit.audit.regions import US_STATES
from clinic_audit.checklist.loader import builtin_latest, load_checklist
from clinic_audit.checklist.model import Checklist
from clinic_audit.checklist.packs import latest_packs
from clinic_audit.facility.model import same_place
from clinic_audit.files.agency import load_agency
from clinic_audit.messages.catalogue import BadFileError
from clinic_audit.store.errors import StoreError
from clinic_audit.ui import preferences
from clinic_audit.ui.context import AppContext
from clinic_audit.ui.dialogs import messages
from clinic_audit.ui.screens.base import Screen
from clinic_audit.ui.style.theme import tint
from clinic_audit.ui.widgets.date_field import DateField

CHECKLIST_FILES = "Checklist files (*.yaml *.yml);;All files (*)"


class NewAuditScreen(Screen):
    created = Signal(str)
    cancelled = Signal()

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.checklists: list[Checklist] = []

        self.facility_name = self._line("Facility name (required)")
        self.facility_name.setMaxLength(500)
        self.facility_address = QPlainTextEdit()
        self.facility_address.setAccessibleName("Facility address")
        self.facility_address.setTabChangesFocus(True)
        self.facility_address.setFixedHeight(64)
        self.facility_region = QComboBox()
        self.facility_region.setAccessibleName("Facility state")
        self.facility_region.addItem("— not in the list —", None)
        for code, name in US_STATES.items():
            self.facility_region.addItem(f"{name} ({code})", code)
        self.facility_region.currentIndexChanged.connect(self._suggest_pack)
        self.facility_licence = self._line("Facility license number")
        self.facility_contact = self._line("Facility contact: phone or e-mail")
        self.name_error = QLabel("")
        tint(self.name_error, "critical", "font-weight: bold")
        self.name_error.hide()
        self.known_facility = QComboBox()
        self.known_facility.setAccessibleName("An existing facility")
        self.known_facility.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.known_facility.setMinimumContentsLength(24)
        self.known_facility.activated.connect(self._fill_facility)
        facility = QFormLayout()
        known_label = QLabel("&Existing:")
        known_label.setBuddy(self.known_facility)
        facility.addRow(known_label, self.known_facility)
        facility.addRow("&Name (required):", self.facility_name)
        facility.addRow("", self.name_error)
        facility.addRow("Address:", self.facility_address)
        state_label = QLabel("&State:")
        state_label.setBuddy(self.facility_region)
        facility.addRow(state_label, self.facility_region)
        facility.addRow("&License no.:", self.facility_licence)
        facility.addRow("Con&tact:", self.facility_contact)

        self.regulatory = QRadioButton(AuditKind.REGULATORY.label)
        self.regulatory.setAccessibleName("Kind: regulatory inspection")
        self.self_audit = QRadioButton(AuditKind.SELF_AUDIT.label)
        self.self_audit.setAccessibleName("Kind: internal self-audit")
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.regulatory)
        self.kind_group.addButton(self.self_audit)
        self.regulatory.setChecked(True)
        self.regulatory.toggled.connect(self._show_kind)
        kinds = QVBoxLayout()
        kinds.addWidget(self.regulatory)
        kinds.addWidget(self.self_audit)
        self.audit_date = DateField("Audit date", dt.date.today(), optional=False, min_height=0)
        self.time_in = self._line("Time in: when the inspection began")
        self.time_in.setPlaceholderText("e.g. 09:30 or 1:15 pm")
        self.time_zone = QComboBox()
        self.time_zone.setEditable(True)
        self.time_zone.setAccessibleName("Time zone of the inspection")
        self.time_zone.setToolTip(
            "Every time in the record is printed in this zone (an IANA name such as "
            "America/Chicago); it starts as this computer's."
        )
        self.time_zone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        when_row = QHBoxLayout()
        when_row.addWidget(self.time_in, 1)
        when_row.addWidget(QLabel("Zone:"))
        when_row.addWidget(self.time_zone, 2)
        self.case_number = self._line("Case or inspection number")
        self.case_number.setMaxLength(200)
        self.purpose = QComboBox()
        self.purpose.setAccessibleName("Purpose of the inspection")
        for purpose in InspectionPurpose:
            if purpose != InspectionPurpose.SELF_AUDIT:
                self.purpose.addItem(purpose.label, purpose)
        self.audit_error = QLabel("")
        self.audit_error.setWordWrap(True)
        tint(self.audit_error, "critical", "font-weight: bold")
        self.audit_error.hide()
        self.checklist_box = QComboBox()
        self.checklist_box.setAccessibleName("Checklist")
        for combo, letters in ((self.checklist_box, 24), (self.time_zone, 16)):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(letters)  # long names are elided, not widening the form
        self.checklist_file_button = QPushButton("From file…")
        self.checklist_file_button.setAccessibleName("Use a checklist file")
        self.checklist_file_button.clicked.connect(self.choose_checklist_file)
        checklist_row = QHBoxLayout()
        checklist_row.addWidget(self.checklist_box, 1)
        checklist_row.addWidget(self.checklist_file_button)
        audit = QFormLayout()
        self.audit_form = audit
        audit.addRow("Kind:", kinds)
        self.case_label = QLabel("Case &no.:")
        self.case_label.setBuddy(self.case_number)
        audit.addRow(self.case_label, self.case_number)
        self.purpose_label = QLabel("&Purpose:")
        self.purpose_label.setBuddy(self.purpose)
        audit.addRow(self.purpose_label, self.purpose)
        audit.addRow("&Date:", self.audit_date)
        time_label = QLabel("T&ime in:")
        time_label.setBuddy(self.time_in)
        audit.addRow(time_label, when_row)
        audit.addRow("", self.audit_error)
        checklist_label = QLabel("Chec&klist:")
        checklist_label.setBuddy(self.checklist_box)
        audit.addRow(checklist_label, checklist_row)
        self.pack_box = QComboBox()
        self.pack_box.setAccessibleName("Rules of the jurisdiction (pack)")
        self.pack_box.setToolTip(
            "The jurisdiction pack: the law each finding rests on, deadlines, the notice "
            "text and the scope of practice of the place where the clinic is."
        )
        self.pack_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.pack_box.setMinimumContentsLength(28)
        self.pack_note = QLabel("")
        self.pack_note.setWordWrap(True)
        tint(self.pack_note, "muted")
        pack_label = QLabel("&Rules:")
        pack_label.setBuddy(self.pack_box)
        audit.addRow(pack_label, self.pack_box)
        audit.addRow("", self.pack_note)
        self.checklist_box.currentIndexChanged.connect(self._list_packs)
        self.pack_box.currentIndexChanged.connect(self._show_pack_note)

        self.inspector_name = self._line("Inspector name")
        self.inspector_organization = self._line("Inspector organization")
        self.inspector_credential = self._line("Inspector credential or license number")
        self.inspector_contact = self._line("Inspector contact: phone or e-mail")
        inspector = QFormLayout()
        inspector.addRow("Name:", self.inspector_name)
        inspector.addRow("Organization:", self.inspector_organization)
        inspector.addRow("Credential no.:", self.inspector_credential)
        inspector.addRow("Contact:", self.inspector_contact)
        remembered = QLabel("Remembered for your next audit (Settings, Ctrl+,).")
        tint(remembered, "muted")
        inspector.addRow("", remembered)

        self.representative_name = self._line("Facility representative name")
        self.representative_role = self._line("Facility representative role")
        self.representative_role.setPlaceholderText("e.g. Medical director, Owner")
        representative = QFormLayout()
        representative.addRow("Name:", self.representative_name)
        representative.addRow("Role:", self.representative_role)

        self.create_button = QPushButton("Create audit and start the walk-through")
        self.create_button.setAccessibleName("Create audit")
        self.create_button.setDefault(True)
        self.create_button.setMinimumHeight(40)
        self.create_button.clicked.connect(self.create_audit)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel the new audit")
        self.cancel_button.setMinimumHeight(40)
        self.cancel_button.clicked.connect(self.cancelled.emit)

        left = QVBoxLayout()
        left.addWidget(_group("Facility", facility))
        left.addWidget(_group("Audit", audit))
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(_group("Inspector", inspector))
        right.addWidget(_group("Facility representative", representative))
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.create_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>New audit</h2>"))
        layout.addWidget(
            QLabel(
                "Who is inspected, by whom, when, and with which checklist. "
                "Only the facility name is required."
            )
        )
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)
        for edit in self.findChildren(QLineEdit):  # Enter in any field creates the audit
            edit.returnPressed.connect(self.create_audit)
        QWidget.setTabOrder(self.create_button, self.cancel_button)  # Create, then Cancel
        self.reset()

    def _line(self, accessible: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(accessible)
        return edit

    def focus_default(self) -> None:
        self.facility_name.setFocus()

    def reset(self) -> None:
        """An empty form, with the inspector remembered from the last audit."""
        for edit in (
            self.facility_name,
            self.facility_licence,
            self.facility_contact,
            self.representative_name,
            self.representative_role,
            self.case_number,
            self.time_in,
        ):
            edit.clear()
        self.audit_error.hide()
        self.purpose.setCurrentIndex(0)
        if self.time_zone.count() == 0:
            self.time_zone.addItems(all_time_zones())
        self.time_zone.setCurrentText(
            preferences.time_zone(self.ctx.settings) or machine_time_zone()
        )
        self.facility_address.clear()
        self.name_error.hide()
        self.regulatory.setChecked(True)
        self.audit_date.set_value(dt.date.today())
        settings = self.ctx.settings
        self.inspector_name.setText(preferences.text(settings, preferences.INSPECTOR_NAME))
        self.inspector_organization.setText(
            preferences.text(settings, preferences.INSPECTOR_ORGANIZATION)
        )
        self.inspector_credential.setText(
            preferences.text(settings, preferences.INSPECTOR_CREDENTIAL)
        )
        self.inspector_contact.setText(preferences.text(settings, preferences.INSPECTOR_CONTACT))
        self.checklists = builtin_latest()
        self.checklist_box.clear()
        for checklist in self.checklists:
            self.checklist_box.addItem(f"{checklist.title} {checklist.version} (built in)")
        self.facility_region.setCurrentIndex(0)
        self._list_facilities()
        self._list_packs()
        self._show_kind()
        self.facility_name.setFocus()

    def _list_facilities(self) -> None:
        self.known_facility.clear()
        self.known_facility.addItem("— a new facility, or type its details —", None)
        store = self.ctx.store
        for record in store.facilities() if store is not None else []:
            numbers = ", ".join(record.license_numbers) or "no license number"
            self.known_facility.addItem(f"{record.name} ({numbers})", record)

    def _fill_facility(self) -> None:
        """The details of the facility picked: the audit is filed under it."""
        record = self.known_facility.currentData()
        if record is None:
            return
        self.facility_name.setText(record.name)
        self.facility_address.setPlainText(record.addresses[-1] if record.addresses else "")
        self.facility_licence.setText(record.license_numbers[0] if record.license_numbers else "")
        self.facility_contact.setText(record.contact)
        index = self.facility_region.findData(record.region)
        self.facility_region.setCurrentIndex(max(index, 0))

    def _show_kind(self) -> None:
        """A self-audit has no case number, and its purpose is the self-audit."""
        regulatory = self.regulatory.isChecked()
        for widget in (self.case_label, self.case_number, self.purpose_label, self.purpose):
            widget.setVisible(regulatory)

    def _list_packs(self) -> None:
        """The packs made for the chosen checklist version, and none (guidance only)."""
        self.pack_box.blockSignals(True)
        self.pack_box.clear()
        self.pack_box.addItem("None: the checklist's guidance only", None)
        index = self.checklist_box.currentIndex()
        if 0 <= index < len(self.checklists):
            checklist = self.checklists[index]
            store = self.ctx.store
            installed = store.installed_packs() if store is not None else []
            for pack in sorted([*latest_packs(), *installed], key=lambda p: p.title):
                if pack.base == (checklist.id, checklist.version):
                    self.pack_box.addItem(f"{pack.title} ({pack.version})", pack)
        self.pack_box.blockSignals(False)
        self._suggest_pack()

    def _suggest_pack(self) -> None:
        """The pack of the facility's state; for a state with none, the generic one; with no
        state chosen, none (the checklist's guidance only)."""
        region = self.facility_region.currentData()
        packs = [self.pack_box.itemData(i) for i in range(1, self.pack_box.count())]
        chosen = next((p for p in packs if region and p.jurisdiction.region == region), None)
        if chosen is None and region:
            chosen = next((p for p in packs if p.jurisdiction.region is None), None)
        self.pack_box.setCurrentIndex(packs.index(chosen) + 1 if chosen is not None else 0)
        self._show_pack_note()

    def _show_pack_note(self) -> None:
        pack = self.pack_box.currentData()
        if pack is None:
            self.pack_note.setToolTip("")
            self.pack_note.setText(
                "Findings cite the checklist's guidance sources; no law of a place is cited."
            )
        else:
            first = pack.statement.split(". ")[0].rstrip(".")
            self.pack_note.setText(
                f"{pack.jurisdiction.name}, effective {pack.effective}. {first}."
            )
            self.pack_note.setToolTip(pack.statement)

    def choose_checklist_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            "Use a checklist file",
            preferences.last_folder(self.ctx.settings),
            CHECKLIST_FILES,
        )
        if not name:
            return
        preferences.remember_folder(self.ctx.settings, name)
        try:
            checklist = load_checklist(name)
        except BadFileError as error:
            messages.show_problems(
                self,
                "The checklist file has problems",
                f"{Path(name).name} cannot be used until these are fixed "
                "(run 'clinic-audit validate FILE' to check it again):",
                [str(problem) for problem in error.problems],
            )
            return
        self.checklists.append(checklist)
        self.checklist_box.addItem(f"{checklist.title} {checklist.version} ({Path(name).name})")
        self.checklist_box.setCurrentIndex(self.checklist_box.count() - 1)

    def create_audit(self) -> None:
        facility_name = self.facility_name.text().strip()
        if not facility_name:
            self.name_error.setText("Enter the name of the facility.")
            self.name_error.show()
            self.facility_name.setFocus()
            return
        self.name_error.hide()
        if not self.audit_date.commit():
            self.audit_date.setFocus()
            return
        hours = self._hours()
        if hours is None:
            return
        time_in, zone = hours
        regulatory = self.regulatory.isChecked()
        if regulatory and not self.ctx.agency_path.exists() and not self._agency_asked():
            self._ask_agency()
            return
        self._create(facility_name, time_in, zone)

    def _hours(self) -> tuple[dt.time | None, str] | None:
        """The time in and zone as typed, or None after saying what is wrong with them."""
        typed = self.time_in.text().strip()
        try:
            time_in = parse_time_of_day(typed) if typed else None
        except ValueError as error:
            self._audit_problem(f"Time in: {error}.", self.time_in)
            return None
        zone = self.time_zone.currentText().strip()
        problem = time_zone_problem(zone)
        if problem is not None:
            self._audit_problem(f"Time zone: {problem} (pick one from the list).", self.time_zone)
            return None
        self.audit_error.hide()
        return time_in, zone

    def _audit_problem(self, text: str, field) -> None:
        self.audit_error.setText(text)
        self.audit_error.show()
        field.setFocus()

    def _agency_asked(self) -> bool:
        return preferences.text(self.ctx.settings, preferences.AGENCY_ASKED) == "yes"

    def _ask_agency(self) -> None:
        """The first regulatory audit: the agency's letterhead, once. Cancel still creates
        the audit (its notice then has no letterhead)."""
        from clinic_audit.ui.dialogs.settings import AGENCY, SettingsDialog

        self.ctx.settings.setValue(preferences.AGENCY_ASKED, "yes")
        dialog = SettingsDialog(
            self.ctx,
            self,
            page=AGENCY,
            intro="Your agency's name, address and logo head every notice you issue. "
            "Enter them once here (Settings, Ctrl+, changes them later), or Cancel to go on "
            "without a letterhead.",
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self.create_audit())
        self.agency_dialog = dialog
        dialog.open()

    def _agency(self) -> Agency | None:
        path = self.ctx.agency_path
        if not path.exists():
            return None
        try:
            return load_agency(path)
        except BadFileError as error:
            self.ctx.refused(
                f"The agency settings were not used ({error.problems[0]}); fix them in "
                "Settings (Ctrl+,)."
            )
            return None

    def _create(
        self, facility_name: str, time_in: dt.time | None, zone: str, confirmed: bool = False
    ) -> None:
        block = Facility(
            name=facility_name,
            address=self.facility_address.toPlainText().strip(),
            licence_number=self.facility_licence.text().strip(),
        )
        known = self.ctx.opened_store.matching_facility(block)
        if known is not None and not confirmed and not same_place(known, block):
            numbers = ", ".join(known.license_numbers)
            where = "; ".join(a.replace("\n", ", ") for a in known.addresses) or "no address"
            count = len(self.ctx.opened_store.audits_of(known.id))
            self.facility_question = messages.ask(
                self,
                "The same facility?",
                f"License {numbers} belongs to {known.name} ({where}), with "
                f"{'1 audit' if count == 1 else f'{count} audits'} in the store.\n\n"
                f"File this audit under {known.name}? Its history, open findings and repeat "
                "violations then include this audit, and the new name or address is added "
                "to the facility. Cancel to check the license number.",
                "File under it",
                lambda: self._create(facility_name, time_in, zone, confirmed=True),
            )
            return
        regulatory = self.regulatory.isChecked()
        checklist = self.checklists[self.checklist_box.currentIndex()]
        try:
            audit = Audit(
                checklist_id=checklist.id,
                checklist_version=checklist.version,
                kind=AuditKind.REGULATORY if regulatory else AuditKind.SELF_AUDIT,
                case_number=self.case_number.text().strip() if regulatory else "",
                purpose=self.purpose.currentData() if regulatory else InspectionPurpose.SELF_AUDIT,
                time_in=time_in,
                time_zone=zone,
                agency=self._agency() if regulatory else None,
                facility=Facility(
                    name=facility_name,
                    address=self.facility_address.toPlainText().strip(),
                    licence_number=self.facility_licence.text().strip(),
                    contact=self.facility_contact.text().strip(),
                    region=self.facility_region.currentData(),
                ),
                inspector=Person(
                    name=self.inspector_name.text().strip(),
                    organisation=self.inspector_organization.text().strip(),
                    role="Inspector",
                    credential=self.inspector_credential.text().strip(),
                    contact_info=self.inspector_contact.text().strip(),
                ),
                representative=Person(
                    name=self.representative_name.text().strip(),
                    organisation=facility_name,
                    role=self.representative_role.text().strip(),
                ),
                audit_date=self.audit_date.value(),
            )
            audit = self.ctx.service.create(audit, checklist, self.pack_box.currentData())
        except ValidationError as error:
            where = "; ".join(
                f"{'.'.join(str(part) for part in e['loc'])}: {e['msg']}" for e in error.errors()
            )
            messages.show_error(self, "New audit", f"The audit was not created ({where}). Fix it.")
            return
        except StoreError as error:
            messages.show_error(self, "New audit", str(error))
            return
        self.ctx.settings.setValue(preferences.INSPECTOR_NAME, audit.inspector.name)
        settings = self.ctx.settings
        settings.setValue(preferences.INSPECTOR_ORGANIZATION, audit.inspector.organisation)
        settings.setValue(preferences.INSPECTOR_CREDENTIAL, audit.inspector.credential)
        settings.setValue(preferences.INSPECTOR_CONTACT, audit.inspector.contact_info)
        self.ctx.notify_changed(audit.id, f"Created the audit of {facility_name}")
        self.created.emit(audit.id)


def _group(title: str, form: QFormLayout) -> QGroupBox:
    box = QGroupBox(title)
    box.setLayout(form)
    return box
