"""Demo cases from the enquiry to first meetings: six invented people at different points."""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from advisor_app.domain.journey import Stage

def _ago(days: int) -> str:
    return (dt.date.today() - dt.timedelta(days=days)).isoformat()


def _amara(service: Any) -> None:
    """A new, urgent enquiry from a mother; nothing decided yet."""
    case = service.create_case()
    service.save(case, "enquiry", {
        "received_on": _ago(2), "route": "family", "method": "phone",
        "contact_name": "Ngozi Okafor", "contact_phone": "0113 496 0142",
        "looking_for": "Amara (24) has moved back home after college. Her mum wants help for Amara "
                       "to get out and about three days a week, and some time for herself.",
        "urgency": "urgent", "lives_in": "Headingley, Leeds", "postcode": "LS6 2AB",
    })


def _daniel(service: Any) -> None:
    """First meetings under way: person and circle known, funding still being confirmed."""
    case = service.create_case(first_name="Daniel", last_name="Whitlock")
    service.save(case, "enquiry", {
        "received_on": _ago(21), "route": "signposter", "signposter_type": "social_worker",
        "method": "email", "contact_name": "Ruth Hale", "contact_organisation": "North Yorkshire Adult Social Care",
        "contact_email": "ruth.hale@example.org",
        "looking_for": "Daniel is autistic and lives with his dad. He wants his own flat and support "
                       "to manage money and cooking.",
        "urgency": "soon", "lives_in": "Harrogate", "postcode": "HG1 4QT",
        "decision": "pursue",
    })
    service.move_stage(case, Stage.FIRST_MEETINGS)
    service.save(case, "person", {
        "first_name": "Daniel", "last_name": "Whitlock", "preferred_name": "Dan",
        "date_of_birth": "1994-08-17", "address": "12 Cold Bath Road, Harrogate", "postcode": "HG1 4QT",
        "phone": "07700 900318", "decides_about_contract": True,
        "communication": {"formats": ["easy_read"], "contact_by": "text_message"},
        "notes": "Prefers texts to phone calls. Likes to know who is coming and when.",
    })
    service.save(case, "circle", {"members": [
        {"name": "Martin Whitlock", "relationship": "Dad", "roles": ["nominated_person"],
         "phone": "01423 496 0571"},
        {"name": "Sophie Whitlock", "relationship": "Sister", "roles": [], "email": "sophie.w@example.org"},
    ]})


def _priya(service: Any) -> None:
    """First meetings complete; moved on to getting to know her."""
    case = service.create_case(first_name="Priya", last_name="Sharma")
    service.save(case, "enquiry", {
        "received_on": _ago(45), "route": "signposter", "signposter_type": "teacher",
        "method": "referral_form", "contact_name": "Mr Adeel Rashid",
        "contact_organisation": "Heaton Park College", "contact_phone": "01274 496 0233",
        "looking_for": "Priya leaves college in July. She wants to work in a café and see her friends "
                       "in the evenings, with support that understands her communication.",
        "urgency": "routine", "lives_in": "Heaton, Bradford", "postcode": "BD9 5JE", "decision": "pursue",
    })
    service.move_stage(case, Stage.FIRST_MEETINGS)
    service.save(case, "person", {
        "first_name": "Priya", "last_name": "Sharma", "date_of_birth": "2007-02-11",
        "address": "48 Emm Lane, Bradford", "postcode": "BD9 5JE",
        "communication": {"formats": ["easy_read", "makaton"], "contact_by": "through_someone",
                          "notes": "A picture board for choices; give her time to answer."},
        "notes": "Uses Makaton and a picture board. Loves Bollywood music and baking.",
    })
    circle = {"members": [
        {"name": "Anita Sharma", "relationship": "Mum",
         "roles": ["nominated_person", "funding_decision_maker", "contract_decision_maker"],
         "phone": "07700 900464", "email": "anita.sharma@example.org",
         "communication": {"language": "ur", "contact_by": "phone",
                           "notes": "Reads English; prefers to talk things through in Urdu."}},
        {"name": "Kiran Sharma", "relationship": "Brother", "roles": []},
        {"name": "Jo Marsh", "relationship": "Independent advocate", "roles": ["advocate"],
         "phone": "01274 496 0870"},
    ]}
    service.save(case, "circle", circle)
    anita = service.load_case(case).sections["circle"].data["members"][0]["id"]
    service.save(case, "funding", {"sources": [
        {"type": "direct_payment", "amount": "612.50", "period": "week", "controlled_by": anita,
         "notes": "Personal budget agreed by Bradford Council, paid to Anita as Priya's nominated person."},
    ]})
    service.move_stage(case, Stage.PICTURE)


def _tom(service: Any) -> None:
    """Self-funding, long-standing family carer; first meetings done."""
    case = service.create_case(first_name="Thomas", last_name="Brennan")
    service.save(case, "enquiry", {
        "received_on": _ago(70), "route": "person", "method": "in_person", "contact_name": "Tom Brennan",
        "contact_phone": "01924 496 0712",
        "looking_for": "Tom wants help to go to the football and the allotment, and someone to help "
                       "with letters and bills now his mum is in her eighties.",
        "urgency": "routine", "lives_in": "Wakefield", "postcode": "WF1 3LP", "decision": "pursue",
    })
    service.move_stage(case, Stage.FIRST_MEETINGS)
    service.save(case, "person", {
        "first_name": "Thomas", "last_name": "Brennan", "preferred_name": "Tom",
        "date_of_birth": "1980-05-03", "address": "7 Thornhill Street, Wakefield", "postcode": "WF1 3LP",
        "decides_about_funding": True, "decides_about_contract": True,
    })
    service.save(case, "circle", {"members": [
        {"name": "Eileen Brennan", "relationship": "Mum", "roles": ["nominated_person"], "phone": "01924 496 0713",
         "communication": {"formats": ["large_print"], "contact_by": "letter"}},
    ]})
    service.save(case, "funding", {"sources": [
        {"type": "self_funding", "amount": "18500.00", "period": "year", "controlled_by": "person"},
        {"type": "individual_service_fund", "amount": "240.00", "period": "week",
         "controlled_by": "local_authority", "notes": "Wakefield Council, reviewed each April."},
    ]})


def _grace(service: Any) -> None:
    """We could not help; the honest answer and where we pointed the family are recorded."""
    case = service.create_case(first_name="Grace", last_name="Adeyemi")
    service.save(case, "enquiry", {
        "received_on": _ago(12), "route": "local_authority", "method": "email",
        "contact_name": "Sam Osei", "contact_organisation": "Leeds City Council",
        "contact_email": "sam.osei@example.org",
        "looking_for": "Nursing care at home for Grace, who has complex health needs and needs "
                       "registered nurses round the clock.",
        "urgency": "urgent", "lives_in": "Beeston, Leeds", "postcode": "LS11 8DX",
        "decision": "not_pursue",
        "decision_reason": "We do not employ nurses, so we cannot safely meet Grace's nursing needs. "
                           "We said so plainly and offered to help again if her needs change.",
        "pointed_to": "Airedale Community Nursing Partnership",
    })
    service.close_case(case)


def _callum(service: Any) -> None:
    """A young man learning to travel to work by bus; an early enquiry that is being pursued."""
    case = service.create_case(first_name="Callum", last_name="Reid")
    service.save(case, "enquiry", {
        "received_on": _ago(5), "route": "local_authority", "method": "referral_form",
        "contact_name": "Helen Price", "contact_organisation": "City of York Council",
        "contact_email": "helen.price@example.org",
        "looking_for": "Callum has a job offer at a garden centre and wants to learn to get there "
                       "on the bus by himself.",
        "urgency": "soon", "lives_in": "Tang Hall, York", "postcode": "YO31 7EP", "decision": "pursue",
    })


DEMO_CASES: tuple[Callable[[Any], None], ...] = (_grace, _tom, _priya, _daniel, _callum, _amara)


def fill(service: Any) -> None:
    for build in DEMO_CASES:
        build(service)
