"""A realistic case for the document tests: Priya, leaving college, with her mum, brother and
advocate; her picture, her service design and her support plan. Invented people and numbers.

The words include £, curly quotes, an accent, an ampersand and "<3", so the tests can check
that everyone's words reach the PDF exactly as they were written.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

MADE_ON = dt.date(2026, 3, 14)

ENQUIRY = {
    "received_on": "2025-11-03", "route": "signposter", "signposter_type": "teacher",
    "method": "referral_form", "contact_name": "Adeel Rashid",
    "contact_organisation": "Heaton Park College", "contact_phone": "01274 496 0233",
    "looking_for": "Priya leaves college in July. She wants to work in a café and see her friends "
                   "in the evenings, with support that understands her communication.",
    "urgency": "soon", "lives_in": "Heaton, Bradford", "postcode": "BD9 5JE", "decision": "pursue",
}

PERSON = {
    "first_name": "Priya", "last_name": "Sharma", "date_of_birth": "2007-02-11",
    "address": "48 Emm Lane, Bradford", "postcode": "BD9 5JE",
    "notes": "Uses Makaton and a picture board.",
}

CIRCLE = {"members": [
    {"id": "anita", "name": "Anita Sharma", "relationship": "Mum",
     "roles": ["nominated_person", "funding_decision_maker", "contract_decision_maker"],
     "phone": "07700 900464", "email": "anita.sharma@example.org"},
    {"id": "kiran", "name": "Kiran Sharma", "relationship": "Brother", "roles": []},
    {"id": "jo", "name": "Jo Marsh", "relationship": "Independent advocate", "roles": ["advocate"],
     "phone": "01274 496 0870"},
]}

FUNDING = {"sources": [
    {"type": "direct_payment", "amount": "612.50", "period": "week", "controlled_by": "anita",
     "notes": "Personal budget agreed by Bradford Council."},
]}

# The person's words that every test looks for, exactly as written.
PRIYA_SAYS = {
    "music": "My music: Bollywood songs and Arijit Singh",
    "money": "I save £5 a week for concerts ‘just in case’",
    "respect": "Don’t talk about me in front of me — talk to me.",
    "mum": "Mum & me <3 watching “Strictly” on Saturdays",
    "cafe": "I want to work at Café Rosé on Saturdays and earn my own money",
}

ONE_PAGE_PROFILE = {
    "like_and_admire": [
        {"text": "Priya has the best laugh in the house.", "whose_words": "kiran"},
        {"text": "She remembers everyone’s birthday.", "whose_words": "anita"},
        {"text": "Determined: she never gives up.", "whose_words": "jo"},
        {"text": "Brilliant at baking. Her cardamom biscuits are famous.", "whose_words": "staff"},
    ],
    "important_to": [
        {"text": PRIYA_SAYS["music"], "whose_words": "person"},
        {"text": "Seeing my friends from college every week", "whose_words": "person"},
        {"text": "Going to the mandir with Mum on Sundays", "whose_words": "person"},
        {"text": PRIYA_SAYS["mum"], "whose_words": "person"},
        {"text": "My cat, Biscuit", "whose_words": "person"},
        {"text": "Having her own money to spend"},
    ],
    "how_to_support": [
        {"text": PRIYA_SAYS["respect"], "whose_words": "person"},
        {"text": "Use Makaton signs and her picture board, especially when she is tired.", "whose_words": "anita"},
        {"text": "Tell her what is happening next, and what comes after that.", "whose_words": "jo"},
        {"text": "If I put my hands over my ears it is too noisy. Help me find a quiet place.",
         "whose_words": "person"},
    ],
}

IMPORTANT_TO_FOR = {
    "important_to": [{"text": "Choosing my own clothes", "whose_words": "person"}],
    "important_for": [{"text": "Taking her epilepsy medicine at 8 in the morning and 8 at night",
                       "whose_words": "anita"}],
}

GOOD_DAY_BAD_DAY = {
    "good_day": [{"text": "Baking with Mum, then the cinema with friends", "whose_words": "person"}],
    "bad_day": [{"text": "Lots of noise and nobody knows my signs", "whose_words": "person"}],
    "hopes_for_future": [{"text": "My own flat one day, near Mum", "whose_words": "person"}],
}

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")

SERVICE_DESIGN = {
    "components": [
        {"id": "care", "component_id": "personal-care-and-support", "on_going": {"week": {
            "monday": {"daytime": "6"}, "tuesday": {"daytime": "3"}, "wednesday": {"daytime": "6"},
            "thursday": {"daytime": "3"}, "friday": {"daytime": "6"},
            "saturday": {"daytime": "7.5", "evening": "2"}}}},
        {"id": "friday-club", "component_id": "personal-care-and-support", "shared_by": 3,
         "notes": "Friday night with Leah and Sam", "on_going": {"week": {"friday": {"evening": "4"}}}},
        {"id": "sleep", "component_id": "sleep-in", "on_going": {"week": {
            "friday": {"night": "sleep-in"}, "saturday": {"night": "sleep-in"}}}},
        {"id": "travel", "component_id": "life-skills-training", "fixed_term": {
            "weeks": 12, "hours_per_week": {"day": "6"},
            "target_outcome": "Priya travels to college and the café by bus on her own."}},
        {"id": "signs", "component_id": "accessible-communication", "fixed_term": {
            "weeks": 10, "fixed_price_for_outcome": "850.00",
            "if_longer": {"rule": "refund-partial", "refund_percent": "50"},
            "target_outcome": "A picture timetable and a Makaton word list for her staff team."}},
        {"id": "benefits", "component_id": "benefit-review", "one_off": {"fixed_price": "90", "date": "2026-04-14"}},
        {"id": "holiday", "component_id": "holidays", "one_off": {"estimated_hours": "40"}},
    ],
    "cannot_offer": [{"what": "Nursing care at night", "pointed_to": "Airedale Community Nursing Partnership"}],
}

SUPPORT_PLAN = {
    "outcomes": [
        {"in_my_words": PRIYA_SAYS["cafe"], "whose_words": "person",
         "success_looks_like": "Priya has a paid Saturday job and is paid every month.",
         "by_when": "2026-09-30", "component_ids": ["care", "travel"]},
        {"in_my_words": "Get the bus to college and the café by myself", "whose_words": "person",
         "success_looks_like": "Priya makes the journey alone three times in a row.",
         "by_when": "2026-07-31", "component_ids": ["travel"]},
        {"in_my_words": "See her friends on Friday nights, not just at home", "whose_words": "anita",
         "component_ids": ["friday-club", "sleep"]},
        {"in_my_words": "Have a holiday in Blackpool with my friend Leah", "whose_words": "person",
         "component_ids": ["holiday"]},
        {"in_my_words": "Learn to make my nani’s gulab jamun", "whose_words": "person"},
    ],
    "how_to_support_me_well": [
        {"text": "Give me time to answer. Count to ten in your head.", "whose_words": "person"},
        {"text": "Use my picture board when I’m tired.", "whose_words": "person"},
        {"text": "Her epilepsy plan is in the red folder. Read it on your first day.", "whose_words": "anita"},
    ],
    "wanted_in_supporters": {
        "qualities": [{"text": "Calm and kind", "whose_words": "person"},
                      {"text": "Someone who laughs with me", "whose_words": "person"}],
        "skills": [{"text": "Knows Makaton, or will learn it", "whose_words": "anita"}],
        "shared_interests": [{"text": "Bollywood films", "whose_words": "person"},
                             {"text": "Baking", "whose_words": "person"}],
    },
    "what_matters_day_to_day": [
        {"text": "Chai with two sugars when I get up", "whose_words": "person"},
        {"text": PRIYA_SAYS["money"], "whose_words": "person"},
        {"text": "My bedroom door closed when I’m getting changed", "whose_words": "person"},
    ],
}

SECTIONS: dict[str, Any] = {
    "enquiry": ENQUIRY,
    "person": PERSON,
    "circle": CIRCLE,
    "funding": FUNDING,
    "one_page_profile": ONE_PAGE_PROFILE,
    "important_to_for": IMPORTANT_TO_FOR,
    "good_day_bad_day": GOOD_DAY_BAD_DAY,
    "service_design": SERVICE_DESIGN,
    "support_plan": SUPPORT_PLAN,
}


def fill(service: Any, *, first_name: str = "Priya", last_name: str = "Sharma") -> str:
    """A new case in ``service`` with every section above saved through the service."""
    case_id = service.create_case(first_name=first_name, last_name=last_name)
    for name, data in SECTIONS.items():
        result = service.save(case_id, name, data)
        assert result.ok, (name, result.errors)
    return case_id
