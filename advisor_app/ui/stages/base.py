"""What every stage page offers the case workspace, and how a stage registers its page.

A page owns one ``FormSection`` per saved section it edits. The workspace attaches those forms
to its autosaver and loads them from the ``CaseView``. After each operation (an autosave, a
proposal, a sync) it calls ``apply_changes``, which calls ``refresh`` when the change touches what
the page shows (``watches``), so the page can update what it derives (the funding total, who can
control the money). A page writes through ``context.run`` (an operation, ``ui/operations.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QTabWidget, QToolButton, QVBoxLayout, QWidget

from advisor_app.domain.journey import Stage
from advisor_app.services import CaseView
from advisor_app.services.changes import Changes
from advisor_app.ui.widgets.forms import FormSection, scroll_page
from advisor_app.ui.widgets.taborder import fix_tab_order
from advisor_app.ui.widgets.text import TextSource, resolve


@dataclass
class StageContext:
    """What a page may ask of the workspace. Never keeps the service itself."""

    close_case: Callable[[], None]
    reopen_case: Callable[[], None]
    show_message: Callable[[str], None]  # an inline message above the page
    open_stage: Callable[..., None] = lambda stage, tab=None: None  # go to another stage (and its tab)
    open_documents: Callable[..., None] = lambda kind=None: None  # the case's documents, at ``kind``
    # For a page that acts beyond its own sections (the costing stage: proposals, the quote).
    service: Callable[[], Any] | None = None  # the open store's service, asked for each time
    case_id: Callable[[], str | None] = lambda: None
    reload: Callable[[], None] = lambda: None  # everything is read again (for code not using ``run`` yet)
    # Run a write as an operation: ``context.run(lambda service: ..., initiator=self)`` returns
    # the service's result, and every screen refreshes what it changed.
    run: Callable[..., Any] = lambda work, initiator=None: None
    session: Any = None  # for a background operation (``BackgroundOp(context.session, ...)``)
    # Hand the laptop to the family with one of their views (reading together, signing): family
    # mode (ui/family), confined to that view until the advisor takes the laptop back.
    hand_over: Callable[[Any], None] = lambda view: None


class StagePage(QWidget):
    stage: Stage
    # What the page shows beyond its own forms' sections (entities: "case", "person", "proposal"...),
    # so it refreshes only when they change; None: it shows something of everything in the case.
    watches: ClassVar[frozenset[str] | None] = None

    def __init__(self, context: StageContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self._watched: set[int] = set()
        self.loaded = False

    def forms(self) -> list[FormSection]:
        raise NotImplementedError

    def load(self, view: CaseView) -> None:
        """Fill every form from the saved case (not an edit: nothing is saved)."""
        for form in self.forms():
            state = view.sections.get(form.name)
            form.load(state.data if state else None)
        self.refresh(view)
        self.loaded = True
        self.watch_structure()
        self.fix_tab_order()

    def watch_structure(self) -> None:
        """Fix the tab order whenever a list of records changes shape (also lists built later)."""
        for form in self.forms():
            for binding in form.bindings:
                structure = getattr(binding, "structureChanged", None)  # lists of records
                if structure is not None and id(binding) not in self._watched:
                    self._watched.add(id(binding))
                    structure.connect(self.fix_tab_order)

    def fix_tab_order(self) -> None:
        """Tab follows the page from top to bottom (also after a card is added or moved)."""
        fix_tab_order(self)

    def refresh(self, view: CaseView) -> None:
        """Update what the page derives from the saved case (after a save, a move, a close)."""

    def watched(self) -> frozenset[str] | None:
        if self.watches is None:
            return None
        return self.watches | {form.name for form in self.forms()}

    def apply_changes(self, view: CaseView, changes: Changes, initiator: object) -> None:
        """An operation changed the case (the workspace has read it again, and reloaded any form
        someone else changed): refresh what the page derives, if it shows what changed."""
        if changes.touches(view.id, self.watched()):
            self.refresh(view)

    def focus_first(self) -> None:
        for form in self.forms():
            for binding in form.bindings:
                if binding.row.isVisibleTo(self) and binding.control().focusPolicy():
                    binding.focus()
                    return

    def focus_first_problem(self) -> bool:
        for form in self.forms():
            invalid = form.first_invalid()
            if invalid is not None:
                self.reveal(invalid.row)
                invalid.focus()
                return True
        return False

    def reveal(self, widget: QWidget) -> None:
        """Make ``widget`` visible (e.g. switch to its tab). Pages with tabs override this."""

    def show_tab(self, index: int) -> None:
        """Show one part of the stage (pages with tabs override this)."""


PageFactory = Callable[[StageContext], StagePage]
PAGES: dict[Stage, PageFactory] = {}


def register_page(stage: Stage, factory: PageFactory) -> None:
    """Each built stage adds its page here (see ``ui/stages/__init__.py``)."""
    PAGES[stage] = factory


def has_page(stage: Stage) -> bool:
    return stage in PAGES


class TabbedStagePage(StagePage):
    """A stage in several parts, one tab each (Ctrl+Tab moves to the next part).

    ``add_tab`` takes the tab's content, or a function that builds it: such a tab is built the
    first time it is shown, so opening a case stays quick however much has been written. Until
    then its sections keep their saved data untouched (``FormSection`` keeps what no field
    shows); once built, its new fields are filled from it (``FormSection.load_new``) and
    ``tab_built(index)`` lets the page update what it derives.
    """

    def __init__(self, context: StageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().setExpanding(False)
        self.tabs.tabBar().setUsesScrollButtons(True)
        self.tabs.tabBar().setObjectName("stageTabs")
        for button in self.tabs.tabBar().findChildren(QToolButton):  # the arrow keys scroll the tabs
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._tab_titles: list[TextSource] = []
        self._builders: dict[int, Callable[[], QWidget]] = {}
        self._slots: dict[int, QWidget] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 8, 0, 0)
        outer.addWidget(self.tabs)
        self.tabs.currentChanged.connect(self.ensure_tab)

    def add_tab(self, content: QWidget | Callable[[], QWidget], title: TextSource, *,
                max_width: int = 860) -> QScrollArea:
        index = self.tabs.count()
        if isinstance(content, QWidget):
            area = scroll_page(content, max_width=max_width)
        else:
            slot = QWidget()
            layout = QVBoxLayout(slot)
            layout.setContentsMargins(0, 0, 0, 0)
            self._slots[index] = slot
            self._builders[index] = content
            area = scroll_page(slot, max_width=max_width)
        self.tabs.blockSignals(True)  # built when shown, not when added
        self.tabs.addTab(area, resolve(title))
        self.tabs.blockSignals(False)
        self._tab_titles.append(title)
        return area

    def is_tab_built(self, index: int) -> bool:
        return index not in self._builders

    def ensure_tab(self, index: int) -> None:
        builder = self._builders.pop(index, None)
        if builder is None:
            return
        content = builder()
        self._slots[index].layout().addWidget(content)
        if self._slots[index].isVisible():
            content.show()  # now, not after the event loop: the keyboard can go into it at once
        if self.loaded:
            for form in self.forms():
                form.load_new()
            self.watch_structure()
            self.tab_built(index)
            self.fix_tab_order()

    def tab_built(self, index: int) -> None:
        """A tab was built after the page was loaded: update what it shows from the case."""

    def load(self, view: CaseView) -> None:
        self.ensure_tab(self.tabs.currentIndex())
        super().load(view)

    def reveal(self, widget: QWidget) -> None:
        for index in range(self.tabs.count()):
            if self.tabs.widget(index).isAncestorOf(widget):
                self.tabs.setCurrentIndex(index)
                return

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)

    def retranslate_self(self) -> None:
        for index, title in enumerate(self._tab_titles):
            self.tabs.setTabText(index, resolve(title))
