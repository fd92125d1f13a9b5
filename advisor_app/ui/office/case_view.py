"""A case as the office reads it: the journey down the left (each stage with how complete it is) and
the advisor's own stage page on the right, read-only, from the office's copy of the case
(``office/case_reader.py``). Nothing here writes: a case is changed on its advisor's laptop."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from advisor_app.domain.journey import Stage
from advisor_app.domain.messages import N_
from advisor_app.i18n import _
from advisor_app.office.case_reader import ReadOnlyCase
from advisor_app.ui.screens.workspace.navigator import Navigator
from advisor_app.ui.screens.workspace.pages import StagePages
from advisor_app.ui.session import Session
from advisor_app.ui.stages import PAGES, StageContext, StagePage
from advisor_app.ui.theme import repolish
from advisor_app.ui.widgets.read_only import make_read_only
from advisor_app.ui.widgets.text import TrLabel

READ_ONLY_WORDS = N_("The office reads cases here; they are changed on the advisor's laptop.")


class ReadOnlySession(Session):
    """The session the advisor's pages ask for their service: over the case's read-only copy."""

    def __init__(self, opened: ReadOnlyCase):
        super().__init__(Path(":memory:"))
        self._service = opened.service


class OfficeCaseView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.opened: ReadOnlyCase | None = None
        self.session: ReadOnlySession | None = None
        self.current_stage: Stage | None = None
        self.pages = StagePages(self._build_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.title = QLabel()
        self.title.setObjectName("subheading")
        self.title.setWordWrap(True)
        self.lead = QLabel()
        self.lead.setObjectName("hint")
        self.lead.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.title)
        layout.addWidget(self.lead)
        layout.addWidget(self.message)
        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        nav = QWidget()
        nav_layout = QVBoxLayout(nav)
        nav_layout.setContentsMargins(0, 0, 0, 0)
        self.navigator = Navigator()
        nav_layout.addWidget(TrLabel(N_("The &journey"), object_name="fieldLabel", buddy=self.navigator))
        nav_layout.addWidget(self.navigator, 1)
        self.navigator.stageChosen.connect(self.show_stage)
        self.stack = QStackedWidget()
        splitter.addWidget(nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([230, 700])
        layout.addWidget(splitter, 1)
        self.retranslate_self()

    # -- the case ---------------------------------------------------------------------------------------
    def show_case(self, opened: ReadOnlyCase, lead: list[str], stage: Stage | None = None) -> None:
        self.clear()
        self.opened = opened
        self.session = ReadOnlySession(opened)
        header = opened.view.header
        self.title.setText(_("{reference}: {name}", reference=header.reference,
                             name=header.person_name or _("Name not known yet")))
        self.lead.setText("\n".join([*lead, _(READ_ONLY_WORDS)]))
        self.navigator.update_view(opened.view)
        target = stage if stage in self.pages else header.stage
        if target not in self.pages:
            target = next(iter(self.pages))
        self.show_stage(target)

    def clear(self) -> None:
        """Forget the case: its pages, its copy."""
        for page in self.pages.values():
            self.stack.removeWidget(page)
            page.hide()
            page.setParent(None)
            page.deleteLater()
        self.pages.clear()
        self.current_stage = None
        if self.opened is not None:
            self.opened.close()
        self.opened = self.session = None
        self.title.clear()
        self.lead.clear()
        self.message.hide()
        self.navigator.update_view(None)

    def _build_page(self, stage: Stage) -> StagePage:
        if self.opened is None:
            raise KeyError(stage)
        opened = self.opened
        context = StageContext(
            close_case=lambda: None, reopen_case=lambda: None, show_message=self.show_message,
            open_stage=lambda target, tab=None: self.show_stage(target, tab),
            service=lambda: opened.service, case_id=lambda: opened.case_id, run=self._refuse, session=self.session)
        page = PAGES[stage](context)
        self.stack.addWidget(page)
        page.load(opened.view)
        make_read_only(page)
        return page

    def _refuse(self, _work: Any, initiator: object = None) -> None:
        self.show_message(_(READ_ONLY_WORDS))
        return None

    def show_stage(self, stage: Stage, tab: int | None = None) -> None:
        if self.opened is None or stage not in self.pages:
            return
        self.current_stage = stage
        page = self.pages[stage]
        self.stack.setCurrentWidget(page)
        self.navigator.select(stage)
        if tab is not None:
            page.show_tab(tab)

    def page(self) -> StagePage | None:
        return self.pages[self.current_stage] if self.current_stage is not None else None

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setObjectName("inlineError" if error else "inlineInfo")
        repolish(self.message)
        self.message.setText(text)
        self.message.show()

    def retranslate_self(self) -> None:
        self.navigator.setAccessibleName(_("The case's stages, read-only"))
