"""Proposals: the case's priced versions, saved, offered, accepted, declined and compared.

The list and the dialogs only show what the services say (``services.costing``); every move is
theirs, and a move they refuse comes back with its reason, shown inline.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain.messages import N_
from advisor_app.domain.proposals import (
    STATUS_LABELS,
    Acceptor,
    Proposal,
    ProposalDiff,
    ProposalStatus,
    change_words,
    pounds,
)
from advisor_app.i18n import _
from advisor_app.ui.theme import repolish
from advisor_app.ui.widgets.fields import format_date
from advisor_app.ui.widgets.forms import ensure_visible
from advisor_app.ui.widgets.text import TrButton, TrLabel, heading, message_line, plain, shortcut

COLUMNS = (N_("Version"), N_("Where it is"), N_("First year"), N_("Each week"), N_("Made on"))
ERROR_MARK = "\u26a0"


def status_text(proposal: Proposal, name_of: Callable[[str], str]) -> str:
    """"Accepted by Anita Sharma", "Offered to the family", "Draft"."""
    if proposal.status == ProposalStatus.ACCEPTED and proposal.accepted_by:
        return _("Accepted by {name}", name=name_of(proposal.accepted_by))
    return _(STATUS_LABELS[proposal.status])


def details_text(proposal: Proposal, name_of: Callable[[str], str]) -> str:
    """Everything about one version, in a few short sentences."""
    parts = [_("Proposal {number}, made on {date}.", number=proposal.number, date=format_date(proposal.created_on))]
    if proposal.offered_on:
        parts.append(_("Offered to the family on {date}.", date=format_date(proposal.offered_on)))
    if proposal.status == ProposalStatus.ACCEPTED and proposal.accepted_on:
        parts.append(_("Accepted by {name} on {date}.", name=name_of(proposal.accepted_by or ""),
                       date=format_date(proposal.accepted_on)))
    if proposal.declined_on:
        parts.append(_("The family said no on {date}.", date=format_date(proposal.declined_on)))
    if proposal.superseded_on:
        parts.append(_("Replaced by a newer version on {date}.", date=format_date(proposal.superseded_on)))
    if proposal.status == ProposalStatus.DRAFT:
        parts.append(_("A draft: not offered yet."))
    text = " ".join(parts)
    if proposal.notes:
        text += "\n" + _("Note: {note}", note=proposal.notes)
    return text


class ProposalsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.proposals: list[Proposal] = []
        self.name_of: Callable[[str], str] = lambda key: key

    def set_proposals(self, proposals: Sequence[Proposal], name_of: Callable[[str], str]) -> None:
        self.beginResetModel()
        self.proposals = list(proposals)
        self.name_of = name_of
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.proposals)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def at(self, row: int) -> Proposal | None:
        return self.proposals[row] if 0 <= row < len(self.proposals) else None

    def row_of(self, proposal_id: str) -> int:
        return next((i for i, p in enumerate(self.proposals) if p.id == proposal_id), -1)

    def cell(self, proposal: Proposal, column: int) -> str:
        if column == 0:
            return _("Proposal {number}", number=proposal.number)
        if column == 1:
            return status_text(proposal, self.name_of)
        if column == 2:
            return pounds(proposal.first_year_total)
        if column == 3:
            return pounds(proposal.weekly_total)
        return format_date(proposal.created_on)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        proposal = self.at(index.row())
        if proposal is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(proposal, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{_(COLUMNS[column])}: {self.cell(proposal, column)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return details_text(proposal, self.name_of)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and (column == 0 or (
                column == 1 and proposal.status in (ProposalStatus.OFFERED, ProposalStatus.ACCEPTED))):
            font = QFont()
            font.setWeight(QFont.Weight.DemiBold)
            return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        if role == Qt.ItemDataRole.TextAlignmentRole and section in (2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ProposalsPanel(QWidget):
    """The proposals tab: save the price as a version, the versions, and what to do with one."""

    saveRequested = Signal()
    offerRequested = Signal()
    acceptRequested = Signal()
    declineRequested = Signal()
    compareRequested = Signal()
    previewRequested = Signal()
    selectionChanged = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        layout.addWidget(TrLabel(N_("Each priced version is kept with its number. Offer one to the family, and "
                                    "record who accepted it."), object_name="lead"))

        new = QFrame()
        new.setObjectName("panel")
        new_layout = QVBoxLayout(new)
        new_layout.setContentsMargins(20, 16, 20, 16)
        new_layout.setSpacing(8)
        new_layout.addWidget(heading(N_("Save the price as a new version"), 3))
        self.price_now = TrLabel("", object_name="lead")
        new_layout.addWidget(self.price_now)
        row = QHBoxLayout()
        row.setSpacing(12)
        self.notes = QLineEdit()
        self.notes_label = TrLabel(N_("What changed in this &version (optional)"), object_name="fieldLabel",
                                   buddy=self.notes)
        new_layout.addWidget(self.notes_label)
        row.addWidget(self.notes, 1)
        self.save_button = TrButton(N_("&Save as a new version"), primary=True,
                                    tooltip=N_("Save the price shown as the next version (Ctrl+S)"))
        self.save_button.clicked.connect(self.saveRequested)
        row.addWidget(self.save_button)
        new_layout.addLayout(row)
        layout.addWidget(new)

        versions_row = QHBoxLayout()
        versions_row.setSpacing(8)
        versions_row.addWidget(heading(N_("Versions"), 3))
        versions_row.addStretch(1)
        layout.addLayout(versions_row)
        self.model = ProposalsModel(self)
        self.table = QTableView()
        self.table.setObjectName("proposals")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._selected())
        layout.addWidget(self.table)
        self.empty = TrLabel(N_("No versions yet. When the price is right, save it as the first version."),
                             object_name="lead")
        layout.addWidget(self.empty)

        self.details = QLabel()
        self.details.setObjectName("hint")
        self.details.setWordWrap(True)
        layout.addWidget(self.details)

        decisions = QHBoxLayout()  # what the family decided, under the list; looking, beside its heading
        decisions.setSpacing(8)
        self.offer_button = TrButton(N_("&Offer to the family"))
        self.accept_button = TrButton(N_("&Accept…"), accessible_name=N_("Accept: choose who accepted it"))
        self.decline_button = TrButton(N_("Dec&line"), accessible_name=N_("The family declined it"))
        self.compare_button = TrButton(N_("Compa&re with…"), accessible_name=N_("Compare with another version"))
        self.preview_button = TrButton(N_("&Preview quote"), accessible_name=N_("Preview the quote document"))
        for button, signal in ((self.offer_button, self.offerRequested), (self.accept_button, self.acceptRequested),
                               (self.decline_button, self.declineRequested),
                               (self.compare_button, self.compareRequested),
                               (self.preview_button, self.previewRequested)):
            button.clicked.connect(signal)
            if button in (self.compare_button, self.preview_button):
                versions_row.addWidget(button)
            else:
                decisions.addWidget(button)
        decisions.addStretch(1)
        layout.addLayout(decisions)

        self.message = message_line()
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.retranslate_self()

    def retranslate_self(self) -> None:
        self.notes.setPlaceholderText(_("For example, less management time, as the family asked"))
        self.notes.setAccessibleName(_("What changed in this version (optional)"))
        self.table.setAccessibleName(_("Versions of the proposal"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        self._selected()

    # -- the list ---------------------------------------------------------------------------------
    def set_proposals(self, proposals: Sequence[Proposal], name_of: Callable[[str], str],
                      select: str | None = None) -> None:
        keep = select or (self.current().id if self.current() else None)
        self.model.set_proposals(proposals, name_of)
        row = self.model.row_of(keep) if keep else -1
        if row < 0 and proposals:
            row = len(proposals) - 1  # the newest
        if row >= 0:
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.model.index(row, 0))
        has = bool(proposals)
        self.table.setVisible(has)
        self.empty.setVisible(not has)
        rows = self.table.verticalHeader().defaultSectionSize()
        header = self.table.horizontalHeader().sizeHint().height()
        self.table.setFixedHeight(min(max(len(proposals), 1), 6) * rows + header + 6)
        self._selected()

    def current(self) -> Proposal | None:
        index = self.table.currentIndex()
        return self.model.at(index.row()) if index.isValid() else None

    def select(self, proposal_id: str) -> None:
        row = self.model.row_of(proposal_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.model.index(row, 0))

    def _selected(self) -> None:
        proposal = self.current()
        self.details.setText(details_text(proposal, self.model.name_of) if proposal else "")
        self.details.setVisible(proposal is not None)
        for button in (self.offer_button, self.accept_button, self.decline_button, self.preview_button):
            button.setEnabled(proposal is not None)
        self.compare_button.setEnabled(proposal is not None and len(self.model.proposals) > 1)
        if proposal is not None:
            number = proposal.number
            self.offer_button.set_source(N_("&Offer to the family"),
                                         accessible_name=lambda: _("Offer proposal {n} to the family", n=number))
            self.accept_button.set_source(N_("&Accept…"), accessible_name=lambda: _(
                "Proposal {n} accepted: choose who accepted it", n=number))
            self.decline_button.set_source(N_("Dec&line"), accessible_name=lambda: _(
                "The family declined proposal {n}", n=number))
            self.compare_button.set_source(N_("Compa&re with…"), accessible_name=lambda: _(
                "Compare proposal {n} with another version", n=number))
            self.preview_button.set_source(N_("&Preview quote"), accessible_name=lambda: _(
                "Preview the quote for proposal {n}", n=number))
        self.selectionChanged.emit()

    # -- messages ---------------------------------------------------------------------------------
    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(f"{ERROR_MARK} {text}" if error else text)
        self.message.setAccessibleName(text)
        self.message.setObjectName("inlineError" if error else "inlineInfo")
        repolish(self.message)
        self.message.show()
        QTimer.singleShot(0, lambda: ensure_visible(self.message))  # below the buttons: scroll to it

    def clear_message(self) -> None:
        self.message.clear()
        self.message.hide()

    def message_text(self) -> str:
        return self.message.text() if not self.message.isHidden() else ""


class AcceptDialog(QDialog):
    """Who accepted the offer: the person, or someone who decides about the money or contract.

    ``submit(acceptor_id)`` records it and returns None, or the services' reason it could not,
    shown here.
    """

    def __init__(self, number: int, acceptors: Sequence[Acceptor], submit: Callable[[str], str | None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Proposal {n} accepted", n=number))
        self._submit = submit
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(12)
        layout.addWidget(heading(lambda: _("Who accepted proposal {n}?", n=number), 2))
        layout.addWidget(TrLabel(N_("The person, or someone who decides about the money or the contract."),
                                 object_name="lead"))
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for acceptor in acceptors:
            text = _(acceptor.name)
            if acceptor.relationship:
                text = _("{name} ({relationship})", name=text, relationship=_(acceptor.relationship))
            button = QRadioButton(text)
            button.setAccessibleName(text)
            self.group.addButton(button)
            self.buttons[acceptor.id] = button
            layout.addWidget(button)
        if self.buttons:
            next(iter(self.buttons.values())).setChecked(True)
        self.error = message_line(error=True)
        layout.addWidget(self.error)
        row = QHBoxLayout()
        row.addStretch(1)
        self.ok = TrButton(N_("Record that they accepted"), primary=True)
        self.ok.setDefault(True)
        self.ok.setAutoDefault(True)
        self.ok.clicked.connect(self.record)
        cancel = TrButton(N_("Cancel"))
        cancel.clicked.connect(self.reject)
        row.addWidget(self.ok)
        row.addWidget(cancel)
        layout.addLayout(row)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        checked = self.group.checkedButton()
        if checked is not None:
            checked.setFocus()  # the choice first; Enter then records it

    def chosen(self) -> str | None:
        return next((key for key, button in self.buttons.items() if button.isChecked()), None)

    def choose(self, acceptor_id: str) -> None:
        self.buttons[acceptor_id].setChecked(True)

    def record(self) -> None:
        chosen = self.chosen()
        reason = self._submit(chosen or "")
        if reason:
            self.error.setText(f"{ERROR_MARK} {reason}")
            self.error.setAccessibleName(reason)
            self.error.show()
            return
        self.accept()


class CompareDialog(QDialog):
    """Two versions side by side in words: what changed, and what it did to the price."""

    def __init__(self, proposals: Sequence[Proposal], compare: Callable[[str, str], ProposalDiff],
                 before: str, after: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Compare versions"))
        self.proposals = list(proposals)
        self._compare = compare
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(12)
        layout.addWidget(heading(N_("Compare two versions"), 2))

        row = QHBoxLayout()
        row.setSpacing(10)
        self.before = QComboBox()
        self.after = QComboBox()
        for combo in (self.before, self.after):
            for p in self.proposals:
                combo.addItem(_("Proposal {number} ({status})", number=p.number, status=_(STATUS_LABELS[p.status])),
                              p.id)
        self.before.setAccessibleName(_("The earlier version"))
        self.after.setAccessibleName(_("The later version"))
        row.addWidget(TrLabel(N_("&From"), buddy=self.before, word_wrap=False))
        row.addWidget(self.before)
        row.addWidget(TrLabel(N_("&to"), buddy=self.after, word_wrap=False))
        row.addWidget(self.after)
        row.addStretch(1)
        layout.addLayout(row)

        self.summary = QLabel()
        self.summary.setObjectName("total")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.effect = QLabel()
        self.effect.setWordWrap(True)
        layout.addWidget(self.effect)
        layout.addWidget(heading(N_("What changed"), 3))
        self.changes = QListWidget()
        self.changes.setObjectName("changes")
        self.changes.setWordWrap(True)
        self.changes.setAccessibleName(_("What changed"))
        self.changes.setSpacing(4)
        layout.addWidget(self.changes, 1)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        close = TrButton(N_("Close"), primary=True)
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.close_button = close

        self.before.setCurrentIndex(max(self.before.findData(before), 0))
        self.after.setCurrentIndex(max(self.after.findData(after), 0))
        self.before.currentIndexChanged.connect(lambda _i: self.refresh())
        self.after.currentIndexChanged.connect(lambda _i: self.refresh())
        shortcut("Esc", self, self.reject, Qt.ShortcutContext.WindowShortcut)
        self.resize(760, 560)
        self.refresh()
        self.changes.setFocus()

    def refresh(self) -> None:
        a, b = self.before.currentData(), self.after.currentData()
        self.changes.clear()
        if a == b:
            self.summary.setText(_("Please choose two different versions."))
            self.effect.clear()
            return
        diff = self._compare(a, b)
        self.diff = diff
        self.summary.setText(_(diff.summary()))
        self.summary.setAccessibleName(self.summary.text())
        words = [_(w) for w in diff.effect.words()]
        self.effect.setText(_("What it did to the price: {effect}.", effect=" \u00b7 ".join(words)))
        self.effect.setAccessibleName(self.effect.text())
        if not diff.changes:
            item = QListWidgetItem(_("Nothing changed between these versions."))
            self.changes.addItem(item)
        for change in diff.changes:
            text = _(change.text)
            if change.effect:
                text += "\n" + _("In the first year: {effect}.", effect=_(change_words(change.effect, "first_year")))
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, plain(text.replace("\n", " ")))
            self.changes.addItem(item)
        if self.changes.count():
            self.changes.setCurrentRow(0)

    def change_texts(self) -> list[str]:
        return [self.changes.item(i).text() for i in range(self.changes.count())]
