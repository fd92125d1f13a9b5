"""Signing, one signer at a time. For the family (shown in family mode, ``ui/family``):

1. who is signing (the family's boxes not signed yet: never the advisor's);
2. can they sign for themselves? if not, who signs for them and with what authority;
3. what they are agreeing to, in plain words, ticked;
4. how they sign: drawing, a mark witnessed by the advisor, or a supporter guiding the hand;
5. the signature pad; "Done: sign" builds the ``SignatureEvidence`` from this signer's answers
   and calls ``add_signature`` in the background (a PAdES signature takes a moment).

Then the next signer, until everyone in the family who signs today has. The advisor signs apart,
for the provider (``family=False``): only what they agree to and the pad. Nothing here decides who
may sign or whether a signature counts: the domain and the service do, and their reasons are
shown on the screen in plain words.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from advisor_app.domain.agreement import SIGNER_ROLE_LABELS, SignatureEvidence, Signer, text_sha256
from advisor_app.domain.messages import N_
from advisor_app.domain.signature_answers import (
    SigningAnswers, advisor_signer, family_signers,
)
from advisor_app.i18n import _
from advisor_app.services import agreement, agreement_summary
from advisor_app.services.documents import DocumentRecord
from advisor_app.services.errors import error_text
from advisor_app.ui.operations import BackgroundOp
from advisor_app.ui.stages.agreement.signing.agree import AgreeStep
from advisor_app.ui.stages.agreement.signing.capacity import CapacityStep
from advisor_app.ui.stages.agreement.signing.common import big, step_layout, text_label
from advisor_app.ui.stages.agreement.signing.method import MethodStep
from advisor_app.ui.stages.agreement.signing.sign import SignStep
from advisor_app.ui.stages.agreement.signing.who import WhoStep
from advisor_app.ui.theme import repolish
from advisor_app.ui.widgets.text import TrButton, heading

log = logging.getLogger(__name__)
STEP_WHO, STEP_CAPACITY, STEP_AGREE, STEP_METHOD, STEP_SIGN, STEP_DONE = range(6)


def error_words(exc: BaseException) -> str:
    """The service's plain reason (an ``N_`` text or a ``Msg``), translated now."""
    return error_text(exc, N_("The signature could not be kept. Please try again."))


class SigningScreen(QWidget):
    """The service is asked of the session each time (the session owns it)."""

    signed = Signal(str, str)  # the new signed document's sha256, and who signed
    finished = Signal()  # "Finish": nobody is left to sign today

    def __init__(self, session: Any, case_id: str, version: DocumentRecord, parent: QWidget | None = None, *,
                 family: bool = True):
        super().__init__(parent)
        self.setObjectName("signing")
        self.setProperty("large", True)
        self.session, self.case_id, self.family = session, case_id, family
        self.applying: BackgroundOp | None = None  # the signature being applied
        self.base_sha = version.sha256 if version.kind == agreement.KIND else version.meta["base"]
        self.answers: SigningAnswers | None = None  # the signer's, from the moment they are chosen
        self.signed_by: list[str] = []  # names, signed in this sitting

        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 16, 40, 16)
        outer.setSpacing(12)
        self.step_label = QLabel()
        self.step_label.setObjectName("badge")
        outer.addWidget(self.step_label, 0, Qt.AlignmentFlag.AlignLeft)

        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        self.who, self.capacity, self.agree = WhoStep(), CapacityStep(), AgreeStep()
        self.method, self.sign_step, self.done = MethodStep(), SignStep(), self._build_done()
        for step in (self.who, self.capacity, self.agree, self.method, self.sign_step, self.done):
            self.stack.addWidget(step)
            if hasattr(step, "changed"):
                step.changed.connect(self._update_next)
        # the parts the tests and the tour reach for
        self.pad, self.confirm, self.statement = self.sign_step.pad, self.agree.confirm, self.agree.statement
        self.summary = self.agree.summary

        self.need = text_label("hint")  # what is still needed before Next
        outer.addWidget(self.need)
        self.message = text_label("inlineError")
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
        self.start()

    def start(self) -> None:
        """The first step: who signs (the family), or what the advisor agrees to."""
        if self.family:
            self.show_step(STEP_WHO)
        elif self._advisor() is not None:
            self.show_step(STEP_AGREE, chosen=self._advisor())
        else:
            self.show_step(STEP_DONE)

    # -- the service -----------------------------------------------------------------------------
    @property
    def service(self) -> Any:
        return self.session.service

    def head(self) -> DocumentRecord | None:
        return agreement.head(self.service, self.base_sha)

    def waiting(self) -> list[Signer]:
        """The boxes this screen still has to sign today: the family's, or the advisor's."""
        boxes = agreement.still_to_sign(self.service, self.case_id, self.base_sha)
        if self.family:
            return family_signers(boxes)
        advisor = advisor_signer(boxes)
        return [advisor] if advisor is not None else []

    def _advisor(self) -> Signer | None:
        waiting = self.waiting()
        return waiting[0] if waiting and not self.family else None

    def advisor_name(self) -> str:
        signer = advisor_signer(agreement.signers_for(self.service, self.case_id))
        return (signer.name if signer else "") or _("Support advisor")

    @property
    def signer(self) -> Signer | None:
        return self.answers.signer if self.answers is not None else None

    @property
    def who_signers(self) -> list[Signer]:
        return self.who.signers

    def choose(self, field: str) -> None:
        """Pick the signer by their box (for the keyboard-free path and tests)."""
        self.who.choose(field)

    def signing_name(self) -> str:
        return self.answers.signing_name(_("Support advisor")) if self.answers is not None else ""

    # -- done --------------------------------------------------------------------------------------
    def _build_done(self) -> QWidget:
        page = QWidget()
        layout = step_layout(page)
        layout.addWidget(heading(N_("Thank you: it is signed"), 1))
        self.done_text = text_label()
        layout.addWidget(self.done_text)
        layout.addStretch(1)
        return page

    def fill_done(self) -> None:
        big(self.done_text)
        waiting = self.waiting()
        text = (_("Signed today by: {names}.", names=", ".join(self.signed_by)) if self.signed_by
                else _("There is nothing left to sign here on this version."))
        required = [s for s in waiting if s.required]
        if required:
            text += "\n" + _("Still to sign: {names}. Press Next for the next person.",
                             names=", ".join(s.name or _(SIGNER_ROLE_LABELS[s.role]) for s in required))
        else:
            text += "\n" + _("Everyone who needs to sign today has signed. Please give the laptop back to the "
                             "advisor.") if self.family else ""
        self.done_text.setText(text)
        self.done_text.setAccessibleName(text)

    # -- signing -----------------------------------------------------------------------------------
    def evidence(self) -> SignatureEvidence:
        """What is embedded with the signature. Raises ``ValidationError`` when nothing is drawn."""
        assert self.answers is not None
        head = self.head()
        assert head is not None
        return SignatureEvidence(
            strokes=[list(s) for s in self.pad.strokes], **self.answers.evidence_fields(_("Support advisor")),
            signed_at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0),
            device_id=str(self.service.device_id), document_sha256=head.sha256, viewport=self.pad.viewport(),
            statement_sha256=text_sha256(self.agree.statement_shown()))

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
        self.signed.emit(record.sha256, evidence.signer_name)
        self.show_step(STEP_DONE)

    def _not_signed(self, exc: BaseException) -> None:
        if isinstance(exc, (ValidationError, agreement.AgreementError)):
            self.show_message(error_words(exc))
        else:  # the store, the signing library: say so in plain words (the details go to the log)
            log.error("The signature could not be kept", exc_info=(type(exc), exc, exc.__traceback__))
            self.show_message(_("The signature could not be kept: {problem}", problem=error_words(exc)))

    def _sign_ended(self) -> None:
        self.applying = None
        self.back.setVisible(self._previous(self.step()) is not None)
        self.back.setEnabled(True)
        self._update_next()

    # -- moving through the steps --------------------------------------------------------------------
    def step(self) -> int:
        return self.stack.currentIndex()

    def _steps(self) -> list[int]:
        """This signer's steps, in order."""
        if not self.family:  # the advisor, for the provider: nothing to ask
            return [STEP_AGREE, STEP_SIGN]
        return [STEP_WHO, STEP_CAPACITY, STEP_AGREE, STEP_METHOD, STEP_SIGN]

    def _previous(self, step: int) -> int | None:
        steps = self._steps()
        return steps[steps.index(step) - 1] if step in steps and steps.index(step) > 0 else None

    def _following(self, step: int) -> int | None:
        steps = self._steps()
        return steps[steps.index(step) + 1] if step in steps and steps.index(step) + 1 < len(steps) else None

    def show_step(self, step: int, *, chosen: Signer | None = None) -> None:
        self.hide_message()
        if chosen is not None:  # a new signer: nothing said for the one before carries over
            self.answers = SigningAnswers(chosen)
        if step == STEP_WHO:
            self.answers = None
            self.who.fill(self.waiting())
        elif step == STEP_CAPACITY and self.answers is not None:
            self.capacity.fill(self.answers)
        elif step == STEP_AGREE:
            self.agree.fill(self.signing_name(), agreement_summary.summary(self.service, self.case_id))
        elif step == STEP_METHOD and self.answers is not None:
            self.method.fill(self.answers, self.advisor_name())
        elif step == STEP_SIGN and self.answers is not None:
            self.sign_step.fill(self.answers)
        elif step == STEP_DONE:
            self.fill_done()
        self.stack.setCurrentIndex(step)
        steps = self._steps()
        self.step_label.setText(_("Step {n} of {count}", n=steps.index(step) + 1, count=len(steps))
                                if step in steps else _("Signed"))
        self.step_label.setAccessibleName(self.step_label.text())
        self.back.setVisible(self._previous(step) is not None)
        if step == STEP_DONE:
            self.next.set_source(N_("&Next person \u2192") if self.waiting() else N_("&Finish"))
        elif step == STEP_SIGN:
            self.next.set_source(N_("&Done: sign"))
        else:
            self.next.set_source(N_("&Next \u2192"))
        self._update_next()
        self.focus_first()

    def _collect(self) -> None:
        """The answers as the step on screen has them now."""
        if self.answers is None:
            return
        if self.step() == STEP_CAPACITY:
            self.answers = self.capacity.answers(self.answers)
        elif self.step() == STEP_METHOD:
            self.answers = self.method.answers(self.answers)

    def _update_next(self) -> None:
        step = self.step()
        self._collect()
        need = None
        if step == STEP_WHO:
            ok = self.who.chosen() is not None
        elif step == STEP_CAPACITY:
            need = self.answers.capacity_needed() if self.answers else None
            ok = need is None
        elif step == STEP_AGREE:
            ok = self.agree.agreed()
        elif step == STEP_METHOD:
            need = self.answers.method_needed() if self.answers else None
            ok = need is None
        elif step == STEP_SIGN:
            ok = not self.pad.is_empty() and self.applying is None
        else:
            ok = True
        self.next.setEnabled(ok)
        self.need.setText(_(need) if need else "")
        self.need.setVisible(bool(need))

    def go_next(self) -> None:
        step = self.step()
        self._collect()
        if step == STEP_WHO:
            chosen = self.who.chosen()
            if chosen is not None:
                self.answers = SigningAnswers(chosen)
                self.show_step(self._following(STEP_WHO) or STEP_AGREE)
        elif step == STEP_SIGN:
            self.sign()
        elif step == STEP_DONE:
            if self.waiting():
                self.start()
            else:
                self.finished.emit()
        elif self.next.isEnabled():
            following = self._following(step)
            if following is not None:
                self.show_step(following)

    def go_back(self) -> None:
        previous = self._previous(self.step())
        if previous is not None:
            self.show_step(previous)

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

    def focus_first(self) -> None:
        """The keyboard where the step on screen starts (its choice, the tick, the pad)."""
        {STEP_WHO: self.who.focus, STEP_CAPACITY: self.capacity.focus, STEP_AGREE: self.agree.focus,
         STEP_METHOD: self.method.focus, STEP_SIGN: self.sign_step.focus}.get(self.step(), self.next.setFocus)()
