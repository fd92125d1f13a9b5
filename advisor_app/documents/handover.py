"""The handover pack: everything the local manager takes over, in one document.

The one-page profile, the support plan (goals and the week), how the person makes decisions and
communicates, the risk assessments with their status, the signed agreement, the circle and their
contacts, the start plan, recruitment, and what is still open. The advisor stays the family's
named contact after the handover, and the pack says so.

Beyond the case's sections it reads ``_handover`` (``services.setup.handover_extras``): the risk
statuses, the signed agreement and the manager.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from advisor_app.documents.common import DocumentInput, People, case_spec, format_date, people, in_reader_language
from advisor_app.documents.easyread import Block, Bullets, DocumentSpec, Fact, Grid, Panel, Section, Text, build_pdf
from advisor_app.documents.support_plan import goals_blocks, week_blocks
from advisor_app.domain.agreement import SIGNER_ROLE_LABELS, SignerRole
from advisor_app.domain.managers import LocalManager
from advisor_app.domain.messages import N_
from advisor_app.domain.people import ROLE_LABELS
from advisor_app.domain.picture import CommunicationChart, DecisionMaking, OnePageProfile
from advisor_app.domain.service_design import ServiceDesign
from advisor_app.domain.setup import (
    DECIDED_BY_LABELS,
    INVOLVEMENT_LABELS,
    TASK_AREA_LABELS,
    Setup,
    parse_setup,
    still_open,
)
from advisor_app.domain.support_plan import SupportPlan
from advisor_app.domain.validation import validate
from advisor_app.i18n import _

TITLE = N_("Handover pack")
SIGNER_FIELDS = {role.value for role in SignerRole}
EXTRAS = "_handover"


def why_not_ready(sections: Mapping[str, Any]) -> str | None:
    setup = parse_setup(sections.get("setup"))
    if setup.manager_id is None or setup.start_on is None:
        return N_("Choose the local manager and the start date in setting up first.")
    return None


def _extras(data: DocumentInput) -> Mapping[str, Any]:
    return data.sections.get(EXTRAS) or {}


def _manager(data: DocumentInput) -> LocalManager | None:
    return validate(LocalManager, _extras(data).get("manager") or {}).value


def _contacts(who: People) -> list[Block]:
    blocks: list[Block] = []
    person = who.person
    if person is not None:
        lines = [line for line in (person.address, person.postcode or "", person.phone, person.email) if line]
        blocks.append(Fact(_("{name}:", name=who.full_name), ", ".join(lines) or _("no contact details recorded")))
    rows = []
    for member in who.circle.members:
        roles = ", ".join(_(ROLE_LABELS[r]) for r in member.roles)
        contact = ", ".join(x for x in (member.phone, member.email) if x)
        rows.append([f"{member.name} ({member.relationship})" if member.relationship else member.name, roles, contact])
    if rows:
        blocks.append(Grid(header=[_("Who"), _("Role"), _("Phone or email")], rows=rows,
                           widths=[0.3, 0.3, 0.4], empty="\u2014"))
    return blocks


def _profile(data: DocumentInput, who: People) -> list[Block]:
    profile = data.section("one_page_profile", OnePageProfile) or OnePageProfile()
    blocks: list[Block] = []
    for heading, entries in ((_("What people like and admire"), profile.like_and_admire),
                             (_("What is important to them"), profile.important_to),
                             (_("How best to support them"), profile.how_to_support)):
        if entries:
            blocks += [Text(heading, strong=True), Bullets(who.saids(entries))]
    return blocks


def _decisions(data: DocumentInput, who: People) -> list[Block]:
    making = data.section("decision_making", DecisionMaking) or DecisionMaking()
    rows = [[d.decision, ", ".join(filter(None, (who.who(w) for w in d.involved))) or "",
             who.who(d.final_say) or ""] for d in making.decisions]
    blocks: list[Block] = []
    if making.how_to_offer_information:
        blocks += [Text(_("How to give information for a decision:"), strong=True),
                   Bullets(who.saids(making.how_to_offer_information))]
    if rows:
        blocks.append(Grid(header=[_("Decision"), _("Who is involved"), _("Final say")], rows=rows,
                           widths=[0.44, 0.32, 0.24], empty="\u2014"))
    return blocks


def _communication(data: DocumentInput) -> list[Block]:
    chart = data.section("communication", CommunicationChart) or CommunicationChart()
    rows = [[r.person_does, r.usually_means, r.others_should] for r in chart.rows]
    if not rows:
        return []
    return [Grid(header=[_("What they do"), _("It usually means"), _("What to do")], rows=rows,
                 widths=[0.34, 0.33, 0.33], empty="\u2014")]


def _risks(data: DocumentInput) -> list[Block]:
    risks = _extras(data).get("risks") or []
    if not risks:
        return [Text(_("There are no risk and opportunity assessments."))]
    return [Grid(header=[_("Reference"), _("Activity or decision"), _("Status")],
                 rows=[[r.get("reference", ""), r.get("title") or _("Untitled"), r.get("status", "")] for r in risks],
                 widths=[0.22, 0.48, 0.3], empty="\u2014")]


def _agreement(data: DocumentInput) -> list[Block]:
    signed = _extras(data).get("agreement")
    if not signed:
        return [Text(_("No signed agreement is stored with the case."))]
    blocks: list[Block] = [Fact(_("Signed agreement:"), _("version {n}", n=signed.get("version", 1))),
                           Fact(_("Signed by:"), ", ".join(_(SIGNER_ROLE_LABELS[SignerRole(f)]) for f in
                                                           signed.get("signed_fields") or [] if f in SIGNER_FIELDS))]
    try:
        blocks.append(Fact(_("Last signed:"), format_date(dt.datetime.fromisoformat(str(signed["signed_at"])).date())))
    except (KeyError, ValueError):
        pass  # signed before the time was kept with the signature
    blocks.append(Fact(_("Its fingerprint (SHA-256):"), str(signed.get("sha256", ""))[:16] + "\u2026"))
    return blocks


def _start(setup: Setup) -> list[Block]:
    blocks: list[Block] = []
    if setup.start_on:
        blocks.append(Fact(_("Support starts on:"), format_date(setup.start_on)))
    rows = []
    for task in setup.tasks:
        state = _("Done") if task.done else (_("By {date}", date=format_date(task.due_on)) if task.due_on
                                             else _("Open"))
        rows.append([_(TASK_AREA_LABELS[task.area]), task.what, task.owner, state])
    if rows:
        blocks.append(Grid(header=[_("Area"), _("Task"), _("Who"), _("When")], rows=rows,
                           widths=[0.23, 0.4, 0.17, 0.2], empty="\u2014"))
    return blocks


def _recruitment(setup: Setup) -> list[Block]:
    r = setup.recruitment
    blocks: list[Block] = []
    if r.involvement is not None:
        blocks.append(Fact(_("How the family takes part:"), _(INVOLVEMENT_LABELS[r.involvement]) + "."))
    if r.job_title:
        blocks.append(Fact(_("The job:"), r.job_title))
    chosen = next((c for c in r.candidates if c.id == r.chosen_candidate), None)
    if chosen is not None:
        decided = _(DECIDED_BY_LABELS[r.decided_by]) if r.decided_by else _("not recorded")
        blocks.append(Fact(_("Offered the job:"), _("{name} (decided by: {who})", name=chosen.name, who=decided)))
    return blocks


def spec(data: DocumentInput) -> DocumentSpec:
    who = people(data)
    setup = parse_setup(data.sections.get("setup"))
    plan = data.section("support_plan", SupportPlan) or SupportPlan()
    design = data.section("service_design", ServiceDesign)
    manager = _manager(data)
    name = who.first_name or _("the person")
    title = _("Handover pack: {name}", name=who.full_name) if who.full_name else _(TITLE)
    handed = (_("{advisor} hands {name}\u2019s support over to {manager} on {date}.",
                advisor=data.advisor_name or _("The support advisor"), name=name,
                manager=f"{manager.name} ({manager.role})" if manager and manager.role else
                (manager.name if manager else _("the local manager")),
                date=format_date(setup.handed_over_on)) if setup.handed_over_on else
              _("This pack is ready for the handover to {manager}.",
                manager=manager.name if manager else _("the local manager")))
    intro: list[Block] = [Text(handed), Panel([Text(_("{advisor} stays {name}\u2019s named contact after the "
                                                        "handover. The family can still call {advisor}.",
                                                        advisor=data.advisor_name or _("The support advisor"),
                                                        name=name))])]
    open_items = still_open(setup)
    return case_spec(
        data, kind=TITLE, title=title, subtitle=[_("Made on {date}", date=format_date(data.made_on))], intro=intro,
        sections=[
            Section(_("What is still open"), [Bullets(open_items)] if open_items else
                    [Text(_("Nothing is still open."))]),
            Section(_("About {name}: the one-page profile", name=name), _profile(data, who)),
            Section(_("The people and their contacts"), _contacts(who)),
            Section(_("The goals in the support plan"), goals_blocks(plan, design, data, who)),
            Section(_("How to support {name} well", name=name), [Bullets(who.saids(plan.how_to_support_me_well))]),
            Section(_("The week"), week_blocks(design, data, who)),
            Section(_("How {name} makes decisions", name=name), _decisions(data, who)),
            Section(_("How {name} communicates", name=name), _communication(data)),
            Section(_("Risk and opportunity assessments"), _risks(data)),
            Section(_("The agreement"), _agreement(data)),
            Section(_("The start plan"), _start(setup)),
            Section(_("Recruitment"), _recruitment(setup), required=False),
            Section(_("Notes for the manager"), [Text(setup.handover_notes)] if setup.handover_notes else [],
                    required=False),
        ],
    )


@in_reader_language
def build(data: DocumentInput) -> bytes:
    return build_pdf(spec(data))
