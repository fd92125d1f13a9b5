"""What the risk stage's modules share: the status colours, the fourteen steps and where each
reason belongs, dates as words, and the field kinds the form needs beyond the common ones."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QWidget,
)

from advisor_app.domain.messages import N_
from advisor_app.domain.risk import (
    Status,
    Subject,
)
from advisor_app.i18n import _
from advisor_app.services import CaseView
from advisor_app.ui.widgets.fields import (
    Binding,
    TextAreaBinding,
    format_date,
)
from advisor_app.ui.widgets.forms import RecordList

SUBJECT_LABELS = {Subject.ACTIVITY: N_("A planned activity"), Subject.DECISION: N_("A decision")}
YES_NO = [(True, N_("Yes")), (False, N_("No"))]

# Status colours (background, text): words always go with the colour.
STATUS_COLOURS: dict[Status, tuple[str, str]] = {
    Status.DRAFT: ("#E6E9ED", "#2B333C"),
    Status.AWAITING_MANAGER: ("#DCE8F7", "#173E6B"),
    Status.NOT_APPROVED: ("#F3E1F0", "#5E1F55"),
    Status.APPROVED: ("#DDF0E2", "#17512A"),
    Status.REVIEW_DUE: ("#FCEBC8", "#6B4200"),
    Status.OVERDUE: ("#F9D7D5", "#8A1C16"),
}

# The steps of the form: title, and the field paths whose reasons belong to it.
STEPS: list[tuple[str, tuple[str, ...]]] = [
    (N_("What and who"), ("title", "serves", "assessed_on", "subject", "risk_description", "risks_identified",
                          "who_might_be_harmed")),
    (N_("Important to / for"), ("important_to", "important_for")),
    (N_("The 4+1 questions"), ("four_plus_one",)),
    (N_("Capacity and who decides"), ("capacity",)),
    (N_("Deprivation of liberty"), ("deprivation_of_liberty",)),
    (N_("Doing nothing"), ("doing_nothing", "benefit_vs_risk", "important_personal_goal", "safeguards")),
    (N_("Triggers and support measures"), ("triggers", "support_measures")),
    (N_("Residual risk"), ("residual_risk",)),
    (N_("Monitoring and success"), ("monitoring", "success_looks_like", "planned_review_on")),
    (N_("Assessors"), ("assessors", "person_has_keyworker")),
    (N_("Instructions to staff"), ("instructions_to_staff", "completed_by")),
    (N_("Consultation"), ("consultation",)),
    (N_("Reviews"), ("reviews",)),
    (N_("Send for the manager's decision"), ("sent_for_decision_at",)),
]
SEND_STEP = len(STEPS) - 1
REVIEW_STEP = len(STEPS) - 2


def step_of(path: str) -> int:
    top = path.split(".")[0]
    for index, (_title, paths) in enumerate(STEPS):
        if top in paths:
            return index
    return SEND_STEP


def status_pill_style(state: Status) -> str:
    bg, fg = STATUS_COLOURS.get(state, ("#E6E9ED", "#2B333C"))
    return f"QLabel {{ background: {bg}; color: {fg}; border-radius: 10px; padding: 3px 10px; font-weight: 600; }}"


def date_text(value: Any) -> str:
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    return format_date(value) if isinstance(value, dt.date) else ""


# -- field kinds the risk form needs -------------------------------------------------------------


class LinesBinding(TextAreaBinding):
    """A list of short lines, typed one per line."""

    def value(self) -> list[str]:
        return [line for line in self.edit.toPlainText().split("\n")]

    def _show(self, value: Any) -> None:
        super()._show("\n".join(value) if isinstance(value, list) else (value or ""))


class ServesBinding(Binding):
    """Which outcome of the support plan, or part of the service design, this serves."""

    def __init__(self, path: str, label: Any, *, hint: Any = None):
        super().__init__(path, label, hint=hint)
        self.combo = QComboBox()
        self.combo.setMinimumContentsLength(30)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._links: list[dict[str, Any] | None] = [None]
        self.combo.currentIndexChanged.connect(self._changed)
        self._build_row()

    def set_links(self, links: list[dict[str, Any]]) -> None:
        current = self.value()
        self._loading = True
        try:
            self._links = [None, *links]
            self._fill(current)
        finally:
            self._loading = False

    def _fill(self, current: dict[str, Any] | None) -> None:
        if current is not None and not any(l and l["id"] == current.get("id") for l in self._links):
            self._links.append(current)
        self.combo.clear()
        for link in self._links:
            if link is None:
                self.combo.addItem(_("Choose what it serves…"))
            else:
                kind = _("Outcome") if link.get("kind") == "outcome" else _("Support")
                self.combo.addItem(f"{kind}: {link.get('label') or ''}")
        index = next((i for i, l in enumerate(self._links) if l and current and l["id"] == current.get("id")), 0)
        self.combo.setCurrentIndex(index)

    def control(self) -> QWidget:
        return self.combo

    def value(self) -> Any:
        index = self.combo.currentIndex()
        return dict(self._links[index]) if 0 < index < len(self._links) and self._links[index] else None

    def _show(self, value: Any) -> None:
        self._fill(value if isinstance(value, dict) else None)


class PlainList(RecordList):
    """Records without an id of their own (support measures, assessors)."""

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("new_record", lambda: {})
        super().__init__(*args, **kwargs)

    def value(self) -> list[dict[str, Any]]:
        return [{k: v for k, v in d.items() if k != "id"} for d in super().value()]


def serves_links(view: CaseView | None) -> list[dict[str, Any]]:
    """The case's outcomes and parts of its support, as links an assessment can serve."""
    if view is None:
        return []
    links: list[dict[str, Any]] = []
    plan = view.sections.get("support_plan")
    for outcome in (plan.data.get("outcomes") or []) if plan else []:
        if isinstance(outcome, dict) and outcome.get("id"):
            links.append({"kind": "outcome", "id": outcome["id"],
                          "label": str(outcome.get("in_my_words") or "")[:200]})
    design = view.sections.get("service_design")
    for component in (design.data.get("components") or []) if design else []:
        if isinstance(component, dict) and component.get("id"):
            label = component.get("notes") or component.get("component_id") or ""
            links.append({"kind": "component", "id": component["id"], "label": str(label)[:200]})
    return links
