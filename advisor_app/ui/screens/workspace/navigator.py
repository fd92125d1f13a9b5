"""The journey navigator: every stage with its completeness; stages not built yet are disabled."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from advisor_app.domain import journey
from advisor_app.domain.journey import Stage
from advisor_app.i18n import _
from advisor_app.services import CaseView
from advisor_app.ui.stages import has_page
from advisor_app.ui.widgets.stage_list import COMPLETE_ROLE, HERE_ROLE, STATUS_ROLE, TITLE_ROLE, StageDelegate

STAGE_ROLE = Qt.ItemDataRole.UserRole + 1
TICK = "\u2713"


def completeness_text(view: CaseView | None, stage: Stage) -> str:
    if not has_page(stage) or not journey.is_built(stage):
        return _("Coming soon")
    done = view.completeness(stage) if view is not None else None
    if done is None:
        return ""
    if done.complete:
        return f"{TICK} " + _("Complete")
    return _("{done} of {total} done", done=done.done, total=done.total)


class Navigator(QListWidget):
    """Every stage of the journey with its completeness; stages not built yet are disabled."""

    stageChosen = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("navigator")
        self.setSpacing(0)
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setItemDelegate(StageDelegate(self))
        self.setMouseTracking(True)
        for info in journey.STAGES:
            item = QListWidgetItem()
            item.setData(STAGE_ROLE, info.stage.value)
            self.addItem(item)
        self.itemActivated.connect(self._chosen)
        self.itemClicked.connect(self._chosen)
        self.currentItemChanged.connect(lambda item, _prev: self._chosen(item) if item else None)

    def _chosen(self, item: QListWidgetItem) -> None:
        if item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.stageChosen.emit(Stage(item.data(STAGE_ROLE)))

    def item_for(self, stage: Stage) -> QListWidgetItem:
        return self.item(journey.ORDER.index(stage))

    def select(self, stage: Stage) -> None:
        self.blockSignals(True)
        self.setCurrentItem(self.item_for(stage))
        self.blockSignals(False)

    def update_view(self, view: CaseView | None) -> None:
        here = view.header.stage if view is not None else None
        for number, info in enumerate(journey.STAGES, start=1):
            item = self.item_for(info.stage)
            built = has_page(info.stage) and journey.is_built(info.stage)
            status = completeness_text(view, info.stage)
            item.setText(f"{number}. {_(info.title)}\n{status}")
            item.setData(TITLE_ROLE, f"{number}. {_(info.title)}")
            item.setData(STATUS_ROLE, status)
            item.setData(HERE_ROLE, _("Here now") if info.stage == here else "")
            done = view.completeness(info.stage) if (view is not None and built) else None
            item.setData(COMPLETE_ROLE, bool(done and done.complete))
            flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled if built else Qt.ItemFlag.NoItemFlags
            item.setFlags(flags)
            item.setToolTip(_(info.summary) if built else _("Coming soon: {summary}", summary=_(info.summary)))
            spoken = f"{number}. {_(info.title)}: {status}"
            if info.stage == here:
                spoken += ". " + _("The case is at this stage.")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, spoken)
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, _(info.summary))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(self.fontMetrics().horizontalAdvance("0" * 30), 400)
