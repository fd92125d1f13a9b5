"""Stage 7, costing and proposal: the case priced live, against the budget, kept as versions.

The price is the services' (``services.costing.price_sections``) for the saved case and the
costing choices as they are on screen, worked out again whenever a choice changes or the page
is shown (the design is edited on another page). The budget bar, the breakdown and the totals
show that one ``CaseQuote``; nothing is added up here. Proposals are saved, offered, accepted,
declined and compared through the services, whose plain reasons are shown inline.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain.journey import Stage
from advisor_app.domain.messages import N_
from advisor_app.domain.proposals import (
    COSTING_SECTION,
    CostingMode,
    CostingOptions,
    Proposal,
    ProposalStatus,
    parse_proposals,
    pounds,
    why_not_accept,
)
from advisor_app.domain.service_design import ServiceDesign, component_name
from advisor_app.domain.validation import validate
from advisor_app.i18n import _
from advisor_app.services import CaseView
from advisor_app.services import costing
from advisor_app.services.errors import error_text, is_plain
from advisor_app.ui.operations import BackgroundOp
from advisor_app.ui.stages.base import StageContext, StagePage
from advisor_app.ui.stages.costing_breakdown import BreakdownView
from advisor_app.ui.stages.costing_options import OptionsPanel, function_options
from advisor_app.ui.stages.costing_proposals import AcceptDialog, CompareDialog, ProposalsPanel
from advisor_app.ui.theme import repolish
from advisor_app.ui.widgets.budget_bar import BudgetBarWidget, headline
from advisor_app.ui.widgets.forms import FormSection, scroll_page
from advisor_app.ui.widgets.pdf_preview import PdfPreviewDialog
from advisor_app.ui.widgets.text import TrButton, TrLabel

log = logging.getLogger(__name__)

BREAKDOWN_TAB, OPTIONS_TAB, PROPOSALS_TAB = range(3)
FIRST_MEETINGS_FUNDING_TAB = 2
_COMPONENT = re.compile(r"^service_design\.components\.(\d+)")
_FUNCTION = re.compile(r"^costing\.functions\.(\d+)")


class BudgetPanel(QFrame):
    """The budget check, always in view: under or over and by how much, the bar, and in the
    work-back view the management support the budget affords."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("panel")
        outer = QHBoxLayout(self)
        outer.setContentsMargins(20, 12, 20, 12)
        left = QVBoxLayout()
        left.setSpacing(6)
        top = QHBoxLayout()
        top.setSpacing(16)
        self.headline = QLabel()
        self.headline.setObjectName("budgetHeadline")
        self.headline.setWordWrap(True)
        top.addWidget(self.headline, 1)
        self.first_year = QLabel()
        self.first_year.setObjectName("budgetFigures")
        self.first_year.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.first_year)
        left.addLayout(top)
        self.bar = BudgetBarWidget()
        left.addWidget(self.bar)
        self.weekly = QLabel()
        self.weekly.setObjectName("hint")
        self.weekly.setWordWrap(True)
        left.addWidget(self.weekly)
        self.record_funding = TrButton(N_("Record the &funding"), flat=True)
        row = QHBoxLayout()
        row.addWidget(self.record_funding)
        row.addStretch(1)
        left.addLayout(row)
        self.affords_box = QFrame()
        self.affords_box.setObjectName("affords")
        box = QVBoxLayout(self.affords_box)
        box.setContentsMargins(16, 10, 16, 10)
        box.setSpacing(4)
        self.affords = QLabel()
        self.affords.setObjectName("affordsHours")
        self.affords.setWordWrap(True)
        box.addWidget(self.affords)
        self.affords_hint = QLabel()
        self.affords_hint.setObjectName("hint")
        self.affords_hint.setWordWrap(True)
        box.addWidget(self.affords_hint)
        left.addWidget(self.affords_box)
        outer.addLayout(left, 1)

    def show_quote(self, priced: costing.CaseQuote | None, *, anything: bool = True) -> None:
        """Show the budget check of ``priced``; ``anything``: the design has something to price."""
        quote = priced.quote if priced is not None else None
        bar = priced.budget if priced is not None and anything else None
        words = [_(w) for w in priced.budget_words()] if priced is not None else []
        if quote is None or not anything:
            self.headline.setText(_("Nothing to price yet"))
            self.headline.setProperty("state", "none")
        elif bar is None:
            self.headline.setText(_("No budget recorded yet"))
            self.headline.setProperty("state", "none")
        else:
            self.headline.setText(headline(bar))
            self.headline.setProperty("state", bar.status)
        repolish(self.headline)
        self.headline.setAccessibleName(self.headline.text())
        if quote is not None and anything:
            self.first_year.setText(_("The first year: {money}", money=pounds(quote.first_year_total)))
        else:
            self.first_year.clear()
        self.first_year.setAccessibleName(self.first_year.text())
        self.first_year.setVisible(bool(self.first_year.text()))
        self.bar.set_bar(bar, " ".join(words))
        self.bar.setVisible(bar is not None)
        if bar is not None:
            self.weekly.setText(_("A week of on-going support costs {week}. The budget is about {budget} a week.",
                                  week=pounds(bar.weekly_ongoing), budget=pounds(bar.weekly_budget)))
        else:
            self.weekly.setText(" ".join(words[:1]))  # the budget, or that none is recorded
        self.weekly.setVisible(bool(self.weekly.text()))
        self.record_funding.setVisible(priced is not None and priced.quote is not None
                                       and priced.quote.budget is None)

        fitting = quote is not None and anything and quote.mode == CostingMode.FIT.value
        self.affords_box.setVisible(fitting)
        if fitting:
            hours = quote.management_hours_affordable
            if hours is None:
                self.affords.setText(_("The budget does not stretch to any management support"))
                self.affords_hint.setText(" ".join(words[3:]))
            else:
                self.affords.setText(_("The budget affords up to {hours} hours of management support a year",
                                       hours=hours))
                self.affords_hint.setText(_("The face-to-face support is costed first, with our charges. What is "
                                            "left pays for management support. The family, or a team they "
                                            "organise, can do some of the rest."))
            self.affords.setAccessibleName(self.affords.text())
        self.setAccessibleName(_("Budget check"))
        self.setAccessibleDescription(" ".join(words))


class ProblemsBox(QFrame):
    """What is left out of the price until it is finished, in plain words, with where to fix it."""

    def __init__(self, go: Callable[[str], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("problems")
        self._go = go
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(6)
        self.title = QLabel()
        self.title.setObjectName("problemsTitle")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.text)
        row = QHBoxLayout()
        row.setSpacing(8)
        self.buttons: dict[str, TrButton] = {
            "service_design": TrButton(N_("Go to the service design")),
            "funding": TrButton(N_("Go to the funding")),
            "costing": TrButton(N_("Go to the choices")),
        }
        for target, button in self.buttons.items():
            button.clicked.connect(lambda _c=False, t=target: self._go(t))
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.problems: list[tuple[str, str]] = []

    def show_problems(self, problems: list[tuple[str, str, str]], unpriced: tuple[str, ...]) -> None:
        """``problems``: (target, where, message) with target "service_design", "funding" or "costing"."""
        self.problems = [(where, message) for _t, where, message in problems]
        self.setVisible(bool(problems))
        if not problems:
            return
        if unpriced:
            self.title.setText(_("Not in the price yet: {parts}", parts=", ".join(unpriced)))
        else:
            self.title.setText(_("Before this can be a proposal"))
        lines = [f"\u2022 {where}: {message}" if where else f"\u2022 {message}" for _t, where, message in problems]
        self.text.setText("\n".join(lines))
        self.setAccessibleName(self.title.text())
        self.setAccessibleDescription(" ".join(lines))
        targets = {t for t, _w, _m in problems}
        for target, button in self.buttons.items():
            button.setVisible(target in targets)


class CostingPage(StagePage):
    stage = Stage.COSTING

    def __init__(self, context: StageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.form = FormSection(COSTING_SECTION, self)
        self.view: CaseView | None = None
        self.priced: costing.CaseQuote | None = None
        self._good_options: CostingOptions | None = None
        self._dialog: QDialog | None = None  # the dialog open now (compare, accept, preview)
        self._making: BackgroundOp | None = None  # the quote being made
        self._stale = True
        self._reprice_timer = QTimer(self)
        self._reprice_timer.setSingleShot(True)
        self._reprice_timer.setInterval(0)
        self._reprice_timer.timeout.connect(self.reprice)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 8, 0, 0)
        outer.setSpacing(0)
        self.budget = BudgetPanel()
        self.budget.record_funding.clicked.connect(lambda: self.go_to("funding"))

        # Each tab scrolls as one page, the budget check at its top (it moves to the tab shown): on
        # a laptop's screen nothing stays fixed above the table, and the table has no scroll box of
        # its own.
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().setExpanding(False)
        self._tab_titles = (N_("What it costs"), N_("Choices for the price"), N_("Proposals"))
        self._tops: list[QVBoxLayout] = []
        self.tabs.addTab(self._with_budget(self._breakdown_tab(), max_width=4000), "")
        self.options = OptionsPanel(self.form, functions=self._function_choices, components=self._component_choices)
        self.tabs.addTab(self._with_budget(self.options, max_width=860), "")
        self.proposals = ProposalsPanel()
        self.tabs.addTab(self._with_budget(self.proposals, max_width=980), "")
        self.tabs.currentChanged.connect(self._budget_to)
        self._budget_to(0)
        outer.addWidget(self.tabs, 1)

        self.form.edited.connect(self._reprice_timer.start)
        self.proposals.saveRequested.connect(self.save_version)
        self.proposals.offerRequested.connect(self.offer)
        self.proposals.acceptRequested.connect(self.accept)
        self.proposals.declineRequested.connect(self.decline)
        self.proposals.compareRequested.connect(self.compare)
        self.proposals.previewRequested.connect(self.preview_quote)
        self.retranslate_self()

    def _with_budget(self, content: QWidget, *, max_width: int) -> QWidget:
        """A tab's page: the budget check (when this tab is shown), then ``content``, scrolling."""
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        layout.addWidget(content)
        self._tops.append(layout)
        area = scroll_page(column, max_width=max_width)
        area.widget().layout().setContentsMargins(24, 12, 24, 24)
        return area

    def _budget_to(self, index: int) -> None:
        if 0 <= index < len(self._tops):
            self._tops[index].insertWidget(0, self.budget)

    def _breakdown_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        top = QHBoxLayout()
        top.setSpacing(16)
        self.lead = TrLabel(N_("What each part of the support costs. Our charges are shown openly: each is a share "
                               "of the direct cost, already in the price."), object_name="lead")
        top.addWidget(self.lead, 1)
        self.mode_badge = QLabel()
        self.mode_badge.setObjectName("badge")
        top.addWidget(self.mode_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(top)
        self.stale_note = TrLabel(N_("Some choices need checking (see “Choices for the price”), so the price uses "
                                     "the last complete choices."), object_name="inlineInfo")
        self.stale_note.hide()
        layout.addWidget(self.stale_note)
        self.problems = ProblemsBox(self.go_to)
        self.problems.hide()
        layout.addWidget(self.problems)
        self.empty = TrLabel(N_("Nothing to price yet. Choose the parts of support in the service design, and their "
                                "price appears here."), object_name="lead")
        self.empty.hide()
        layout.addWidget(self.empty)
        self.table = BreakdownView()
        self.table.setAccessibleName(_("What it costs, line by line"))
        layout.addWidget(self.table)
        layout.addStretch(1)
        return tab

    # -- the case, read --------------------------------------------------------------------------
    def forms(self) -> list[FormSection]:
        return [self.form]

    def load(self, view: CaseView) -> None:
        self.view = view
        super().load(view)

    def refresh(self, view: CaseView) -> None:
        self.view = view
        self.options.update_components()
        self._refresh_proposals()
        if self.isVisible():
            self.reprice()
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if self._stale:
            self.reprice()

    def _sections(self) -> dict[str, Any]:
        return self.view.data() if self.view is not None else {}

    def person_name(self) -> str:
        person = self._sections().get("person") or {}
        return (person.get("preferred_name") or person.get("first_name") or "").strip() or _("The person")

    def _design(self) -> ServiceDesign | None:
        return validate(ServiceDesign, self._sections().get("service_design") or {}).value

    def _component_choices(self) -> list[tuple[str, Callable[[], str]]]:
        """The parts of the design, by name (told apart by the advisor's note when two share one)."""
        design = self._design()
        if design is None:
            return []
        menu = costing.menu()
        names = [component_name(c, menu) for c in design.components]
        out = []
        for chosen, name in zip(design.components, names):
            label = name
            note = (chosen.notes.strip().splitlines() or [""])[0].strip()
            if names.count(name) > 1 and note:
                label = f"{name}: {note if len(note) <= 50 else note[:49].rstrip() + '…'}"
            out.append((chosen.id, lambda text=label: text))
        return out

    def _function_choices(self) -> list[tuple[str, Callable[[], str]]]:
        return function_options(costing.provider().optional_functions)

    # -- pricing -----------------------------------------------------------------------------------
    def _options(self) -> CostingOptions:
        """The choices on screen when they are complete, else the last complete ones."""
        result = validate(CostingOptions, self.form.data())
        if result.ok:
            self._good_options = result.value
            self.stale_note.hide()
            return result.value
        self.stale_note.show()
        if self._good_options is None:
            saved = validate(CostingOptions, self._sections().get(COSTING_SECTION) or {})
            self._good_options = saved.value or CostingOptions()
        return self._good_options

    def reprice(self) -> None:
        self._reprice_timer.stop()
        if self.view is None:
            return
        self._stale = False
        self.priced = priced = costing.price_sections(self._sections(), self._options())
        quote = priced.quote
        has_lines = quote is not None and any(line.part != "contingency" for line in quote.lines)
        self.budget.show_quote(priced, anything=has_lines)
        self.table.set_quote(quote, priced.part, self.person_name())
        self.table.setVisible(has_lines)
        self.empty.setVisible(not has_lines and not priced.problems)
        self.mode_badge.setText(_("Worked back from the budget") if quote is not None and quote.mode == CostingMode.FIT
                                else _("Priced as designed"))
        self.mode_badge.setAccessibleName(self.mode_badge.text())
        self.mode_badge.setVisible(has_lines)
        self.problems.show_problems(self._problem_rows(priced.problems), priced.unpriced)
        if self.options.pricing.set_choices(priced.choices):
            self.fix_tab_order()
        self._show_price_now()

    def _problem_rows(self, problems: dict[str, str]) -> list[tuple[str, str, str]]:
        """Each problem as (where to fix it, which part, the message)."""
        design = self._design()
        menu = costing.menu()
        functions = self.form.data().get("functions") or []
        rows = []
        for path, message in problems.items():
            where = ""
            if path.startswith("service_design"):
                target = "service_design"
                match = _COMPONENT.match(path)
                if match and design is not None and int(match.group(1)) < len(design.components):
                    where = component_name(design.components[int(match.group(1))], menu)
            elif path.startswith("funding"):
                target = "funding"
            else:
                target = "costing"
                match = _FUNCTION.match(path)
                if match and int(match.group(1)) < len(functions):
                    where = functions[int(match.group(1))].get("function") or ""
            rows.append((target, where, _(message)))
        return rows

    def go_to(self, target: str) -> None:
        if target == "service_design":
            self.context.open_stage(Stage.SERVICE_DESIGN)
        elif target == "funding":
            self.context.open_stage(Stage.FIRST_MEETINGS, FIRST_MEETINGS_FUNDING_TAB)
        else:
            self.tabs.setCurrentIndex(OPTIONS_TAB)
            self.focus_first_problem() or self.options.functions.focus()

    # -- proposals ---------------------------------------------------------------------------------
    def _proposal_list(self) -> list[Proposal]:
        return parse_proposals(self._sections().get("proposal"))[0]

    def name_of(self, acceptor: str) -> str:
        """Who accepted, by name: the person, or someone in the circle."""
        sections = self._sections()
        if acceptor == "person":
            person = sections.get("person") or {}
            name = " ".join(p for p in ((person.get("first_name") or "").strip(),
                                        (person.get("last_name") or "").strip()) if p)
            return name or _("the person")
        for member in (sections.get("circle") or {}).get("members") or []:
            if member.get("id") == acceptor:
                name = (member.get("name") or "").strip() or _("someone in the circle")
                relationship = (member.get("relationship") or "").strip()
                return _("{name} ({relationship})", name=name, relationship=relationship) if relationship else name
        return _("someone in the circle")

    def _refresh_proposals(self, select: str | None = None) -> None:
        proposals = self._proposal_list()
        self.proposals.set_proposals(proposals, self.name_of, select=select)
        self.tabs.setTabText(PROPOSALS_TAB, _("Proposals ({n})", n=len(proposals)) if proposals else _("Proposals"))
        self._show_price_now()

    def _same_as(self) -> Proposal | None:
        """The newest draft when it holds exactly the price on screen (so saving again adds nothing)."""
        priced = self.priced
        if priced is None or priced.costing is None:
            return None
        drafts = [p for p in self._proposal_list() if p.status == ProposalStatus.DRAFT]
        newest = drafts[-1] if drafts else None
        if newest is not None and newest.costing == priced.costing and newest.options == priced.options:
            return newest
        return None

    def _show_price_now(self) -> None:
        priced = self.priced
        if priced is None or priced.quote is None:
            text = _("Nothing to price yet.")
        elif not priced.complete:
            text = _("The price on screen leaves out parts that are not finished, so it cannot be saved as a version "
                     "yet. See “What it costs”.")
        else:
            text = _("The price on screen: {total} in the first year.", total=pounds(priced.quote.first_year_total))
            same = self._same_as()
            if same is not None:
                text += " " + _("Proposal {n} already has this price.", n=same.number)
        self.proposals.price_now.setText(text)
        self.proposals.price_now.setAccessibleName(text)

    def _service(self) -> Any:
        if self.context.service is None:
            raise RuntimeError("The costing page needs the service from the workspace")
        return self.context.service()

    def _case_id(self) -> str:
        case_id = self.context.case_id()
        if case_id is None:
            raise RuntimeError("No case is open")
        return case_id

    def _after(self, result: costing.ProposalResult, done: str, select: str | None = None) -> bool:
        """Show the outcome of a move (the workspace has refreshed what it changed), or the
        services' reason."""
        if not result.ok:
            self.proposals.show_message(self._reason(result.errors), error=True)
            return False
        chosen = select or (result.proposal.id if result.proposal else None)
        self._refresh_proposals(select=chosen)
        self.proposals.show_message(done)
        return True

    def _reason(self, errors: dict[str, str]) -> str:
        if "_proposal" in errors or "_conflict" in errors or "accepted_by" in errors:
            message = errors.get("_proposal") or errors.get("accepted_by") or errors.get("_conflict") or ""
            return _(message)
        rows = self._problem_rows(errors)
        lines = [_("This price cannot be saved as a version yet:")]
        lines += [f"\u2022 {where}: {message}" if where else f"\u2022 {message}" for _t, where, message in rows]
        return "\n".join(lines)

    def save_key(self) -> None:
        """Ctrl+S on this page: what is waiting is saved, then the price as a new version."""
        self.save_version()

    def save_version(self) -> None:
        self.tabs.setCurrentIndex(PROPOSALS_TAB)
        self.reprice()
        same = self._same_as()
        if same is not None:
            self.proposals.select(same.id)
            self.proposals.show_message(_("Proposal {n} already has this price and these choices, so there is nothing "
                                          "new to save. Change something first, or offer proposal {n}.", n=same.number))
            self.proposals.offer_button.setFocus()
            return
        if not validate(CostingOptions, self.form.data()).ok:
            self.proposals.show_message(_("Some choices for the price need checking first (they are highlighted "
                                          "under “Choices for the price”)."), error=True)
            return
        notes = self.proposals.notes.text().strip()
        options = self._options()
        case_id = self._case_id()
        result = self.context.run(lambda service: costing.save_proposal(service, case_id, options, notes=notes),
                                  initiator=self)
        if result.ok and result.proposal is not None:
            self.proposals.notes.clear()
            number = result.proposal.number
            self._after(result, _("Saved as proposal {n}, a draft. Offer it to the family when it is right.",
                                  n=number))
            self.proposals.offer_button.setFocus()
        else:
            self._after(result, "")

    def _current(self) -> Proposal | None:
        proposal = self.proposals.current()
        if proposal is None:
            self.proposals.show_message(_("Please choose a version first."), error=True)
        return proposal

    def offer(self) -> None:
        proposal = self._current()
        if proposal is None:
            return
        case_id = self._case_id()
        result = self.context.run(lambda service: costing.offer(service, case_id, proposal.id), initiator=self)
        self._after(result, _("Proposal {n} is offered to the family.", n=proposal.number), select=proposal.id)

    def decline(self) -> None:
        proposal = self._current()
        if proposal is None:
            return
        case_id = self._case_id()
        result = self.context.run(lambda service: costing.decline(service, case_id, proposal.id), initiator=self)
        self._after(result, _("Recorded that the family said no to proposal {n}. Make a new version when you have "
                              "talked it through.", n=proposal.number), select=proposal.id)

    def accept(self) -> QDialog | None:
        """Choose who accepted, in a small dialog; a proposal that cannot be accepted says why here."""
        proposal = self._current()
        if proposal is None:
            return None
        reason = why_not_accept(proposal)
        if reason:
            self.proposals.show_message(_(reason), error=True)
            return None
        service, case_id = self._service(), self._case_id()
        acceptors = costing.who_can_accept(service, case_id)
        outcome: dict[str, Any] = {}

        def submit(acceptor: str) -> str | None:
            result = self.context.run(lambda service: costing.accept(service, case_id, proposal.id, acceptor),
                                      initiator=self)
            if not result.ok:
                return self._reason(result.errors)
            outcome["result"] = result
            outcome["name"] = self.name_of(acceptor)
            return None

        dialog = AcceptDialog(proposal.number, acceptors, submit, self)
        self._dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted and "result" in outcome:
            self._after(outcome["result"], _("Proposal {n} is accepted by {name}.", n=proposal.number,
                                             name=outcome["name"]), select=proposal.id)
        dialog.deleteLater()
        self._dialog = None
        self.proposals.accept_button.setFocus()
        return dialog

    def compare(self) -> None:
        proposal = self._current()
        if proposal is None:
            return
        proposals = self._proposal_list()
        if len(proposals) < 2:
            self.proposals.show_message(_("There is only one version, so there is nothing to compare it with."),
                                        error=True)
            return
        index = next(i for i, p in enumerate(proposals) if p.id == proposal.id)
        other = proposals[index - 1] if index > 0 else proposals[1]
        before, after = (other, proposal) if other.number < proposal.number else (proposal, other)
        service, case_id = self._service(), self._case_id()
        dialog = CompareDialog(proposals, lambda a, b: costing.compare_proposals(service, case_id, a, b),
                               before.id, after.id, self)
        self._dialog = dialog
        dialog.exec()
        dialog.deleteLater()
        self._dialog = None
        self.proposals.compare_button.setFocus()

    def preview_quote(self) -> BackgroundOp | None:
        proposal = self._current()
        if proposal is None:
            return
        if self._making is not None:
            return None
        case_id = self._case_id()
        self.proposals.show_message(_("Making the quote…"))
        self._making = BackgroundOp(self.context.session,
                                    lambda service, _progress: costing.make_quote(service, case_id, proposal.id),
                                    owner=self).success(lambda pdf: self._show_quote(pdf, proposal)) \
            .failure(self._quote_failed)
        self._making.finished.connect(self._quote_ended)
        return self._making.start(initiator=self)

    def _quote_failed(self, exc: BaseException) -> None:
        if not is_plain(exc):  # not a plain reason (not ready yet): the details go to the log
            log.error("The quote could not be made", exc_info=(type(exc), exc, exc.__traceback__))
        self.proposals.show_message(error_text(exc), error=True)

    def _quote_ended(self) -> None:
        self._making = None

    def _show_quote(self, pdf: bytes, proposal: Proposal) -> None:
        self.proposals.message.hide()
        case_id = self._case_id()

        def save() -> str:
            record = self.context.run(lambda service: costing.save_quote(service, case_id, proposal.id),
                                      initiator=self)
            return _("Saved to the case as quote version {n}.", n=record.version)

        dialog = PdfPreviewDialog(pdf, _("Quote for proposal {n}", n=proposal.number),
                                  lead=_("This is how the family will see it. Nothing is kept until you save it."),
                                  save=save, parent=self)
        self._dialog = dialog
        dialog.exec()
        if dialog.saved_text:
            self.proposals.show_message(dialog.saved_text)
        dialog.deleteLater()
        self._dialog = None
        self.proposals.preview_button.setFocus()

    # -- the page ----------------------------------------------------------------------------------
    def focus_first(self) -> None:
        if self.tabs.currentIndex() == BREAKDOWN_TAB:
            self.table.setFocus()
        elif self.tabs.currentIndex() == PROPOSALS_TAB:
            self.proposals.table.setFocus() if self.proposals.table.isVisible() else self.proposals.notes.setFocus()
        else:
            self.options.mode.focus()

    def reveal(self, widget: QWidget) -> None:
        for index in range(self.tabs.count()):
            if self.tabs.widget(index).isAncestorOf(widget):
                self.tabs.setCurrentIndex(index)
                return

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)

    def retranslate_self(self) -> None:
        for index, title in enumerate(self._tab_titles):
            self.tabs.setTabText(index, _(title))
        if self.view is not None:
            self._refresh_proposals()
            self.reprice()
