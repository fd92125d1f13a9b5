"""Working Together for Change at the office (``domain/themes.py`` has the method and its rules).

A workshop gathers the statements of the person-centred reviews held in its period, from every
case, de-identified unless people ask to see who said what; people group them into named themes
(suggested groups help), analyse them, agree actions, and send an easy-read report back: an office
message to the laptop of every case whose statements were used, which its advisor reads with the
family. Each change is an office act (``@requires``), written to the audit log with it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from advisor_app.domain import themes as rules
from advisor_app.domain.messages import N_, Msg
from advisor_app.domain.office_users import Action
from advisor_app.domain.themes import ActionPlan, Statement, SuggestedGroup, ThemeCount, ThemeDraft, WorkshopDraft
from advisor_app.domain.validation import validate
from advisor_app.domain.worklist import day_of
from advisor_app.i18n import _
from advisor_app.office import learning_store
from advisor_app.office.casebook import by_case
from advisor_app.office.service import OfficeError, OfficeService, requires
from advisor_app.sync.keys import b64

REVIEW_FIELDS = {"review": ("$.held_on", "$.working", "$.not_working", "$.important_now", "$.important_future",
                            "$.invited", "$.facilitator")}
NAME_FIELDS = {"person": ("$.first_name", "$.last_name", "$.preferred_name"), "circle": ("$.members",)}
NOTICE = "notice"  # the office message type of a report back (sync/device.py shows it to the advisor)
REPORT_BACK = "report-back"


def _today() -> dt.date:
    return dt.date.today()


def _problem(errors: dict[str, str], words: dict[str, str]) -> str:
    field_name, problem = next(iter(errors.items()))
    return _("{field}: {problem} Nothing was changed.", field=_(words.get(field_name, field_name)), problem=_(problem))


# ---- gathering ------------------------------------------------------------------------------------------


@requires(Action.READ)
def gather(service: OfficeService, period_from: dt.date, period_to: dt.date, *,
           identified: bool = False) -> list[Statement]:
    """Every statement of every review held from ``period_from`` to ``period_to`` (both days
    counted), de-identified unless ``identified``, in the order of the reviews and their lists."""
    names = by_case(service.casebook.fields(NAME_FIELDS))
    cases = {c["entity_id"]: c for c in service.store.case_list()}
    out: list[Statement] = []
    for _entity, case_id, review_id, values in sorted(service.casebook.fields(REVIEW_FIELDS),
                                                      key=lambda row: (str(row[3][0]), row[2])):
        held_on = day_of(values[0]) if values[0] else None
        case = cases.get(case_id)
        if held_on is None or not period_from <= held_on <= period_to or case is None:
            continue
        review = dict(zip(("held_on", "working", "not_working", "important_now", "important_future", "invited",
                           "facilitator"), values))
        person = next(({path.removeprefix("$."): value for path, value in zip(NAME_FIELDS["person"], row[3])}
                       for row in names.get(case_id, []) if row[0] == "person"), None)
        circle = next(({"members": row[3][0]} for row in names.get(case_id, []) if row[0] == "circle"), None)
        words = rules.name_words(rules.case_names(person, circle) + rules.review_names(review))
        header = case["data"]
        for said in rules.review_statements(review_id, review):
            out.append(Statement(said.key, case_id, said.kind, said.perspective,
                                 said.text if identified else rules.de_identify(said.text, words), held_on,
                                 case.get("device_name") or "", rules.postcode_area(str(header.get("postcode", "")))))
    return out


# ---- workshops -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Workshop:
    id: str
    title: str
    period_from: dt.date
    period_to: dt.date
    created_at: str
    created_by: str


def _workshop(row: dict[str, Any]) -> Workshop:
    return Workshop(row["id"], row["title"], dt.date.fromisoformat(row["period_from"]),
                    dt.date.fromisoformat(row["period_to"]), row["created_at"], row["created_by"])


@requires(Action.READ)
def workshops(service: OfficeService) -> list[Workshop]:
    """Every workshop, the newest first."""
    with service.store.reading() as conn:
        return [_workshop(row) for row in learning_store.all_workshops(service.store, conn)]


@requires(Action.WORK_ON_THEMES)
def start_workshop(service: OfficeService, title: str, period_from: dt.date | str,
                   period_to: dt.date | str) -> Workshop:
    """A new workshop over the reviews held in the period."""
    checked = validate(WorkshopDraft, {"title": title, "period_from": period_from, "period_to": period_to})
    if not checked.ok or checked.value is None:
        raise OfficeError(_problem(checked.errors, {"title": N_("The workshop's name"),
                                                    "period_from": N_("The start of the period"),
                                                    "period_to": N_("The end of the period")}))
    draft = checked.value
    with service.store.transaction() as conn:
        row = learning_store.add_workshop(service.store, conn, title=draft.title,
                                          period_from=draft.period_from.isoformat(),
                                          period_to=draft.period_to.isoformat(), by=service.user.name)
        service._audit(conn, "workshop-start", row["id"], period_from=row["period_from"], period_to=row["period_to"])
    return _workshop(row)


@dataclass
class Board:
    """A workshop as people work on it: its statements, themes, where each statement is, and the
    actions and reports so far."""

    workshop: Workshop
    statements: list[Statement]
    themes: dict[str, str]  # theme id -> name, in the workshop's order
    suggested: set[str]  # themes that began as a suggestion
    placed: dict[str, str]  # statement key -> theme id
    actions: list[ActionPlan] = field(default_factory=list)
    reports: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> list[ThemeCount]:
        return rules.count_themes(self.statements, self.placed, self.themes)

    def theme_of(self, key: str) -> str:
        return rules.theme_of(key, self.placed, self.themes)

    def in_theme(self, theme_id: str) -> list[Statement]:
        return [s for s in self.statements if self.theme_of(s.key) == theme_id]

    def unplaced(self) -> list[Statement]:
        return self.in_theme(rules.UNSORTED)

    def table(self, dimension: rules.Dimension) -> rules.CrossTable:
        return rules.cross_table(self.statements, self.placed, self.themes, dimension)

    def used_cases(self) -> set[str]:
        """The cases whose statements are in a theme: the report goes back to them."""
        return {s.case_id for s in self.statements if self.theme_of(s.key) != rules.UNSORTED}


def _require_workshop(service: OfficeService, conn: Any, workshop_id: str) -> dict[str, Any]:
    row = learning_store.workshop(service.store, conn, workshop_id)
    if row is None:
        raise OfficeError(_("That workshop is not in this office, so nothing was changed."))
    return row


@requires(Action.READ)
def board(service: OfficeService, workshop_id: str, *, identified: bool = False) -> Board:
    with service.store.reading() as conn:
        row = _require_workshop(service, conn, workshop_id)
        themes = learning_store.themes(service.store, conn, workshop_id)
        placed = learning_store.placements(conn, workshop_id)
        actions = learning_store.actions(service.store, conn, workshop_id)
        reports = learning_store.reports_sent(conn, workshop_id)
    workshop = _workshop(row)
    statements = gather(service, workshop.period_from, workshop.period_to, identified=identified)
    plans = []
    for action in actions:
        parsed = validate(ActionPlan, {k: action[k] for k in ("id", "theme_id", "what", "owner", "due_on", "done_on")})
        if parsed.value is not None:
            plans.append(parsed.value)
    return Board(workshop, statements, {t["id"]: t["name"] for t in themes},
                 {t["id"] for t in themes if t["suggested"]}, placed, plans, reports)


def suggestions(found: Board) -> list[SuggestedGroup]:
    """Groups of the statements not in a theme yet that share words (the same statements always
    give the same groups)."""
    return rules.suggest({s.key: s.text for s in found.unplaced()})


def _known_keys(service: OfficeService, workshop: dict[str, Any], keys: Iterable[str]) -> list[str]:
    """The keys that are statements of the workshop (anything else is refused)."""
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return []
    known = {s.key for s in gather(service, dt.date.fromisoformat(workshop["period_from"]),
                                   dt.date.fromisoformat(workshop["period_to"]))}
    if not set(wanted) <= known:
        raise OfficeError(_("Some of those statements are not in this workshop's period, so nothing was changed."))
    return wanted


def _theme_name(name: str) -> str:
    checked = validate(ThemeDraft, {"name": name})
    if not checked.ok or checked.value is None:
        raise OfficeError(_problem(checked.errors, {"name": N_("The theme's name")}))
    return checked.value.name


@requires(Action.WORK_ON_THEMES)
def add_theme(service: OfficeService, workshop_id: str, name: str, keys: Iterable[str] = (), *,
              suggested: bool = False) -> str:
    """A new theme named ``name`` holding the statements ``keys`` (moved from wherever they were);
    its id."""
    name = _theme_name(name)
    with service.store.transaction() as conn:
        workshop = _require_workshop(service, conn, workshop_id)
        wanted = _known_keys(service, workshop, keys)
        theme = learning_store.add_theme(service.store, conn, workshop_id, name, suggested=suggested)
        learning_store.place(conn, workshop_id, wanted, theme["id"])
        service._audit(conn, "theme-add", theme["id"], workshop_id=workshop_id, statements=len(wanted),
                       suggested=suggested)
    return theme["id"]


def accept_suggestion(service: OfficeService, workshop_id: str, group: SuggestedGroup, name: str | None = None) -> str:
    """The suggested group becomes a theme (renamed when ``name`` is given)."""
    return add_theme(service, workshop_id, name if name is not None else group.name, group.keys, suggested=True)


@requires(Action.WORK_ON_THEMES)
def rename_theme(service: OfficeService, workshop_id: str, theme_id: str, name: str) -> bool:
    name = _theme_name(name)
    with service.store.transaction() as conn:
        _require_workshop(service, conn, workshop_id)
        if theme_id not in {t["id"] for t in learning_store.themes(service.store, conn, workshop_id)}:
            raise OfficeError(_("That theme is not in this workshop, so nothing was changed."))
        learning_store.rename_theme(service.store, conn, theme_id, name)
        service._audit(conn, "theme-rename", theme_id, workshop_id=workshop_id)
    return True


@requires(Action.WORK_ON_THEMES)
def remove_theme(service: OfficeService, workshop_id: str, theme_id: str) -> bool:
    """The theme goes; its statements are back among those not in a theme."""
    with service.store.transaction() as conn:
        _require_workshop(service, conn, workshop_id)
        if theme_id not in {t["id"] for t in learning_store.themes(service.store, conn, workshop_id)}:
            raise OfficeError(_("That theme is not in this workshop, so nothing was changed."))
        learning_store.remove_theme(conn, theme_id)
        service._audit(conn, "theme-remove", theme_id, workshop_id=workshop_id)
    return True


@requires(Action.WORK_ON_THEMES)
def place(service: OfficeService, workshop_id: str, keys: Sequence[str], theme_id: str | None) -> int:
    """Move statements into a theme (None: out of any theme), as dropped on the board."""
    with service.store.transaction() as conn:
        workshop = _require_workshop(service, conn, workshop_id)
        if theme_id is not None and theme_id not in {t["id"] for t in learning_store.themes(service.store, conn,
                                                                                              workshop_id)}:
            raise OfficeError(_("That theme is not in this workshop, so nothing was changed."))
        wanted = _known_keys(service, workshop, keys)
        moved = learning_store.place(conn, workshop_id, wanted, theme_id)
        service._audit(conn, "theme-place", theme_id or "", workshop_id=workshop_id, statements=moved)
    return moved


# ---- actions -------------------------------------------------------------------------------------------

ACTION_FIELDS = {"what": N_("What will be done"), "owner": N_("Who owns it"), "due_on": N_("By when"),
                 "theme_id": N_("The theme")}


@requires(Action.WORK_ON_THEMES)
def add_action(service: OfficeService, workshop_id: str, theme_id: str, what: str, owner: str,
               due_on: dt.date | str | None) -> ActionPlan:
    checked = validate(ActionPlan, {"theme_id": theme_id, "what": what, "owner": owner, "due_on": due_on})
    if not checked.ok or checked.value is None:
        raise OfficeError(_problem(checked.errors, ACTION_FIELDS))
    plan = checked.value
    with service.store.transaction() as conn:
        _require_workshop(service, conn, workshop_id)
        if theme_id not in {t["id"] for t in learning_store.themes(service.store, conn, workshop_id)}:
            raise OfficeError(_("Choose a theme of this workshop for the action, so nothing was changed."))
        learning_store.add_action(service.store, conn, workshop_id, plan.model_dump(mode="json"))
        service._audit(conn, "theme-action", plan.id, workshop_id=workshop_id, theme_id=theme_id,
                       due_on=plan.due_on.isoformat())
    return plan


@requires(Action.WORK_ON_THEMES)
def mark_action_done(service: OfficeService, action_id: str, done_on: dt.date | None) -> bool:
    """Done on ``done_on`` (None: not done after all)."""
    with service.store.transaction() as conn:
        if not learning_store.set_action_done(conn, action_id, done_on.isoformat() if done_on else None):
            raise OfficeError(_("That action is not in this office, so nothing was changed."))
        service._audit(conn, "theme-action-done", action_id, done_on=done_on.isoformat() if done_on else None)
    return True


# ---- the report back -----------------------------------------------------------------------------------


def report_pdf(found: Board, service: OfficeService, made_on: dt.date | None = None) -> bytes:
    """The easy-read report back for the workshop (``documents/report_back.py``)."""
    from advisor_app.documents import report_back
    from advisor_app.services import provider_files

    profile = provider_files.load_profile()
    actions: dict[str, list[ActionPlan]] = {}
    for action in found.actions:
        actions.setdefault(action.theme_id, []).append(action)
    return report_back.build(found.workshop.title, found.counts(), actions, len(found.used_cases()), profile,
                             made_on or _today(), logo=provider_files.logo_path(profile))


@dataclass(frozen=True)
class ReportSent:
    cases: int
    laptops: int
    sha256: str


@requires(Action.REPORT_BACK)
def send_report(service: OfficeService, workshop_id: str, made_on: dt.date | None = None) -> ReportSent:
    """Send the easy-read report to the laptop of every case whose statements are in a theme, as an
    office message its advisor reads (with the references of that laptop's cases), and keep it."""
    found = board(service, workshop_id)
    used = found.used_cases()
    if not used:
        raise OfficeError(_("No statement is in a theme yet, so there is nobody to report back to. Nothing was sent."))
    pdf = report_pdf(found, service, made_on)
    sha256 = hashlib.sha256(pdf).hexdigest()
    references = {c["entity_id"]: str(c["data"].get("reference", "")) for c in service.store.case_list()}
    with service.store.transaction() as conn:
        laptops: dict[str, list[str]] = {}
        for case_id in sorted(used):
            device_id = service.store.case_laptop(case_id, conn=conn)
            device = service.store.device(device_id, conn=conn) if device_id else None
            if device is not None and not device.get("revoked_at"):
                laptops.setdefault(device_id, []).append(references.get(case_id, ""))  # type: ignore[arg-type]
        if not laptops:
            raise OfficeError(_("None of those cases is with an enrolled laptop, so nothing was sent."))
        for device_id, cases in laptops.items():
            service.store.queue_message(device_id, NOTICE, {
                "kind": REPORT_BACK, "notice_id": f"{workshop_id}/{sha256[:16]}", "title": found.workshop.title,
                "sent_at": dt.datetime.now(dt.timezone.utc).isoformat(), "cases": sorted(cases),
                "sha256": sha256, "content": b64(pdf)}, conn=conn)
        learning_store.add_report_back(service.store, conn, workshop_id=workshop_id, sha256=sha256, content=pdf,
                                       cases=len(used), laptops=len(laptops), by=service.user.name)
        service._audit(conn, "report-back", workshop_id, sha256=sha256, cases=len(used), laptops=len(laptops))
    return ReportSent(len(used), len(laptops), sha256)


# ---- for the command line -----------------------------------------------------------------------------


def as_json(found: Board) -> dict[str, Any]:
    """``advisor-app office themes --json``: the workshop's themes with their counts by kind,
    perspective and period (no statement's words: they stay at the office)."""
    perspective = found.table(rules.Dimension.PERSPECTIVE)
    period = found.table(rules.Dimension.PERIOD)
    themes = []
    for index, count in enumerate(found.counts()):
        themes.append({
            "id": count.theme_id or None, "name": count.name if count.theme_id else _("Not in a theme yet"),
            "statements": count.total, "cases": count.cases, "reading": count.reading.value,
            "by_kind": {k.value: n for k, n in count.by_kind.items()},
            "by_perspective": dict(zip(perspective.columns, perspective.rows[index][2])),
            "by_period": dict(zip(period.columns, period.rows[index][2])),
            "actions": [{"what": a.what, "owner": a.owner, "due_on": a.due_on.isoformat(),
                         "done_on": a.done_on.isoformat() if a.done_on else None}
                        for a in found.actions if a.theme_id == count.theme_id]})
    w = found.workshop
    return {"workshop": {"id": w.id, "title": w.title, "period_from": w.period_from.isoformat(),
                         "period_to": w.period_to.isoformat()},
            "statements": len(found.statements), "themes": themes,
            "reports_sent": [{"sent_at": r["sent_at"], "cases": r["cases"], "laptops": r["laptops"]}
                             for r in found.reports]}


def report_words(sent: ReportSent) -> Msg:
    return Msg("The report went to {laptops} laptops, for {cases} cases. Each advisor sees it at the next sync.",
               laptops=sent.laptops, cases=sent.cases)
