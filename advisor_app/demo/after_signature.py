"""Demo after the signature: Leah Moss, whose support started a little over a year ago.

Her case went the whole way: enquiry, first meetings, her picture, the design and plan, a risk
assessment for swimming on her own, a proposal her dad accepted, the agreement signed at home,
setting up with "you choose, we employ" recruitment (Leah chose her support worker), the handover
to Sam Okafor with his acknowledgement back from the office, and her first person-centred review
with a budget statement for the year, its delivered hours imported from the rota's CSV file.

Everything goes through the services as real work does, dated in the past where it happened in
the past: the proposal's dates through the costing service's clock, the signatures with their
own times, the handover and the review with theirs. The manager's acknowledgement is written the
way sync writes an office record.
"""

from __future__ import annotations

import datetime as dt
import uuid
from contextlib import contextmanager
from typing import Any, Iterator
from unittest import mock

from advisor_app.demo.agreement import synthetic_strokes
from advisor_app.demo.picture import DemoError, _decision, _entry, _members, _move, _outcome, _row, _said, _save
from advisor_app.demo.risk import ADVISOR, _assessors, _consulted, _decide, _doing_nothing, _rate, _send, _start
from advisor_app.domain.journey import Stage

PERSON, FAMILY, STAFF = "person", "family", "staff"
NAME = "Leah Moss"
START = 392  # days ago: the support started on this day (a Monday, near enough: the statement counts weeks)


def _day(days_ago: int) -> dt.date:
    return dt.date.today() - dt.timedelta(days=days_ago)


def _iso(days_ago: int) -> str:
    return _day(days_ago).isoformat()


def _in(days: int) -> str:
    return (dt.date.today() + dt.timedelta(days=days)).isoformat()


@contextmanager
def _on(days_ago: int) -> Iterator[None]:
    """The costing service's "today" for a proposal made, offered and accepted in the past."""
    with mock.patch("advisor_app.services.costing._today", lambda: _day(days_ago)):
        yield


def _checked(result: Any, what: str) -> Any:
    if not result.ok:
        raise DemoError(f"demo {NAME}, {what}: {result.errors}")
    return result


def _first_meetings(service: Any) -> str:
    case = service.create_case(first_name="Leah", last_name="Moss")
    _save(service, case, "enquiry", {
        "received_on": _iso(440), "route": "family", "method": "phone", "contact_name": "Graham Moss",
        "contact_phone": "01274 496 0618",
        "looking_for": "Leah (23) wants to do more on her own: swimming, her drama group, and cooking her own tea. "
                       "Her dad works shifts and wants someone she gets on with.",
        "urgency": "routine", "lives_in": "Shipley", "postcode": "BD18 3HG", "decision": "pursue"}, NAME)
    _move(service, case, Stage.FIRST_MEETINGS, NAME)
    _save(service, case, "person", {
        "first_name": "Leah", "last_name": "Moss", "date_of_birth": "2002-03-19",
        "address": "9 Saltaire Road, Shipley", "postcode": "BD18 3HG", "phone": "07700 900512",
        "notes": "Has Down's syndrome. Reads short sentences; likes things written down."}, NAME)
    _save(service, case, "circle", {"members": [
        {"name": "Graham Moss", "relationship": "Dad",
         "roles": ["nominated_person", "funding_decision_maker", "contract_decision_maker"],
         "phone": "01274 496 0618", "email": "graham.moss@example.org"},
        {"name": "Ruth Moss", "relationship": "Sister", "roles": []},
        {"name": "Tariq Aziz", "relationship": "Drama group leader", "roles": [], "phone": "01274 496 0925"},
    ]}, NAME)
    graham = _members(service, case)["Graham Moss"]
    _save(service, case, "funding", {"sources": [
        {"type": "direct_payment", "amount": "380.00", "period": "week", "controlled_by": graham,
         "notes": "Personal budget from Bradford Council, paid to Graham as Leah's nominated person."}]}, NAME)
    _move(service, case, Stage.PICTURE, NAME)
    return case


def _picture(service: Any, case: str, graham: str, ruth: str, tariq: str) -> None:
    sections = {
        "one_page_profile": {
            "like_and_admire": [_entry("Leah is funny and kind, and she never gives up.", graham),
                                _entry("She learns every line of the play, and everyone else's too.", tariq)],
            "important_to": [_entry("Swimming on Mondays.", PERSON), _entry("My drama group.", PERSON),
                             _entry("Choosing my own clothes and my own food.", PERSON)],
            "how_to_support": [_entry("Tell me what is happening today, and write it down.", PERSON),
                               _entry("Give her time to answer; do not finish her sentences.", graham),
                               _entry("Show her once, then let her do it.", ruth)],
        },
        "important_to_for": {
            "important_to": [_entry("Swimming, and getting better at it.", PERSON),
                             _entry("Being in the summer show.", PERSON)],
            "important_for": [_entry("Her thyroid tablet every morning before breakfast.", graham),
                              _entry("Knowing how to get home if the bus does not come.", graham)],
        },
        "working_not_working": {
            "working": [_said("person", "Drama on Thursdays.", PERSON),
                        _said("family", "She is happier since she started swimming again.", graham)],
            "not_working": [_said("person", "Dad always cooks. I want to.", PERSON),
                            _said("family", "Leah is on her own too much when I am on nights.", graham)],
        },
        "communication": {"rows": [
            _row("When she is worried", "Goes quiet and twists her hair", "Something is wrong or has changed",
                 "Ask her quietly, and give her a minute", graham),
            _row("When she likes something", "Claps and says “again!”", "I want to do this again",
                 "Write it on her calendar", PERSON),
        ]},
        "decision_making": {
            "how_to_offer_information": [_entry("Two choices, written down.", PERSON)],
            "decisions": [_decision("What I do each day", [PERSON, graham], PERSON),
                          _decision("How my budget is spent", [PERSON, graham], graham),
                          _decision("Who supports me", [PERSON, graham], PERSON)],
        },
        "good_day_bad_day": {
            "good_day": [_entry("Swimming, then chips with my friend.", PERSON)],
            "bad_day": [_entry("When plans change and nobody tells me.", PERSON)],
            "hopes_for_future": [_entry("My own flat one day, near Ruth.", PERSON)],
        },
    }
    for name, data in sections.items():
        _save(service, case, name, data, NAME)
    _move(service, case, Stage.SERVICE_DESIGN, NAME)


DESIGN = {"components": [
    {"id": "leah-days", "component_id": "personal-care-and-support",
     "notes": "Swimming, the library and getting about in the day",
     "on_going": {"week": {"monday": {"daytime": "5"}, "wednesday": {"daytime": "5"}, "friday": {"daytime": "4"}}}},
    {"id": "leah-drama", "component_id": "personal-care-and-support", "notes": "Thursday drama group and home after",
     "on_going": {"week": {"thursday": {"evening": "3"}}}},
    {"id": "leah-cooking", "component_id": "life-skills-training", "fixed_term": {
        "weeks": 10, "target_outcome": "Leah cooks three meals of her own each week.", "hours_per_week": {"day": "2"}}},
]}


def _plan(service: Any, case: str, graham: str) -> None:
    _save(service, case, "service_design", DESIGN, NAME)
    _move(service, case, Stage.SUPPORT_PLAN, NAME)
    _save(service, case, "support_plan", {
        "outcomes": [
            _outcome("Swim 20 lengths without stopping.", PERSON, "Leah swims 20 lengths at Shipley pool.", _in(120),
                     ["leah-days"]),
            _outcome("Be in the summer show.", PERSON, "Leah has a speaking part and gets home safely after.",
                     _in(200), ["leah-drama"]),
            _outcome("Cook my own tea three nights a week.", PERSON, "Leah plans, shops for and cooks three teas.",
                     _in(90), ["leah-cooking"]),
        ],
        "how_to_support_me_well": [_entry("Write the plan for the day on my whiteboard.", PERSON),
                                   _entry("Let me choose, from two things.", PERSON),
                                   _entry("Text me if you are late.", PERSON)],
        "wanted_in_supporters": {
            "qualities": [_entry("Cheerful and calm.", PERSON), _entry("Patient, and lets her do it.", graham)],
            "skills": [_entry("Can swim well.", PERSON)],
            "shared_interests": [_entry("Musicals.", PERSON)],
        },
        "what_matters_day_to_day": [_entry("My tablet before breakfast.", graham),
                                    _entry("Music in the kitchen.", PERSON)],
    }, NAME)
    _move(service, case, Stage.RISK, NAME)


def _risk(service: Any, case: str) -> None:
    from advisor_app.services import risk

    assessed = 420
    aid = _start(service, case, "Swimming with staff on the side, not in the water", ("swim",), {
        "assessed_on": _iso(assessed),
        "risk_description": "Leah wants to swim at Shipley pool with her support worker watching from the side.",
        "risks_identified": ["Getting tired in the deep end"],
        "who_might_be_harmed": ["person"],
        "important_to": ["Swimming like everyone else"],
        "important_for": ["Staying safe in deep water"],
        "four_plus_one": {"tried": "Lessons as a child; a term of swimming with staff in the water.",
                          "learned": "Leah swims 10 lengths well and stops at the shallow end to rest.",
                          "pleased": "She is stronger every week.",
                          "concerned": "Busy sessions with lanes full.",
                          "next_steps": "Staff watch from the side; Leah swims in the quiet session."},
        "capacity": {"has_capacity": "yes", "person_decision": "go_ahead", "in_their_words": "I can swim. Watch me."},
        "deprivation_of_liberty": False,
        "doing_nothing": _doing_nothing(
            ("Leah keeps a staff member in the water with her.", "Doing it herself.", _rate("likely", "minor")),
            ("Her dad worries she is held back.", "", _rate("possible", "minor")),
            ("Leah is one more swimmer the pool team knows.", "", _rate("rare", "minor")),
            ("We support less than Leah can do.", "", _rate("possible", "minor"))),
        "benefit_vs_risk": "benefit_outweighs_risk",
        "important_personal_goal": True,
        "triggers": ["A crowded pool"],
        "support_measures": [{"who": "Support worker", "what": "Agree the signal with each new lifeguard, every "
                                                            "term.", "by_when": _in(30)}],
        "residual_risk": {"description": "Tiredness, managed by resting at the shallow end.",
                          "rating": _rate("unlikely", "minor")},
        "monitoring": "Staff note how many lengths Leah swims and how she feels after.",
        "success_looks_like": "Leah swims on her own in the quiet session each week.",
        "assessors": _assessors(None, assessed),
        "instructions_to_staff": "Stay on the side at the shallow end; the lifeguard knows the signal.",
        "completed_by": ADVISOR,
        "consultation": _consulted(assessed, individual={"name": "Leah"}, family={"name": "Graham Moss (Dad)"}),
    })
    _send(service, aid, 418)
    _decide(service, aid, 416, "approved")
    _checked(risk.add_review(service, aid, {"reviewed_on": _iso(45), "changed": False, "reviewed_by": ADVISOR,
                                             "notes": "Swimming on her own every week; no concerns."}), "risk review")
    _move(service, case, Stage.COSTING, NAME)


def _costing_and_agreement(service: Any, case: str) -> None:
    from advisor_app.services import agreement, costing, documents

    with _on(412):
        proposal = _checked(costing.save_proposal(service, case, {"contingency": "500.00",
                                                                  "management_hours_per_year": "12"},
                                                  notes="Talked through with Leah and Graham."), "proposal").proposal
        _checked(costing.offer(service, case, proposal.id), "offer")
        decider = next(a.id for a in costing.who_can_accept(service, case) if a.id != PERSON)
        _checked(costing.accept(service, case, proposal.id, decider), "accept")
    _move(service, case, Stage.AGREEMENT, NAME)
    version = agreement.start_signing(service, case, made_on=_day(405))
    sha = version.sha256
    from advisor_app.domain.agreement import Authority, SignatureEvidence, SignerRole

    for seed, (field, name, role, authority) in enumerate((
            ("nominated_person", "Graham Moss", SignerRole.NOMINATED_PERSON, Authority.OTHER),
            ("advisor", documents.advisor_name(service) or "Support advisor", SignerRole.ADVISOR,
             Authority.FOR_PROVIDER))):
        evidence = SignatureEvidence(
            strokes=synthetic_strokes(seed + 4), signer_name=name, role=role, authority=authority,
            signed_at=dt.datetime.combine(_day(405), dt.time(11, 30 + seed), tzinfo=dt.timezone.utc),
            device_id=service.store.device_id, document_sha256=sha, field_name=field)
        sha = agreement.add_signature(service, case, sha, field, evidence).sha256
    _move(service, case, Stage.SETUP, NAME)


def _setup(service: Any, case: str) -> None:
    from advisor_app.services import setup

    q1, q2, q3 = (str(uuid.uuid4()) for _ in range(3))
    chosen = str(uuid.uuid4())
    _save(service, case, "setup", {
        "start_on": _iso(START),
        "tasks": [
            {"area": "recruitment", "what": "Agree the job description and the person specification",
             "owner": "Jess Demo", "due_on": _iso(402), "done": True, "done_on": _iso(403)},
            {"area": "recruitment", "what": "Interview, with Leah and Graham on the panel", "owner": "Sam Okafor",
             "due_on": _iso(396), "done": True, "done_on": _iso(397)},
            {"area": "start", "what": "Agree the first week's rota with Leah", "owner": "Jess Demo",
             "due_on": _iso(394), "done": True, "done_on": _iso(394)},
            {"area": "equipment", "what": "A whiteboard for the kitchen", "owner": "Graham Moss",
             "due_on": _iso(393), "done": True, "done_on": _iso(395)},
        ],
        "recruitment": {
            "involvement": "we_lead", "job_title": "Support worker for Leah",
            "advert": "Leah is 23 and loves swimming, drama and musicals. She wants someone cheerful and calm.",
            "questions": [
                {"id": q1, "text": "Leah wants someone who is “Cheerful and calm”. Tell us about a time you were.",
                 "from_words": "Cheerful and calm.", "whose_words": PERSON},
                {"id": q2, "text": "Leah asked for someone who “Can swim well”. What have you done like this before?",
                 "from_words": "Can swim well.", "whose_words": PERSON},
                {"id": q3, "text": "Leah says “Let me choose, from two things”. How would you do this?",
                 "from_words": "Let me choose, from two things.", "whose_words": PERSON},
            ],
            "panel": [{"name": "Leah Moss", "role": "person"}, {"name": "Graham Moss", "role": "family"},
                      {"name": "Sam Okafor", "role": "manager"}],
            "candidates": [{"id": chosen, "name": "Amy Clarke", "scores": {q1: 4, q2: 4, q3: 3}},
                           {"name": "Dev Mistry", "scores": {q1: 3, q2: 2, q3: 3}}],
            "chosen_candidate": chosen, "decided_by": "person", "decided_on": _iso(397),
            "decision_notes": "Leah chose Amy: “She made me laugh, and she swims.”"},
        "manager_id": "sam-okafor",
        "handover_notes": "Graham works nights on alternate weeks; text him rather than ring.",
    }, NAME)
    pack = _checked(setup.hand_over(service, case, on=_day(390), made_on=_day(390)), "handover").pack
    # Sam's acknowledgement, written as sync writes an office record.
    ack = {"id": str(uuid.uuid4()), "pack_sha256": pack.sha256, "manager_id": "sam-okafor", "manager_name": "Sam Okafor",
           "acknowledged_at": dt.datetime.combine(_day(389), dt.time(9, 15), tzinfo=dt.timezone.utc).isoformat(),
           "note": "Thanks Jess. I have met Leah and Amy; all clear."}
    service.store.apply_office_record("handover_acknowledgement", ack["id"], case_id=case, version=1, data=ack)


def _rota_csv() -> bytes:
    """A year of Leah's rota, as the timesheet system exports it: Amy's days, Tariq's Thursdays
    (two weeks off at Christmas, a missed drama night), and the cooking course's ten weeks."""
    start = _day(START)
    lines = ["date,support,unit,amount,staff,note"]
    for week in range(52):
        monday = start + dt.timedelta(days=7 * week)
        if week in (33, 34):  # Amy's holiday: the days were not covered
            continue
        lines += [f"{monday.isoformat()},1,hours,5,Amy Clarke,Swimming",
                  f"{(monday + dt.timedelta(days=2)).strftime('%d/%m/%Y')},1,hours,5,Amy Clarke,",
                  f"{(monday + dt.timedelta(days=4)).isoformat()},1,hours,4,Amy Clarke,"]
        if week != 20:
            lines.append(f"{(monday + dt.timedelta(days=3)).isoformat()},2,hours,3,Amy Clarke,Drama")
        if week < 10:
            lines.append(f"{(monday + dt.timedelta(days=1)).isoformat()},3,hours,2,Amy Clarke,Cooking")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _review(service: Any, case: str, graham: str, ruth: str) -> None:
    from advisor_app.services import reviews, statements

    held = 20
    review_id = reviews.new_review(service, case, held_on=_day(held))
    view = reviews.load_review(service, review_id)
    statement = view.statement
    assert statement is not None
    _checked(statements.save_statement(service, case, statement.id, {
        **statement.data, "period_from": _iso(START), "weeks": 52, "carry_forward_allowed": True,
        "expenses": [
            {"spent_on": _iso(300), "what": "Swimming pass for the year", "amount": "150.00"},
            {"spent_on": _iso(200), "what": "Taxi home when the drama bus was cancelled", "amount": "28.50",
             "from_emergency": True}],
        "notes": "Amy's two weeks' holiday in the summer were not covered: Leah chose to have the time with Ruth."}),
        "statement")
    statements.import_hours(service, case, statement.id, _rota_csv(), file_name="leah-rota-year-1.csv")
    _checked(statements.save_entered_rows(service, case, statement.id, [
        {"worked_on": _iso(START - 7 * 40 - 5), "part": "leah-drama", "unit": "hours", "amount": "2",
         "staff": "Amy Clarke", "note": "Extra rehearsal before the show"}]), "typed hours")
    outcomes = [{"outcome_id": o["outcome_id"], "progress": progress, "note": note}
                for o, (progress, note) in zip(view.data["outcomes"], (
                    ("some_progress", "Up to 14 lengths."), ("achieved", "Leah had a speaking part in the show."),
                    ("on_track", "Two teas a week now, with Amy nearby.")))]
    _checked(reviews.save_review(service, case, review_id, {
        **reviews.load_review(service, review_id).data,
        "facilitator": "Sam Okafor",
        "invited": [{**i, "came": i["name"] != "Tariq Aziz", "sent_views": i["name"] == "Tariq Aziz"}
                    for i in view.data["invited"]],
        "working": [_said("person", "Swimming with Amy. I am faster.", PERSON),
                    _said("family", "Leah cooks pasta on her own now.", graham),
                    _said("staff", "Leah plans her week on the whiteboard herself.", STAFF)],
        "not_working": [_said("person", "Fridays are boring.", PERSON),
                        _said("family", "Nobody covered Amy's holiday.", ruth)],
        "important_now": [_entry("The next show.", PERSON), _entry("Cooking for Dad on his birthday.", PERSON)],
        "important_future": [_entry("A Saturday job at the library.", PERSON), _entry("My own flat.", PERSON)],
        "questions": [_entry("Who covers Amy's holidays next year?", graham)],
        "outcomes": outcomes,
        "actions": [{"what": "Ask the library about volunteering on Saturdays", "owner": "Amy Clarke",
                     "by_when": _in(30)},
                    {"what": "Find a second support worker Leah knows, for holidays", "owner": "Sam Okafor",
                     "by_when": _in(60)}],
    }), "review")


def fill(service: Any, *, office_records: bool = True) -> None:
    """Leah's case. Her journey needs what only an office issues (the manager's decision on her risk
    assessment, the acknowledgement of her handover), so ``office_records=False`` leaves her out."""
    if not office_records or any(c.person_name == NAME for c in service.list_cases()):
        return
    from advisor_app.services.documents import advisor_name

    if not advisor_name(service):
        return  # the agreement needs the advisor's name (a store made without one)
    case = _first_meetings(service)
    members = _members(service, case)
    graham, ruth, tariq = members["Graham Moss"], members["Ruth Moss"], members["Tariq Aziz"]
    _picture(service, case, graham, ruth, tariq)
    _plan(service, case, graham)
    _risk(service, case)
    _costing_and_agreement(service, case)
    _setup(service, case)
    _review(service, case, graham, ruth)
