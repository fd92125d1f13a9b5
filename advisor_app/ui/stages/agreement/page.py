"""The agreement stage: is it ready, what it says (with the advisor's guidance), its versions,
and the two things done with the family: "Read together" and "Sign".

Every rule comes from ``services.agreement``: what is missing (each with the stage to go to),
who signs, which versions exist, which are fixed, and whether the case has changed so that a
new version must be signed. The page shows those answers and asks the workspace to go to a
stage with ``context.open_stage``.
"""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from advisor_app.domain import journey
from advisor_app.domain.agreement import SIGNER_ROLE_LABELS, SignerRole
from advisor_app.domain.journey import Stage
from advisor_app.domain.messages import N_
from advisor_app.i18n import _, format_date
from advisor_app.services import CaseView
from advisor_app.services import agreement
from advisor_app.services.errors import error_text
from advisor_app.ui.operations import BackgroundOp
from advisor_app.ui.stages.base import StagePage
from advisor_app.ui.theme import repolish
from advisor_app.ui.widgets import read_aloud
from advisor_app.ui.widgets.forms import scroll_page
from advisor_app.ui.widgets.text import TrButton, TrLabel, heading, message_line

log = logging.getLogger(__name__)


def _label(text: str, object_name: str = "", *, selectable: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if object_name:
        label.setObjectName(object_name)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(text)
    return label


def _clear(layout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
        elif item.layout() is not None:
            _clear(item.layout())


def _date(created_at: str) -> str:
    try:
        return format_date(dt.datetime.fromisoformat(created_at).date())
    except ValueError:
        return created_at


def version_lines(service, case_id: str) -> list[tuple[str, str]]:
    """Each version of the agreement, newest first: (title line, who signed and whether it is fixed)."""
    out = []
    for number, version in reversed(list(enumerate(agreement.versions(service, case_id), start=1))):
        chain = agreement.chain(service, version.sha256)
        title = _("Version {n}, made on {date}", n=number, date=_date(version.created_at))
        if not chain:
            status = _("Not signed yet.")
        else:
            names = []
            for signed in chain:
                role = signed.meta.get("role", "")
                try:
                    label = _(SIGNER_ROLE_LABELS[SignerRole(role)])
                except ValueError:
                    label = role
                names.append(_("{name} ({role}) on {date}", name=signed.meta.get("signer", ""), role=label,
                               date=_date(signed.meta.get("signed_at") or signed.created_at)))
            status = _("Signed by {names}.", names="; ".join(names)) + " " + _("Fixed: this version cannot change.")
        out.append((title, status))
    return out


class AgreementPage(StagePage):
    stage = Stage.AGREEMENT

    def __init__(self, context, parent: QWidget | None = None):
        read_aloud.warm_up()  # reading together comes next: its speech found off the screen's thread
        super().__init__(context, parent)
        self.missing_items: list = []
        self.jump_buttons: list[TrButton] = []
        self.reading = None
        self.signing = None
        self.signed_today: list[str] = []  # names, signed on this laptop since the case was opened
        self.working: BackgroundOp | None = None  # the pack being made or stored
        self._clauses_for: str | None = None

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        layout.addWidget(heading(N_("The agreement"), 1))
        layout.addWidget(TrLabel(N_("Read it together with the person and their family, then everyone signs on "
                                    "this laptop. Once signed, a version never changes: a change to the case means "
                                    "a new version, signed again."), object_name="lead"))

        # readiness
        layout.addWidget(heading(N_("Ready to sign?"), 2))
        self.ready_text = QLabel()
        self.ready_text.setWordWrap(True)
        layout.addWidget(self.ready_text)
        self.missing_box = QVBoxLayout()
        self.missing_box.setSpacing(6)
        layout.addLayout(self.missing_box)
        self.changed_text = message_line(error=True)
        layout.addWidget(self.changed_text)

        actions = QHBoxLayout()
        self.read_button = TrButton(N_("&Read together"), tooltip=N_("Show the agreement over the whole screen, "
                                                                      "page by page, to read with the family"))
        self.sign_button = TrButton(N_("&Sign"), primary=True,
                                    tooltip=N_("Hand the laptop to the family to sign, one person at a time"))
        self.advisor_button = TrButton(N_("Sign as the &advisor"),
                                       tooltip=N_("Sign the agreement yourself, for the provider"))
        self.read_button.clicked.connect(lambda: self.read_together())
        self.sign_button.clicked.connect(lambda: self.start_signing())
        self.advisor_button.clicked.connect(lambda: self.sign_as_advisor())
        actions.addWidget(self.read_button)
        actions.addWidget(self.sign_button)
        actions.addWidget(self.advisor_button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.message = message_line()
        layout.addWidget(self.message)

        # versions
        layout.addWidget(heading(N_("Versions"), 2))
        self.versions_box = QVBoxLayout()
        self.versions_box.setSpacing(6)
        layout.addLayout(self.versions_box)

        # the clauses, with the guidance notes
        layout.addWidget(heading(N_("What it says, with guidance for you"), 2))
        self.clauses_box = QVBoxLayout()
        self.clauses_box.setSpacing(8)
        layout.addLayout(self.clauses_box)
        layout.addStretch(1)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll_page(content, max_width=900))

    # -- StagePage --------------------------------------------------------------------------------
    def forms(self):
        return []  # nothing here is typed in: the agreement is made from the other stages

    def focus_first(self) -> None:
        (self.jump_buttons[0] if self.jump_buttons else self.read_button).setFocus()

    def _service(self):
        return self.context.service() if self.context.service else None

    def refresh(self, view: CaseView) -> None:
        service, case_id = self._service(), self.context.case_id()
        if service is None or case_id is None:
            return
        self.missing_items = agreement.missing(service, case_id)
        self._show_missing()
        changed = agreement.needs_new_version(service, case_id)
        self.changed_text.setText(_("The case has changed since the last version was made: a new version must be "
                                    "signed. Pressing Sign makes it; the older versions stay as they were."))
        self.changed_text.setAccessibleName(self.changed_text.text())
        self.changed_text.setVisible(changed and not self.missing_items)
        ready = not self.missing_items and self.working is None
        for button in self.buttons():
            button.setEnabled(ready)
        self._show_versions(service, case_id)
        self._show_clauses(service, view)
        self.fix_tab_order()

    def _show_missing(self) -> None:
        _clear(self.missing_box)
        self.jump_buttons = []
        if not self.missing_items:
            self.ready_text.setText("\u2713 " + _("Everything the agreement needs is here."))
        else:
            self.ready_text.setText(_("Before the agreement can be signed, please add these. Each one takes you to "
                                      "where it is filled in."))
        self.ready_text.setAccessibleName(self.ready_text.text())
        repolish(self.ready_text)
        for item in self.missing_items:
            where = _(journey.info(item.stage).title)
            text = f"\u2192 {_(item.message)}  ({where})"
            button = TrButton(lambda text=text: text, flat=True,
                              accessible_name=lambda m=item.message, w=where: _("{missing} Go to {stage}.",
                                                                                 missing=_(m), stage=w))
            button.setProperty("field_path", item.field_path)
            button.clicked.connect(lambda _checked=False, stage=item.stage: self.context.open_stage(stage))
            self.missing_box.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
            self.jump_buttons.append(button)

    def _show_versions(self, service, case_id: str) -> None:
        _clear(self.versions_box)
        lines = version_lines(service, case_id)
        if not lines:
            self.versions_box.addWidget(_label(_("No version yet: one is made when signing starts."), "hint"))
        for number, (title, status) in enumerate(lines):
            card = QFrame()
            card.setObjectName("card")
            box = QVBoxLayout(card)
            box.setContentsMargins(14, 10, 14, 10)
            box.addWidget(_label(title + ("  " + _("(the newest)") if number == 0 else ""), "subheading"))
            box.addWidget(_label(status, selectable=True))
            card.setAccessibleName(f"{title}. {status}")
            self.versions_box.addWidget(card)

    def version_texts(self) -> list[str]:
        """What the versions list says, one line each (for a quick look and the tests)."""
        service, case_id = self._service(), self.context.case_id()
        return [f"{t} {s}" for t, s in version_lines(service, case_id)] if service and case_id else []

    def _show_clauses(self, service, view: CaseView) -> None:
        key = str(view.sections) if hasattr(view, "sections") else None
        if key is not None and key == self._clauses_for:
            return
        self._clauses_for = key
        _clear(self.clauses_box)
        try:
            parts = agreement.advisor_view(service, view)
        except Exception:  # the wording or the profile cannot be read: say so, do not break the page
            log.exception("The agreement's wording could not be shown")
            self.clauses_box.addWidget(_label(_("The agreement's wording could not be shown."), "inlineError"))
            return
        for part in parts:
            self.clauses_box.addWidget(_label(part.title, "subheading"))
            for clause in part.clauses:
                card = QFrame()
                card.setObjectName("card")
                box = QVBoxLayout(card)
                box.setContentsMargins(14, 10, 14, 10)
                box.setSpacing(6)
                if clause.heading:
                    box.addWidget(_label(clause.heading, "fieldLabel"))
                box.addWidget(_label(clause.text, selectable=True))
                if clause.guidance:
                    note = QFrame()
                    note.setObjectName("demoPanel")  # the theme's calm information panel
                    note.setProperty("guidance", True)
                    inner = QVBoxLayout(note)
                    inner.setContentsMargins(12, 8, 12, 8)
                    inner.setSpacing(2)
                    inner.addWidget(_label(_("Guidance for you: not printed"), "fieldLabel"))
                    inner.addWidget(_label(_(clause.guidance), selectable=True))
                    note.setAccessibleName(_("Guidance for you: not printed") + ". " + _(clause.guidance))
                    box.addWidget(note)
                self.clauses_box.addWidget(card)

    def guidance_texts(self) -> list[str]:
        return [w.accessibleName() for w in self.findChildren(QFrame) if w.property("guidance")]

    def retranslate_self(self) -> None:
        """The language changed: the texts built from the case are built again."""
        service, case_id = self._service(), self.context.case_id()
        if self.loaded and service is not None and case_id is not None:
            self._clauses_for = None
            try:
                self.refresh(service.load_case(case_id))
            except Exception:  # the store was locked meanwhile: nothing to show
                log.debug("The agreement page could not be read again", exc_info=True)

    # -- reading and signing ----------------------------------------------------------------------
    def _show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setAccessibleName(text)
        self.message.setObjectName("inlineError" if error else "inlineInfo")
        repolish(self.message)
        self.message.show()

    def _background(self, work, done) -> BackgroundOp | None:
        """Build or store the pack in the background (half a second or more): the window stays
        responsive; the buttons wait until it is done."""
        case_id = self.context.case_id()
        if case_id is None or self.working is not None:
            return None
        # Said on the buttons and by the cursor: a message line would lay the whole page out again.
        for button in self.buttons():
            button.setEnabled(False)
            button.setAccessibleDescription(_("Making the agreement…"))
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self.working = BackgroundOp(self.context.session, lambda service, _progress: work(service, case_id),
                                    owner=self).success(done).failure(self._failed)
        self.working.finished.connect(self._worked)
        self.working.finished.connect(QGuiApplication.restoreOverrideCursor)  # also if the page has gone
        return self.working.start(initiator=self)

    def _worked(self) -> None:
        self.working = None
        ready = not self.missing_items
        for button in self.buttons():
            button.setEnabled(ready)
            button.setAccessibleDescription("")

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, agreement.AgreementNotReady):
            self._show_message(_("The agreement is not ready to sign yet: see what is still needed above."),
                               error=True)
        else:
            self._show_message(error_text(exc), error=True)

    def buttons(self) -> tuple[TrButton, ...]:
        return self.read_button, self.sign_button, self.advisor_button

    def read_together(self, *, show: bool = True) -> BackgroundOp | None:
        """The pack for the family to read (``self.reading`` once it is made), handed over to
        them (family mode) unless ``show`` is False."""
        return self._background(agreement.pack_to_read, lambda made: self._open_reading(*made, show=show))

    def _open_reading(self, pdf: bytes, title: str, *, show: bool) -> None:
        from advisor_app.ui.stages.agreement.reading import ReadingView

        self.reading = ReadingView(pdf, title)
        self.reading.destroyed.connect(lambda *_a: setattr(self, "reading", None))
        self.reading.signRequested.connect(lambda: self.start_signing())
        if show:
            self.context.hand_over(self.reading)

    def start_signing(self, *, show: bool = True, family: bool = True) -> BackgroundOp | None:
        """Signing (``self.signing`` once the version to sign is ready: made and stored now if the
        case changed since the last one): the family's boxes, handed over to them (family mode);
        or the advisor's own (``family=False``, here on the advisor's screen)."""
        return self._background(agreement.start_signing,
                                lambda version: self._open_signing(version, show=show, family=family))

    def sign_as_advisor(self, *, show: bool = True) -> BackgroundOp | None:
        return self.start_signing(show=show, family=False)

    def _open_signing(self, version, *, show: bool, family: bool) -> None:
        from advisor_app.ui.stages.agreement.signing import SigningScreen

        self.signing = screen = SigningScreen(self.context.session, self.context.case_id(), version, family=family)
        screen.destroyed.connect(lambda *_a: setattr(self, "signing", None))
        screen.signed.connect(self._signed)
        if not show:
            return
        if family:
            self.context.hand_over(screen)
        else:
            self._advisor_signing(screen)

    def _advisor_signing(self, screen) -> None:
        """The advisor's own signature, over the whole window, on the advisor's screen."""
        from PySide6.QtWidgets import QDialog, QVBoxLayout

        dialog = QDialog(self)
        dialog.setWindowTitle(_("Signing the agreement"))
        layout = QVBoxLayout(dialog)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(screen)
        screen.finished.connect(dialog.accept)
        dialog.finished.connect(lambda _r: (dialog.deleteLater(), self.advisor_button.setFocus()))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.showMaximized()
        screen.focus_first()

    def _signed(self, _sha: str, name: str) -> None:
        self.signed_today.append(name)
        self._show_message(_("Signed today by {names}.", names=", ".join(self.signed_today)))
