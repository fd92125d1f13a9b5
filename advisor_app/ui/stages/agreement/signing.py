"""Signing mode: the laptop is handed to the family, one signer at a time, in four steps.

1. who is signing (the pack's boxes not signed yet, from ``signers_for``, with their role);
2. can they sign for themselves? if not, who signs for them and with what authority;
3. what they are agreeing to, in plain words (the first year's cost, what is provided), ticked;
4. the signature pad; Done builds the ``SignatureEvidence`` and calls ``add_signature`` (in the
   background: a PAdES signature takes a moment, and the screen must not freeze meanwhile).

Then the next signer, until everyone who signs today (the advisor too) has signed. Nothing here
decides who may sign or whether a signature counts: the service does, and its reasons are shown
in the screen, in plain words.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain.agreement import (
    AUTHORITY_LABELS,
    SIGNER_ROLE_LABELS,
    Authority,
    SignatureEvidence,
    Signer,
    SignerRole,
    text_sha256,
)
from advisor_app.domain.messages import N_
from advisor_app.domain.proposals.words import pounds
from advisor_app.i18n import _
from advisor_app.services import agreement, agreement_summary
from advisor_app.services.documents import DocumentRecord
from advisor_app.services.errors import error_text
from advisor_app.ui.operations import BackgroundOp
from advisor_app.ui.theme import repolish
from advisor_app.ui.widgets.agreement_summary import AgreementSummaryView
from advisor_app.ui.widgets.forms import scroll_page
from advisor_app.ui.widgets.signature_pad import SignatureBox
from advisor_app.ui.widgets.text import TrButton, TrLabel, heading

# Who may sign for someone who cannot sign for themselves (the advisor signs for the provider).
STAND_IN_AUTHORITIES = (Authority.LPA_PROPERTY_FINANCIAL, Authority.LPA_HEALTH_WELFARE, Authority.DEPUTY,
                        Authority.APPOINTEE, Authority.NOMINATED_PERSON, Authority.OTHER)
PLAIN_AUTHORITY = {
    Authority.LPA_PROPERTY_FINANCIAL: N_("They have a lasting power of attorney for money and property"),
    Authority.LPA_HEALTH_WELFARE: N_("They have a lasting power of attorney for health and care"),
    Authority.DEPUTY: N_("The Court of Protection made them a deputy"),
    Authority.APPOINTEE: N_("They are the appointee who looks after the benefits"),
    Authority.NOMINATED_PERSON: N_("They are the nominated person for the direct payment"),
    Authority.OTHER: N_("Something else (please say what)"),
}
STEP_WHO, STEP_CAPACITY, STEP_AGREE, STEP_SIGN, STEP_DONE = range(5)


def big(widget: QWidget, factor: float = 1.3) -> None:
    """Larger text for the family (follows the advisor's text size: the application font)."""
    from PySide6.QtWidgets import QApplication

    widget.setStyleSheet(f"font-size: {QApplication.font().pointSizeF() * factor:.1f}pt;")


def signed_fields(record: DocumentRecord | None) -> list[str]:
    return list(record.meta.get("signed_fields", [])) if record is not None and record.kind == agreement.SIGNED else []


def error_words(exc: BaseException) -> str:
    """The service's plain reason (an ``N_`` text or a ``Msg``), translated now."""
    return error_text(exc, N_("The signature could not be kept. Please try again."))


class SigningScreen(QDialog):
    """Full-screen signing. The service is asked of the session each time (the session owns it)."""

    signed = Signal(str)  # the new signed document's sha256

    def __init__(self, session: Any, case_id: str, version: DocumentRecord, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("signing")
        self.setWindowTitle(_("Signing the agreement"))
        self.session, self.case_id = session, case_id
        self.applying: BackgroundOp | None = None  # the signature being applied
        self.base_sha = version.sha256 if version.kind == agreement.KIND else version.meta["base"]
        self.signer: Signer | None = None
        self.signed_by: list[str] = []  # names, signed in this sitting

        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 28, 48, 28)
        outer.setSpacing(14)
        top = QHBoxLayout()
        self.step_label = QLabel()
        self.step_label.setObjectName("badge")
        top.addWidget(self.step_label)
        top.addStretch(1)
        self.close_button = TrButton(N_("Give back to the advisor"), flat=True,
                                     accessible_name=N_("Leave signing and give the laptop back to the advisor"))
        self.close_button.clicked.connect(self.reject)
        top.addWidget(self.close_button)
        outer.addLayout(top)

        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        self.stack.addWidget(self._build_who())
        self.stack.addWidget(self._build_capacity())
        self.stack.addWidget(self._build_agree())
        self.stack.addWidget(self._build_sign())
        self.stack.addWidget(self._build_done())

        self.message = QLabel()
        self.message.setObjectName("inlineError")
        self.message.setWordWrap(True)
        self.message.hide()
        outer.addWidget(self.message)

        nav = QHBoxLayout()
        self.back = TrButton(N_("\u2190 &Back"))
        self.back.clicked.connect(self.go_back)
        self.next = TrButton(N_("&Next \u2192"), primary=True)
        self.next.clicked.connect(self.go_next)
        nav.addWidget(self.back)
        nav.addStretch(1)
        nav.addWidget(self.next)
        outer.addLayout(nav)
        self.resize(1100, 780)
        self.show_step(STEP_WHO)

    # -- the service -----------------------------------------------------------------------------
    @property
    def service(self) -> Any:
        return self.session.service

    def head(self) -> DocumentRecord | None:
        return agreement.head(self.service, self.base_sha)

    def waiting(self) -> list[Signer]:
        """The boxes still to sign today (the office countersigns later, at the office)."""
        done = set(signed_fields(self.head()))
        return [s for s in agreement.signers_for(self.service, self.case_id)
                if s.role != SignerRole.OFFICE and s.field not in done]

    # -- step 1: who -----------------------------------------------------------------------------
    def _build_who(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setSpacing(12)
        layout.addWidget(heading(N_("Who is signing now?"), 1))
        layout.addWidget(TrLabel(N_("Choose your name."), object_name="lead"))
        self.who_box = QVBoxLayout()
        self.who_box.setSpacing(10)
        layout.addLayout(self.who_box)
        self.who_group = QButtonGroup(self)
        self.who_group.buttonToggled.connect(lambda *_a: self._update_next())
        self.nobody = TrLabel(N_("Everyone who signs today has signed."), object_name="lead")
        layout.addWidget(self.nobody)
        layout.addStretch(1)
        return page

    def fill_who(self) -> None:
        for button in self.who_group.buttons():
            self.who_group.removeButton(button)
            self.who_box.removeWidget(button)
            button.setParent(None)
            button.deleteLater()
        self.who_signers = self.waiting()
        for index, signer in enumerate(self.who_signers):
            role = _(SIGNER_ROLE_LABELS[signer.role])
            text = f"{signer.name}  \u2014  {role}" if signer.name else role
            if not signer.required:
                text += "  " + _("(if they wish)")
            button = QRadioButton(text)
            button.setAccessibleName(text)
            big(button)
            self.who_group.addButton(button, index)
            self.who_box.addWidget(button)
        self.nobody.setVisible(not self.who_signers)
        required = [i for i, s in enumerate(self.who_signers) if s.required]
        if self.who_signers:
            self.who_group.button(required[0] if required else 0).setChecked(True)

    def choose(self, field: str) -> None:
        """Pick the signer by their box (for the keyboard-free path and tests)."""
        for index, signer in enumerate(self.who_signers):
            if signer.field == field:
                self.who_group.button(index).setChecked(True)
                return
        raise KeyError(field)

    def chosen(self) -> Signer | None:
        index = self.who_group.checkedId()
        return self.who_signers[index] if 0 <= index < len(self.who_signers) else None

    # -- step 2: can they sign for themselves? -----------------------------------------------------
    def _build_capacity(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setSpacing(12)
        self.capacity_title = heading("", 1)
        layout.addWidget(self.capacity_title)
        self.own = QRadioButton()
        self.stand_in = QRadioButton()
        self.capacity_group = QButtonGroup(self)
        self.capacity_group.addButton(self.own, 0)
        self.capacity_group.addButton(self.stand_in, 1)
        layout.addWidget(self.own)
        layout.addWidget(self.stand_in)
        self.stand_in_box = QFrame()
        self.stand_in_box.setObjectName("panel")
        box = QVBoxLayout(self.stand_in_box)
        box.setSpacing(8)
        self.stand_in_name = QLineEdit()
        box.addWidget(TrLabel(N_("The &name of the person signing for them"), object_name="fieldLabel",
                              buddy=self.stand_in_name))
        box.addWidget(self.stand_in_name)
        self.authority = QComboBox()
        for value in STAND_IN_AUTHORITIES:
            self.authority.addItem("", value)
        box.addWidget(TrLabel(N_("What lets them &sign for them?"), object_name="fieldLabel", buddy=self.authority))
        box.addWidget(self.authority)
        self.details = QLineEdit()
        box.addWidget(TrLabel(N_("&Details, like the reference on the paperwork (if there is one)"),
                              object_name="fieldLabel", buddy=self.details))
        box.addWidget(self.details)
        layout.addWidget(self.stand_in_box)
        layout.addStretch(1)
        self.capacity_group.buttonToggled.connect(lambda *_a: self._update_capacity())
        self.stand_in_name.textChanged.connect(lambda *_a: self._update_next())
        self.authority.currentIndexChanged.connect(lambda *_a: self._update_next())
        self.details.textChanged.connect(lambda *_a: self._update_next())
        return page

    def fill_capacity(self) -> None:
        signer = self.signer
        name = signer.name if signer else ""
        self.capacity_title.set_source(lambda: _("Can {name} sign for themselves?", name=name))
        self.own.setText(_("Yes, {name} signs for themselves", name=name))
        self.stand_in.setText(_("No, someone signs for {name}", name=name))
        for button in (self.own, self.stand_in):
            button.setAccessibleName(button.text())
            big(button)
        for index in range(self.authority.count()):
            self.authority.setItemText(index, _(PLAIN_AUTHORITY[self.authority.itemData(index)]))
            self.authority.setItemData(index, _(AUTHORITY_LABELS[self.authority.itemData(index)]),
                                       Qt.ItemDataRole.ToolTipRole)
        self.authority.setAccessibleName(_("What lets them sign for them"))
        self.stand_in_name.setAccessibleName(_("The name of the person signing for them"))
        self.details.setAccessibleName(_("Details of the authority"))
        if self.capacity_group.checkedId() < 0:
            self.own.setChecked(True)
        self._update_capacity()

    def _update_capacity(self) -> None:
        self.stand_in_box.setVisible(self.stand_in.isChecked())
        self._update_next()

    def authority_chosen(self) -> Authority:
        if self.signer is not None and self.signer.role == SignerRole.ADVISOR:
            return Authority.FOR_PROVIDER
        if not self.stand_in.isChecked():
            return Authority.OWN_CAPACITY
        return Authority(self.authority.currentData())

    def signing_name(self) -> str:
        if self.signer is not None and self.signer.role != SignerRole.ADVISOR and self.stand_in.isChecked():
            return self.stand_in_name.text().strip()
        return (self.signer.name if self.signer else "") or _("Support advisor")

    # -- step 3: what they agree to ----------------------------------------------------------------
    def _build_agree(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setSpacing(12)
        layout.addWidget(heading(N_("What you are agreeing to"), 1))
        self.statement = QLabel()
        self.statement.setWordWrap(True)
        self.statement.setTextFormat(Qt.TextFormat.PlainText)
        self.statement.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # the services whole, the first year added up and the words explained, in a scroll area
        reading = QWidget()
        column = QVBoxLayout(reading)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.statement)
        self.summary = AgreementSummaryView()
        column.addWidget(self.summary)
        self.closing = TrLabel(N_("Once it is signed, this version cannot be changed. If anything changes, there "
                                  "will be a new version to sign."))
        column.addWidget(self.closing)
        layout.addWidget(scroll_page(reading, max_width=1000), 1)
        self.confirm = QCheckBox()
        self.confirm.toggled.connect(lambda *_a: self._update_next())
        layout.addWidget(self.confirm)
        return page

    def statement_text(self) -> str:
        """Who agrees, and the first year's total (the services and the working are ``summary``)."""
        summary = agreement_summary.summary(self.service, self.case_id)
        lines = [_("{who}, by signing you agree to the agreement you have just read together.",
                   who=self.signing_name())]
        if summary is not None:
            lines.append(_("What it costs in the first year, in total: {amount}.",
                           amount=pounds(summary.itemised.by_period.total)))
        return "\n".join(lines)

    def fill_agree(self) -> None:
        big(self.statement)
        big(self.confirm)
        self.statement.setText(self.statement_text())
        self.statement.setAccessibleName(self.statement.text())
        big(self.closing)
        big(self.summary)
        self.summary.show_summary(agreement_summary.summary(self.service, self.case_id))
        self.confirm.setText(_("I have read the agreement and I agree to it."))
        self.confirm.setAccessibleName(self.confirm.text())
        self.confirm.setChecked(False)

    # -- step 4: sign --------------------------------------------------------------------------------
    def _build_sign(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setSpacing(12)
        self.sign_title = heading("", 1)
        layout.addWidget(self.sign_title)
        self.signature = SignatureBox()
        self.pad = self.signature.pad
        self.signature.label.set_source(N_("Sign with a finger, a pen or the mouse. “Redo the last line” takes "
                                           "away the last line you drew."))
        self.signature.label.setObjectName("lead")
        self.pad.changed.connect(self._update_next)
        layout.addWidget(self.signature)
        layout.addStretch(1)
        return page

    def fill_sign(self) -> None:
        name = self.signing_name()
        self.sign_title.set_source(lambda: _("{name}, please sign in the box", name=name))
        self.pad.clear()

    def evidence(self) -> SignatureEvidence:
        """What is embedded with the signature. Raises ``ValidationError`` when nothing is drawn."""
        signer = self.signer
        assert signer is not None
        head = self.head()
        assert head is not None
        asked = signer.role != SignerRole.ADVISOR  # the capacity question (not asked of the advisor)
        stand_in = asked and self.stand_in.isChecked()
        return SignatureEvidence(
            strokes=[list(s) for s in self.pad.strokes], signer_name=self.signing_name(), role=signer.role,
            authority=self.authority_chosen(), authority_details=self.details.text().strip()[:500] if stand_in else "",
            signed_at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0),
            device_id=str(self.service.device_id), document_sha256=head.sha256, field_name=signer.field,
            viewport=self.pad.viewport(), on_behalf_of=signer.name if stand_in else "",
            signs_for_themselves=(not stand_in) if asked else None,
            statement_sha256=text_sha256(self.statement.text()))

    def sign(self) -> BackgroundOp | None:
        """Done: the signature goes onto the agreement, in the background (the service decides
        whether it may). None when nothing can be signed yet (the reason is shown)."""
        self.hide_message()
        signer = self.signer
        if signer is None or self.applying is not None:
            return None
        try:
            evidence = self.evidence()
        except ValidationError as exc:
            self.show_message(error_words(exc))
            return None
        case_id, head_sha = self.case_id, self.head().sha256
        self.next.setEnabled(False)
        self.back.setEnabled(False)
        self.show_message(_("Signing…"), error=False)
        self.applying = BackgroundOp(
            self.session, lambda service, _progress: agreement.add_signature(service, case_id, head_sha, signer, evidence),
            owner=self).success(lambda record: self._signed(record, evidence)).failure(self._not_signed)
        self.applying.finished.connect(self._sign_ended)
        return self.applying.start(initiator=self)

    def _signed(self, record: DocumentRecord, evidence: SignatureEvidence) -> None:
        self.signed_by.append(evidence.signer_name)
        self.signed.emit(record.sha256)
        self.show_step(STEP_DONE)

    def _not_signed(self, exc: BaseException) -> None:
        if isinstance(exc, (ValidationError, agreement.AgreementError)):
            self.show_message(error_words(exc))
        else:  # the store, the signing library: say so in plain words (the details go to the log)
            logging.getLogger(__name__).error("The signature could not be kept",
                                              exc_info=(type(exc), exc, exc.__traceback__))
            self.show_message(_("The signature could not be kept: {problem}", problem=error_words(exc)))

    def _sign_ended(self) -> None:
        self.applying = None
        self.back.setVisible(self.step() not in (STEP_WHO, STEP_DONE))
        self.back.setEnabled(True)
        self._update_next()

    # -- done --------------------------------------------------------------------------------------
    def _build_done(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setSpacing(12)
        layout.addWidget(heading(N_("Thank you: it is signed"), 1))
        self.done_text = QLabel()
        self.done_text.setWordWrap(True)
        layout.addWidget(self.done_text)
        layout.addStretch(1)
        return page

    def fill_done(self) -> None:
        big(self.done_text)
        waiting = self.waiting()
        text = _("Signed today by: {names}.", names=", ".join(self.signed_by))
        required = [s for s in waiting if s.required]
        if required:
            text += "\n" + _("Still to sign: {names}. Press Next for the next person.",
                             names=", ".join(s.name or _(SIGNER_ROLE_LABELS[s.role]) for s in required))
        else:
            text += "\n" + _("Everyone who needs to sign today has signed. Please give the laptop back to the "
                             "advisor.")
        self.done_text.setText(text)
        self.done_text.setAccessibleName(text)

    # -- moving through the steps --------------------------------------------------------------------
    def step(self) -> int:
        return self.stack.currentIndex()

    def show_step(self, step: int) -> None:
        self.hide_message()
        if step == STEP_WHO:
            self.fill_who()
        elif step == STEP_CAPACITY:
            self.fill_capacity()
        elif step == STEP_AGREE:
            self.fill_agree()
        elif step == STEP_SIGN:
            self.fill_sign()
        elif step == STEP_DONE:
            self.fill_done()
        self.stack.setCurrentIndex(step)
        numbers = {STEP_WHO: 1, STEP_CAPACITY: 2, STEP_AGREE: 3, STEP_SIGN: 4}
        self.step_label.setText(_("Step {n} of 4", n=numbers[step]) if step in numbers else _("Signed"))
        self.step_label.setAccessibleName(self.step_label.text())
        self.back.setVisible(step not in (STEP_WHO, STEP_DONE))
        if step == STEP_DONE:
            more = bool(self.waiting())
            self.next.set_source(N_("&Next person \u2192") if more else N_("&Finish"))
        elif step == STEP_SIGN:
            self.next.set_source(N_("&Done: sign"))
        else:
            self.next.set_source(N_("&Next \u2192"))
        self._update_next()
        self._focus_step(step)

    def _focus_step(self, step: int) -> None:
        target = {STEP_WHO: self.who_group.checkedButton(), STEP_CAPACITY: self.capacity_group.checkedButton(),
                  STEP_AGREE: self.confirm, STEP_SIGN: self.pad}.get(step) or self.next
        target.setFocus()

    def _update_next(self) -> None:
        step = self.step()
        ok = True
        if step == STEP_WHO:
            ok = self.chosen() is not None
        elif step == STEP_CAPACITY:
            ok = self.own.isChecked() or bool(self.stand_in_name.text().strip() and (
                self.authority.currentData() != Authority.OTHER or self.details.text().strip()))
        elif step == STEP_AGREE:
            ok = self.confirm.isChecked()
        elif step == STEP_SIGN:
            ok = not self.pad.is_empty() and self.applying is None
        elif step == STEP_DONE:
            ok = True
        self.next.setEnabled(ok)

    def go_next(self) -> None:
        step = self.step()
        if step == STEP_WHO:
            self.signer = self.chosen()
            if self.signer is None:
                return
            self.own.setChecked(True)
            self.stand_in_name.clear()
            self.details.clear()
            # the advisor signs for the provider: there is nothing to ask
            self.show_step(STEP_AGREE if self.signer.role == SignerRole.ADVISOR else STEP_CAPACITY)
        elif step == STEP_CAPACITY:
            self.show_step(STEP_AGREE)
        elif step == STEP_AGREE:
            self.show_step(STEP_SIGN)
        elif step == STEP_SIGN:
            self.sign()
        elif step == STEP_DONE:
            if self.waiting():
                self.show_step(STEP_WHO)
            else:
                self.accept()

    def go_back(self) -> None:
        step = self.step()
        if step == STEP_CAPACITY:
            self.show_step(STEP_WHO)
        elif step == STEP_AGREE:
            advisor = self.signer is not None and self.signer.role == SignerRole.ADVISOR
            self.show_step(STEP_WHO if advisor else STEP_CAPACITY)
        elif step == STEP_SIGN:
            self.show_step(STEP_AGREE)

    # -- messages ---------------------------------------------------------------------------------
    def show_message(self, text: str, *, error: bool = True) -> None:
        self.message.setObjectName("inlineError" if error else "inlineInfo")
        self.message.setText(text)
        self.message.setAccessibleName(text)
        repolish(self.message)
        self.message.show()

    def hide_message(self) -> None:
        self.message.hide()
        self.message.clear()

    def message_text(self) -> str:
        return self.message.text() if self.message.isVisible() else ""

    def show_full(self) -> None:
        """Show over the whole screen, for the family."""
        self.setWindowModality(Qt.WindowModality.WindowModal)  # the case behind waits
        self.setWindowState(self.windowState() | Qt.WindowState.WindowFullScreen)
        self.show()
