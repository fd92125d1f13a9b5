"""The dialog that starts an assessment: an activity or a decision, in a few words, and what it
serves in the support plan."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain.messages import N_
from advisor_app.i18n import _
from advisor_app.ui.widgets.text import TrLabel

from advisor_app.ui.stages.risk.common import SUBJECT_LABELS


class NewAssessmentDialog(QDialog):
    def __init__(self, links: list[dict[str, Any]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("New risk and opportunity assessment"))
        self.setMinimumWidth(560)
        self.links = links
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(TrLabel(N_("What is the activity or decision, and what does it serve?"), object_name="lead"))
        self.subject = QComboBox()
        for value, text in SUBJECT_LABELS.items():
            self.subject.addItem(_(text), value.value)
        subject_label = QLabel(_("&Is it an activity or a decision?"))
        subject_label.setBuddy(self.subject)
        layout.addWidget(subject_label)
        layout.addWidget(self.subject)
        self.title = QLineEdit()
        self.title.setPlaceholderText(_("For example, going to away matches by train"))
        title_label = QLabel(_("&What is it, in a few words?"))
        title_label.setBuddy(self.title)
        layout.addWidget(title_label)
        layout.addWidget(self.title)
        self.serves = QComboBox()
        self.serves.addItem(_("Not linked yet"), None)
        for link in links:
            kind = _("Outcome") if link["kind"] == "outcome" else _("Support")
            self.serves.addItem(f"{kind}: {link['label']}", link["id"])
        serves_label = QLabel(_("What does it &serve?"))
        serves_label.setBuddy(self.serves)
        layout.addWidget(serves_label)
        layout.addWidget(self.serves)
        if not links:
            layout.addWidget(TrLabel(N_("The support plan has no outcomes yet: you can link it later."),
                                     object_name="hint"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Start the assessment"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def answer(self) -> tuple[str, dict[str, Any] | None, str]:
        link_id = self.serves.currentData()
        link = next((dict(l) for l in self.links if l["id"] == link_id), None)
        return self.subject.currentData(), link, self.title.text().strip()
