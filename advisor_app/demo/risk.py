"""Demo risk and opportunity assessments, one in each status, for Priya, Tom and Daniel.

Positive risk-taking in practice: Priya travelling to college by bus on her own (approved for a
six-week trial, so its review is due soon), Priya's Friday evenings out with her friend Leah
(approved), Priya baking with the oven at the café (sent, awaiting the manager), Tom's away
football by train (approved, reviewed once, then his mum went into hospital: the review is
overdue), Tom using the allotment's petrol tools (not approved yet: safeguards first), and
Daniel cooking alone in his new flat (a draft).

Everything goes through ``services.risk`` as real work does; the manager's decisions are their
own records, written the way sync will write them. Dates are set relative to today, so the
statuses come out the same whenever the demo is made.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Callable, Iterable

from advisor_app.domain.journey import Stage
from advisor_app.services import risk

MANAGER = {"manager_name": "Maria Lopez", "author_id": "6f1d2c3e-5b7a-4e21-9a0c-3d8e7f1b2a45"}
ADVISOR = "Jess Demo"
TEAM_LEADER = "Ben Okafor"
UTC = dt.timezone.utc


def _day(days_ago: int) -> dt.date:
    return dt.date.today() - dt.timedelta(days=days_ago)


def _at(days_ago: int, hour: int) -> dt.datetime:
    return dt.datetime.combine(_day(days_ago), dt.time(hour, 0), tzinfo=UTC)


def _sig() -> str:
    return str(uuid.uuid4())  # stands for a signature drawn in the app (captured elsewhere)


def _serves(service: Any, case_id: str, words: Iterable[str], fallback: str | None) -> dict[str, Any] | None:
    """The outcome (else the part of the support) this activity serves, found by its words; else
    a link carrying only the ``fallback`` label (None: not linked yet, as in a draft)."""
    words = [w.lower() for w in words]
    for record in service.store.find("support_plan", case_id=case_id):
        for outcome in record.data.get("outcomes") or []:
            if any(w in outcome.get("in_my_words", "").lower() for w in words):
                return {"kind": "outcome", "id": outcome["id"], "label": outcome["in_my_words"][:200]}
    for record in service.store.find("service_design", case_id=case_id):
        for component in record.data.get("components") or []:
            text = f"{component.get('id', '')} {component.get('notes', '')}".lower()
            if any(w in text for w in words):
                label = component.get("notes") or component.get("component_id", "")
                return {"kind": "component", "id": component["id"], "label": label[:200]}
    return {"kind": "outcome", "id": str(uuid.uuid4()), "label": fallback} if fallback else None


def _assessors(keyworker: str | None, signed_days_ago: int) -> list[dict[str, Any]]:
    people = [{"name": ADVISOR, "role": "Support advisor"}, {"name": TEAM_LEADER, "role": "Team leader"}]
    if keyworker:
        people[1] = {"name": keyworker, "role": "Support worker", "is_keyworker": True}
    return [{**p, "signature_id": _sig(), "signed_on": _day(signed_days_ago).isoformat()} for p in people]


def _consulted(days_ago: int, **entries: dict[str, Any]) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for key, entry in entries.items():
        table[key] = {"should_consult": True, "consulted_on": _day(days_ago).isoformat(),
                      "strategy_agreed": True, **entry}
    return table


def _rate(likelihood: str, impact: str) -> dict[str, str]:
    return {"likelihood": likelihood, "impact": impact}


def _doing_nothing(person: tuple[str, str, dict], family: tuple[str, str, dict], community: tuple[str, str, dict],
                   provider: tuple[str, str, dict]) -> dict[str, Any]:
    parties = {"person": person, "friends_and_family": family, "community": community, "provider": provider}
    return {party: {"impact": impact, "opportunity_lost": lost, "rating": rating}
            for party, (impact, lost, rating) in parties.items()}


def _start(service: Any, case_id: str, title: str, words: Iterable[str], data: dict[str, Any],
           subject: str = "activity", draft: bool = False) -> str:
    serves = _serves(service, case_id, words, None if draft else title)
    assessment_id = risk.new_assessment(service, case_id, subject, serves, title=title)
    current = risk.load_assessment(service, assessment_id).data
    # Keep what the picture gave, and add this assessment's own words after it.
    merged = dict(data)
    for key in ("important_to", "important_for"):
        if key in data:
            merged[key] = list(dict.fromkeys([*current.get(key, []), *data[key]]))
    if "consultation" in data:
        merged["consultation"] = {**current.get("consultation", {}), **data["consultation"]}
    result = risk.save_assessment(service, case_id, assessment_id, merged)
    if not result.ok:
        raise ValueError(f"demo assessment {title!r}: {result.errors}")
    return assessment_id


def _send(service: Any, assessment_id: str, days_ago: int) -> None:
    result = risk.send_for_decision(service, assessment_id, now=_at(days_ago, 16))
    if not result.ok:
        raise ValueError(f"demo assessment {assessment_id} cannot be sent: {result.errors}")


Decide = Callable[..., bool]  # True when the decision was recorded


def _decide(service: Any, assessment_id: str, days_ago: int, decision: str, **more: Any) -> bool:
    result = risk.record_decision(service, assessment_id, {
        **MANAGER, "decision": decision, "decided_at": _at(days_ago, 11).isoformat(),
        "signature_id": _sig(), "signed_on": _day(days_ago).isoformat(), **more})
    if not result.ok:
        raise ValueError(f"demo decision for {assessment_id}: {result.errors}")
    return True


def _leave_to_the_office(service: Any, assessment_id: str, days_ago: int, decision: str, **more: Any) -> bool:
    """For a demo store that will sync with a real office: only the office records a manager's
    decision, so the assessment stays awaiting one."""
    return False


# ---- Priya ---------------------------------------------------------------------------------------


def _priya_bus(service: Any, case_id: str, decide: Decide) -> None:
    """Approved for a six-week trial 35 days ago: the planned review is due within the week."""
    assessed = 40
    aid = _start(service, case_id, "Travelling to college by bus on her own", ("bus", "college", "travel"), {
        "assessed_on": _day(assessed).isoformat(),
        "risk_description": "Priya wants to take the 662 bus from Emm Lane to Heaton Park College on her own, "
                            "four mornings a week, instead of being driven by her mum.",
        "risks_identified": ["Getting off at the wrong stop if the bus is diverted",
                             "Someone on the bus not understanding her Makaton and picture cards",
                             "Crossing Toller Lane at the busy junction"],
        "who_might_be_harmed": ["person", "public"],
        "important_to": ["Going to college like my friends do", "Doing things on my own"],
        "important_for": ["Being safe crossing busy roads", "Having a way to ask for help"],
        "four_plus_one": {
            "tried": "Six weeks of travel training: first together, then staff sitting further back, then "
                     "following on the next bus.",
            "learned": "Priya knows her stop by the mosque on the corner and rings the bell herself. She shows "
                       "her 'I need help' card when she is unsure.",
            "pleased": "She bought her own ticket every day for the last three weeks and told her mum all "
                       "about it.",
            "concerned": "Diversions when the road is closed, and the crossing at Toller Lane.",
            "next_steps": "Priya travels alone, texting a picture message when she gets on and when she "
                          "arrives. Review after six weeks.",
        },
        "capacity": {"has_capacity": "yes", "person_decision": "go_ahead",
                     "in_their_words": "Bus on my own. Like my friends.",
                     "notes": "Assessed with her picture board and Jo Marsh, her advocate. Priya explained what "
                              "she would do if the bus did not come."},
        "deprivation_of_liberty": False,
        "doing_nothing": _doing_nothing(
            ("Priya stays dependent on lifts and misses out on being like her classmates.",
             "Independence, confidence, and a skill for getting to work after college.", _rate("likely", "moderate")),
            ("Anita keeps driving twice a day and cannot take the job she was offered.",
             "Time for Anita and a calmer morning for the family.", _rate("almost_certain", "minor")),
            ("The community does not get to know Priya as a regular on the bus.",
             "Priya becoming a familiar face; drivers learning a little Makaton.", _rate("possible", "minor")),
            ("We would be supporting less than Priya can do, against our own policy.",
             "Showing what travel training achieves.", _rate("possible", "minor")),
        ),
        "benefit_vs_risk": "benefit_outweighs_risk",
        "important_personal_goal": True,
        "triggers": ["A crowded bus with loud music", "The bus not coming when the timetable says"],
        "support_measures": [
            {"who": "Jess Demo", "what": "Practise a diversion with Priya, using her picture card, before the "
                                         "winter timetable starts.", "by_when": _day(-20).isoformat()},
            {"who": "Anita Sharma", "what": "Top up Priya's bus pass on the first of each month, and check her "
                                            "phone is charged each morning.", "by_when": _day(-25).isoformat()},
            {"who": "Support worker", "what": "Two practice runs of the Toller Lane crossing in the dark, before "
                                              "the nights draw in.", "by_when": _day(-12).isoformat(),
             "is_training": True},
        ],
        "residual_risk": {"description": "A late or diverted bus may upset Priya, but she has a plan and a "
                                         "card to ask for help.", "rating": _rate("unlikely", "minor")},
        "monitoring": "Priya sends a picture message when she gets on and when she arrives. Staff check the "
                      "messages each morning for the first six weeks.",
        "success_looks_like": "Priya travels on her own four days a week and tells us she likes it.",
        "assessors": _assessors(None, assessed),
        "instructions_to_staff": "If Priya's arrival message has not come 20 minutes after the bus is due, ring "
                                 "her, then the college office on 01274 496 0233. Do not meet her at the stop "
                                 "unless she asks.",
        "completed_by": ADVISOR,
        "planned_review_on": _day(35 - 42).isoformat(),  # six weeks after the approval
        "consultation": _consulted(
            assessed + 2,
            individual={"name": "Priya"},
            family={"name": "Anita Sharma (Mum)"},
            area_manager={"name": "Maria Lopez"},
            other_1={"name": "Jo Marsh", "role": "Independent advocate"},
        ),
    })
    _send(service, aid, 37)
    decide(service, aid, 35, "approved_with_conditions",
            conditions="Review after six weeks of travelling alone, or at once if there is any incident.")


def _priya_evenings(service: Any, case_id: str, decide: Decide) -> None:
    """Approved 20 days ago; next review in about a year."""
    assessed = 24
    aid = _start(service, case_id, "Friday evenings out in Bradford with Leah", ("evening", "friend", "leah"), {
        "assessed_on": _day(assessed).isoformat(),
        "risk_description": "Priya and her friend Leah want to go to the cinema or for food in Bradford on Friday "
                            "evenings, with one support worker shared between them, home by 10pm.",
        "risks_identified": ["Getting separated in a crowd", "Spending all her money on the first night",
                             "Late buses home"],
        "who_might_be_harmed": ["person", "staff"],
        "important_to": ["Seeing my friends in the evenings", "Bollywood films"],
        "important_for": ["Getting enough sleep before her Saturday café shift"],
        "four_plus_one": {
            "tried": "Two Friday trips to the Odeon with Leah and a support worker.",
            "learned": "Priya loves choosing the film herself. She gets tired after 9.30pm.",
            "pleased": "Both trips went well and Priya paid for her own popcorn.",
            "concerned": "Money: Priya spent £30 in the first hour on the second trip.",
            "next_steps": "Friday evenings every week, a set amount of money in her purse, taxi home if the bus "
                          "is late.",
        },
        "capacity": {"has_capacity": "yes", "person_decision": "go_ahead", "in_their_words": "Friday. Leah. Film!"},
        "deprivation_of_liberty": False,
        "doing_nothing": _doing_nothing(
            ("Priya spends Friday evenings at home and loses touch with Leah.",
             "Friendship and a life outside the family.", _rate("likely", "moderate")),
            ("The family worry about Priya being lonely after college ends.",
             "Seeing Priya happy and independent.", _rate("likely", "minor")),
            ("Priya is not part of the Friday night city centre.", "Belonging.", _rate("possible", "minor")),
            ("We fail to deliver the evening support Priya's plan asks for.", "", _rate("possible", "minor")),
        ),
        "benefit_vs_risk": "benefit_outweighs_risk",
        "important_personal_goal": True,
        "triggers": ["Very loud places", "Being rushed"],
        "support_measures": [
            {"who": "Support worker", "what": "Show Priya and Leah the quiet room at the Odeon, and agree a "
                                              "meeting point in each new place.", "by_when": _day(-9).isoformat()},
            {"who": "Anita Sharma", "what": "Put £25 in Priya's purse each Friday, starting this week.",
             "by_when": _day(-4).isoformat()},
        ],
        "residual_risk": {"description": "Small risk of getting separated; Priya knows the meeting point.",
                          "rating": _rate("rare", "minor")},
        "monitoring": "The support worker writes two lines in the log after each evening.",
        "success_looks_like": "Priya and Leah go out most Fridays and choose where they go.",
        "assessors": _assessors(None, assessed),
        "instructions_to_staff": "Let Priya and Leah choose. Stay near, not between them. Taxi home if the 9.45pm "
                                 "bus is late.",
        "completed_by": ADVISOR,
        "consultation": _consulted(assessed + 1, individual={"name": "Priya"}, family={"name": "Anita Sharma (Mum)"},
                                   area_manager={"name": "Maria Lopez"}),
    })
    _send(service, aid, 22)
    decide(service, aid, 20, "approved")


def _priya_oven(service: Any, case_id: str, decide: Decide) -> None:
    """Sent two days ago; the manager has not decided yet."""
    assessed = 4
    aid = _start(service, case_id, "Baking with the oven at the café", ("café", "cafe", "baking"), {
        "assessed_on": _day(assessed).isoformat(),
        "risk_description": "Priya wants to bake the scones for the Saturday café at Heaton Community Centre, "
                            "using the commercial oven herself.",
        "risks_identified": ["Burns from the oven door and hot trays", "Burns from steam when opening the oven"],
        "who_might_be_harmed": ["person", "staff", "public"],
        "important_to": ["Baking", "My café job"],
        "important_for": ["Staying safe around heat"],
        "four_plus_one": {
            "tried": "Priya has baked at home with her mum for years, and at the café with the cook standing next "
                     "to her for a month.",
            "learned": "Priya uses oven gloves without being reminded. She stands back when she opens the door.",
            "pleased": "The regulars ask for 'Priya's scones'.",
            "concerned": "The café oven is hotter and heavier than the one at home.",
            "next_steps": "Priya bakes on her own, with the cook in the kitchen but not beside her.",
        },
        "capacity": {"has_capacity": "yes", "person_decision": "go_ahead", "in_their_words": "My scones. Me do it."},
        "deprivation_of_liberty": False,
        "doing_nothing": _doing_nothing(
            ("Priya goes back to clearing tables, which she finds boring.",
             "Doing the job she loves; a skill for paid work.", _rate("likely", "moderate")),
            ("The family lose their pride in Priya's job.", "", _rate("possible", "minor")),
            ("The café loses its best baker.", "", _rate("possible", "minor")),
            ("We hold Priya back for a risk the café already manages for its volunteers.", "",
             _rate("possible", "minor")),
        ),
        "benefit_vs_risk": "benefit_outweighs_risk",
        "important_personal_goal": True,
        "triggers": ["Being rushed when the café is busy"],
        "support_measures": [
            {"who": "Café cook", "what": "Show Priya the café's own burns first-aid routine.",
             "by_when": _day(-7).isoformat(), "is_training": True},
            {"who": "Jess Demo", "what": "Make a picture sequence for using the oven, stuck by the oven.",
             "by_when": _day(-5).isoformat()},
        ],
        "residual_risk": {"description": "A minor burn is possible, as for anyone who bakes.",
                          "rating": _rate("possible", "minor")},
        "monitoring": "The cook notes any near misses in the café's kitchen book, which staff read weekly.",
        "success_looks_like": "Priya bakes the Saturday scones on her own and the café sells out.",
        "assessors": _assessors(None, assessed),
        "instructions_to_staff": "Stay in the kitchen but let Priya do it. Remind her to stand back when the door "
                                 "opens only if she forgets.",
        "completed_by": ADVISOR,
        "consultation": _consulted(assessed, individual={"name": "Priya"}, family={"name": "Anita Sharma (Mum)"},
                                   other_1={"name": "Sue Hardy", "role": "Café manager"}),
    })
    _send(service, aid, 2)


# ---- Tom -------------------------------------------------------------------------------------


def _tom_football(service: Any, case_id: str, decide: Decide) -> None:
    """Approved 60 days ago, reviewed once; then Tom's mum went into hospital: the review is overdue."""
    assessed = 66
    aid = _start(service, case_id, "Going to away football matches by train", ("football", "match"), {
        "assessed_on": _day(assessed).isoformat(),
        "risk_description": "Tom wants to travel by train with other fans to away matches, up to two hours each "
                            "way, with a support worker for the first season.",
        "risks_identified": ["Crowds and noise at big stations", "Trains cancelled late at night",
                             "Drinking with other fans and missing the last train"],
        "who_might_be_harmed": ["person", "staff"],
        "important_to": ["Going to every match, home and away", "Being one of the lads"],
        "important_for": ["Taking his epilepsy medication on time", "Getting home safely"],
        "four_plus_one": {
            "tried": "Home matches on his own for years; two away matches by coach with his mum.",
            "learned": "Tom manages crowds well when he knows the plan. Late changes unsettle him.",
            "pleased": "Tom planned the route to Doncaster himself with the train app.",
            "concerned": "Cancelled trains after evening kick-offs, and his evening medication.",
            "next_steps": "Away matches by train with a support worker, with an alarm for his medication.",
        },
        "capacity": {"has_capacity": "yes", "person_decision": "go_ahead",
                     "in_their_words": "I've followed them forty years. I'm not stopping now."},
        "deprivation_of_liberty": False,
        "doing_nothing": _doing_nothing(
            ("Tom misses the thing he loves most.", "Friendships with other fans; a full life.",
             _rate("almost_certain", "moderate")),
            ("Eileen worries about Tom being low.", "Peace of mind.", _rate("likely", "minor")),
            ("The supporters' club loses a loyal member.", "", _rate("possible", "minor")),
            ("We would not deliver the support Tom is paying for.", "", _rate("likely", "minor")),
        ),
        "benefit_vs_risk": "benefit_outweighs_risk",
        "important_personal_goal": True,
        "triggers": ["Last-minute changes of plan", "Being hungry"],
        "support_measures": [
            {"who": "Support worker", "what": "Plan each trip with Tom the week before, with a back-up train, "
                                              "through to the end of the season.", "by_when": _day(-150).isoformat()},
            {"who": "Support worker", "what": "Show Tom how to set his own phone alarm for his 6pm medication on "
                                              "match days.", "by_when": _day(-10).isoformat(), "is_training": True},
        ],
        "residual_risk": {"description": "A cancelled train could leave Tom stranded late; the support worker "
                                         "carries money for a hotel.", "rating": _rate("unlikely", "moderate")},
        "monitoring": "The support worker rings Eileen when they set off home.",
        "success_looks_like": "Tom goes to at least half the away matches this season.",
        "assessors": _assessors(None, assessed),
        "instructions_to_staff": "Tom leads the way. Keep the back-up train times on your phone. His medication "
                                 "is in the front pocket of his bag.",
        "completed_by": ADVISOR,
        "consultation": _consulted(assessed + 2, individual={"name": "Tom"}, family={"name": "Eileen Brennan (Mum)"},
                                   area_manager={"name": "Maria Lopez"}),
    })
    _send(service, aid, 62)
    if not decide(service, aid, 60, "approved_with_conditions",
                  conditions="A support worker goes with Tom for the whole of this season."):
        return  # only an approved assessment is reviewed
    result = risk.add_review(service, aid, {
        "reviewed_on": _day(25).isoformat(), "changed": True, "reviewed_by": ADVISOR,
        "notes": "Three away matches went well. The train home from Doncaster was cancelled once: Tom stayed "
                 "calm and the back-up plan worked. Adding a meal before the journey home.",
    }, new_measures=[{"who": "Support worker", "what": "Book a table near the ground for a meal before the "
                                                       "journey home, from the next away match.",
                      "by_when": _day(-12).isoformat()}])
    if not result.ok:
        raise ValueError(f"demo review: {result.errors}")
    result = risk.record_change_in_circumstances(
        service, case_id, "Eileen went into hospital. She usually rings Tom when he sets off home and meets him "
                          "at Wakefield Westgate after late matches.",
        assessment_id=aid, recorded_on=_day(6), recorded_by=ADVISOR)
    if not result.ok:
        raise ValueError(f"demo change: {result.errors}")


def _tom_tools(service: Any, case_id: str, decide: Decide) -> None:
    """Not approved 10 days ago: the manager asked for the safeguards to be in place first."""
    assessed = 16
    aid = _start(service, case_id, "Using the petrol strimmer and hedge trimmer at the allotment",
                 ("allotment",), {
        "assessed_on": _day(assessed).isoformat(),
        "risk_description": "Tom wants to use the allotment society's petrol strimmer and hedge trimmer to clear "
                            "his plot and the shared paths.",
        "risks_identified": ["Cuts from the blades", "Stones thrown by the strimmer",
                             "Kickback when the strimmer catches"],
        "who_might_be_harmed": ["person", "public"],
        "who_might_be_harmed_other": "Other plot holders working nearby",
        "important_to": ["My allotment", "Pulling my weight with the other plot holders"],
        "important_for": ["Keeping all his fingers", "Ear and eye protection"],
        "four_plus_one": {
            "tried": "Tom uses hand tools and the electric mower safely every Wednesday.",
            "learned": "Tom could not yet say what to do if the strimmer jams, or why the guard must stay on.",
            "pleased": "His plot is the tidiest on the site and he shares his beans.",
            "concerned": "Tom does not wear the goggles unless reminded.",
            "next_steps": "Tom does the society's tool-safety course, then we assess again.",
        },
        "capacity": {"has_capacity": "no", "in_their_words": "I've watched Ken do it loads of times.",
                     "notes": "For this decision only: Tom could not weigh up the risk of the blades or explain "
                              "what to do if it jams. He has capacity for his other allotment decisions. Best "
                              "interests decision, consulting Tom, Eileen and the allotment secretary."},
        "deprivation_of_liberty": False,
        "doing_nothing": _doing_nothing(
            ("Tom feels left out when the others clear the paths.", "Pride in his plot.",
             _rate("likely", "minor")),
            ("Eileen worries less.", "", _rate("rare", "insignificant")),
            ("The shared paths take longer to clear.", "", _rate("possible", "insignificant")),
            ("None beyond Tom's disappointment.", "", _rate("rare", "insignificant")),
        ),
        "benefit_vs_risk": "risk_outweighs_benefit",
        "important_personal_goal": True,
        "safeguards": ["The allotment society's tool-safety course first",
                       "Use the strimmer only with Ken, the site secretary, on the plot",
                       "Goggles and ear defenders kept in Tom's shed, on a hook by the door"],
        "triggers": ["Being told what to do in front of the other plot holders"],
        "support_measures": [
            {"who": "Jess Demo", "what": "Book Tom on the society's tool-safety course.",
             "by_when": _day(-30).isoformat(), "is_training": True},
            {"who": "Support worker", "what": "Put a hook for the goggles and ear defenders by the shed door.",
             "by_when": _day(-7).isoformat()},
        ],
        "residual_risk": {"description": "Until Tom has done the course, a serious cut is possible.",
                          "rating": _rate("possible", "major")},
        "monitoring": "Ken tells the support worker how Tom gets on with the tools at each session.",
        "success_looks_like": "Tom clears his plot with the strimmer himself, wearing his goggles.",
        "assessors": _assessors(None, assessed),
        "instructions_to_staff": "Until the manager approves this, Tom does not use the petrol tools. Hand tools "
                                 "and the electric mower are fine. Say so kindly and privately.",
        "completed_by": ADVISOR,
        "consultation": _consulted(assessed + 1, individual={"name": "Tom"},
                                   family={"name": "Eileen Brennan (Mum)", "strategy_agreed": False},
                                   area_manager={"name": "Maria Lopez"},
                                   other_1={"name": "Ken Day", "role": "Allotment site secretary"}),
    })
    _send(service, aid, 12)
    decide(service, aid, 10, "not_approved",
            notes="Not yet. Tom does the tool-safety course first and the shed hook goes up; then send this again "
                  "and I expect to approve it, with Ken on the plot for the first few times.")


# ---- Daniel ----------------------------------------------------------------------------------


def _daniel_cooking(service: Any, case_id: str, decide: Decide) -> None:
    """A draft: started at the last visit, capacity not yet talked through."""
    _start(service, case_id, "Cooking on his own in his new flat", ("cook", "meal"), {
        "assessed_on": _day(3).isoformat(),
        "risk_description": "Dan wants to cook his own tea in his new flat, using the hob and the oven, without "
                            "anyone there.",
        "risks_identified": ["Leaving the hob on", "Food not cooked through"],
        "who_might_be_harmed": ["person"],
        "important_to": ["Cooking my own tea, when I want it"],
        "important_for": ["Eating a proper meal most days"],
        "four_plus_one": {"tried": "Dan cooks pasta and beans on toast at his dad's with his dad nearby."},
    }, draft=True)


def fill(service: Any, *, decisions: bool = True) -> None:
    """``decisions``: write the manager's decisions too (leave them out for a store that will sync
    with a real office, which refuses decisions a laptop makes)."""
    from advisor_app.demo import case_named  # the package imports this module

    decide = _decide if decisions else _leave_to_the_office
    priya = case_named(service, "Priya Sharma")
    for make in (_priya_bus, _priya_evenings, _priya_oven):
        make(service, priya, decide)
    # Her plan is finished and her assessments are under way: she is at the risk stage (a no-op
    # until that stage is built into the journey). Tom stays at his support plan.
    service.move_stage(priya, Stage.RISK)
    tom = case_named(service, "Tom Brennan")
    for make in (_tom_football, _tom_tools):
        make(service, tom, decide)
    _daniel_cooking(service, case_named(service, "Dan Whitlock"), decide)
