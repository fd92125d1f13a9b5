"""Demo pictures, service designs and support plans for Priya Sharma and Tom Brennan.

Both are taken from where the foundation left them through getting to know them, the service
design and the support plan, each stage finished before the case moves on, so the demo shows
these stages done. The words are the person's and their family's, with whose words recorded
(circle members by their ids in the saved circle). Dates are relative to today, so "by when"
stays in the future however old the demo is.

This part runs before the costing part, so the costing uses these designs (the component ids
``tom-out``, ``tom-letters`` and ``tom-bus`` are the ones it looks for).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from advisor_app.domain import journey
from advisor_app.domain.journey import Stage
from advisor_app.domain.picture import PICTURE_SECTIONS

PERSON, FAMILY, OTHER = "person", "family", "other"


def _in(days: int) -> str:
    return (dt.date.today() + dt.timedelta(days=days)).isoformat()


class DemoError(RuntimeError):
    """The demo could not be built as written: a save or a move was refused."""


def _case(service: Any, name: str) -> str:
    from advisor_app.demo import case_named  # the package imports this module

    return case_named(service, name)


def _members(service: Any, case_id: str) -> dict[str, str]:
    """The saved circle as {name: member id}, so entries can say whose words they are."""
    circle = service.load_case(case_id).data().get("circle") or {}
    return {m["name"]: m["id"] for m in circle.get("members", [])}


def _save(service: Any, case_id: str, section: str, data: dict[str, Any], who: str) -> None:
    result = service.save(case_id, section, data)
    if not result.ok:
        raise DemoError(f"demo {who}, {section} refused: {result.errors}")
    if result.reminders:
        raise DemoError(f"demo {who}, {section} saved with answers still needed: {result.reminders}")


def _move(service: Any, case_id: str, target: Stage, who: str) -> None:
    result = service.move_stage(case_id, target)
    if not result.ok:
        raise DemoError(f"demo {who}: the move to {target} was refused: {result.errors}")


def _entry(text: str, who: str | None, note: str = "") -> dict[str, Any]:
    return {"text": text, "whose_words": who, "note": note}


def _said(view: str, text: str, who: str | None, note: str = "") -> dict[str, Any]:
    return {"view": view, **_entry(text, who, note)}


def _row(when: str, does: str, means: str, should: str, who: str | None) -> dict[str, Any]:
    return {"what_is_happening": when, "person_does": does, "usually_means": means,
            "others_should": should, "whose_words": who}


def _decision(decision: str, involved: list[str], final_say: str, how: str = "", note: str = "") -> dict[str, Any]:
    return {"decision": decision, "involved": involved, "final_say": final_say,
            "how_to_offer_information": how, "note": note}


def _outcome(words: str, who: str, success: str, by_when: str, components: list[str]) -> dict[str, Any]:
    return {"in_my_words": words, "whose_words": who, "success_looks_like": success, "by_when": by_when,
            "component_ids": components}


# ---- Priya Sharma ----------------------------------------------------------------------------

SIGNED = "Priya said this with Makaton signs and her picture board; Jo Marsh wrote it down with her."


def priya_picture(anita: str, kiran: str, jo: str) -> dict[str, dict[str, Any]]:
    return {
        "one_page_profile": {
            "like_and_admire": [
                _entry("Priya has the best laugh in our house. When she laughs, everybody laughs.", kiran),
                _entry("She is kind. She notices when someone is sad and brings them a biscuit she has made.",
                       anita),
                _entry("She is determined. When she wants to learn something she practises until she has got it.",
                       OTHER, "Mr Adeel Rashid, her tutor at Heaton Park College"),
                _entry("Her cardamom biscuits sell out at the college café every Thursday.", jo),
            ],
            "important_to": [
                _entry("Baking cakes and biscuits, and people eating them.", PERSON, SIGNED),
                _entry("Bollywood music, loud, and dancing in the kitchen.", PERSON, SIGNED),
                _entry("My friends Leah and Sadia. Going out in the evening like other people my age.", PERSON,
                       SIGNED),
                _entry("Working in a café and having my own money.", PERSON, SIGNED),
                _entry("Mum, Kiran, and Nani on the video call every Sunday.", PERSON, SIGNED),
                _entry("Knowing what is happening next: her picture timetable on the fridge.", anita),
            ],
            "how_to_support": [
                _entry("Sign with your words and talk slowly. Wait for me to answer.", PERSON, SIGNED),
                _entry("Talk to me, not to Mum. Ask me first.", PERSON, SIGNED),
                _entry("Show her the plan for the day on her picture board in the morning, and tell her early "
                       "if something changes.", anita),
                _entry("If she goes quiet and covers her ears it is too noisy. Help her find a quiet spot for "
                       "ten minutes; she will come back when she is ready.", jo),
                _entry("Let her do it herself, even when it takes longer. Show her once, then stand back.", anita),
            ],
        },
        "important_to_for": {
            "important_to": [
                _entry("Baking, and selling what I bake.", PERSON, SIGNED),
                _entry("Going out with Leah and Sadia in the evenings.", PERSON, SIGNED),
                _entry("My music.", PERSON, SIGNED),
                _entry("Doing things for herself, like other young women her age.", anita),
            ],
            "important_for": [
                _entry("Her inhaler goes everywhere with her; her asthma gets worse in the cold.", anita),
                _entry("Staying safe near roads and on buses while she learns to judge traffic.", anita),
                _entry("People around her who understand Makaton, so she is not left out or misunderstood.", jo),
                _entry("Some quiet time and bed by ten: she gets very tired after a busy day.", anita),
                _entry("Some fruit and vegetables, not only cake!", kiran),
            ],
        },
        "working_not_working": {
            "working": [
                _said("person", "Baking at college on Thursdays.", PERSON, SIGNED),
                _said("person", "Dancing to my music.", PERSON, SIGNED),
                _said("family", "Her picture timetable on the fridge: mornings have been calmer since we "
                                "started it.", anita),
                _said("family", "The cinema with me once a month. She chooses the film, always Bollywood.", kiran),
                _said("others", "Her placement in the college café: she takes orders with a picture menu.",
                      OTHER, "Mr Adeel Rashid, college tutor"),
                _said("others", "She says what she wants much more at meetings since she started bringing her "
                                "picture board.", jo),
            ],
            "not_working": [
                _said("person", "Staying in every evening. Boring!", PERSON, SIGNED),
                _said("person", "People talking too fast.", PERSON, SIGNED),
                _said("family", "I am her only lift and I work shifts, so she misses out when I am at work.",
                      anita),
                _said("family", "College finishes in July and nothing is lined up yet. She is worried and so "
                                "am I.", anita),
                _said("others", "New people do not know Makaton, so they ask Anita instead of asking Priya.",
                      jo),
                _said("others", "She cannot travel on her own yet, so she relies on college transport, which "
                                "stops in July.", OTHER, "Mr Adeel Rashid, college tutor"),
            ],
        },
        "communication": {"rows": [
            _row("Someone offers her a choice", "Points to a picture on her board, or nods and signs \u201cyes\u201d",
                 "Yes, I want that one", "Say it back to her with the sign, then do it", anita),
            _row("In a busy or loud place", "Covers her ears with her hands and goes quiet",
                 "It is too noisy; I need a break",
                 "Calmly offer a quiet place, sign \u201cwait\u201d, and do not crowd her", jo),
            _row("When she is enjoying herself", "Hums, does a little dance and signs \u201cgood\u201d",
                 "I am happy", "Join in, and tell her you are enjoying it too", kiran),
            _row("When a plan changes without warning", "Taps her picture timetable and says \u201cno, no\u201d",
                 "I did not know this was happening and I am worried",
                 "Show her the new plan in pictures, tell her why, and give her time", anita),
            _row("At the end of a long day", "Rubs her eyes and signs \u201chome\u201d", "I want to go home now",
                 "Start winding down and head home soon", PERSON),
            _row("When she feels unwell", "Holds her tummy or her head and stops joining in", "Something hurts",
                 "Use the body picture on her board to ask where, and tell Anita", anita),
        ]},
        "decision_making": {
            "how_to_offer_information": [
                _entry("Show two or three pictures or real things to choose from, not more.", jo),
                _entry("Short sentences with Makaton, one idea at a time.", anita),
                _entry("Ask, then wait. If she is not sure, come back to it later.", jo),
            ],
            "good_times_to_decide": [
                _entry("In the morning after breakfast, at the kitchen table.", anita),
                _entry("When it is quiet and Mum or Jo is there.", PERSON, SIGNED),
            ],
            "bad_times_to_decide": [
                _entry("In the evening when she is tired.", anita),
                _entry("In noisy places, or when lots of people are talking at once.", jo),
            ],
            "decisions": [
                _decision("What I do each day and who I go out with", [anita], PERSON,
                          "Pictures of the places and photos of the people"),
                _decision("What I wear, what I eat and what music I play", [], PERSON),
                _decision("Which support workers work with me", [anita, jo], PERSON,
                          "Meet them first, then choose between photos",
                          "Anita and Jo help Priya think it through; Priya chooses."),
                _decision("How my personal budget is spent", [PERSON, jo], anita,
                          "A one-page picture budget: what it pays for each week",
                          "Anita decides about the money with Priya; Jo checks Priya's view has been heard."),
                _decision("Signing the support agreement", [PERSON, jo], anita,
                          "An easy-read copy, read together with signs",
                          "Anita decides about the contract; Priya signs too if she wants to."),
                _decision("Health appointments and medicines", [anita], PERSON,
                          "The doctor explains with pictures; Anita goes with her",
                          "If Priya cannot understand a particular treatment, her GP makes a best-interests "
                          "decision with Anita and Jo."),
            ],
        },
        "good_day_bad_day": {
            "good_day": [
                _entry("Bollywood music on loud when I get up.", PERSON, SIGNED),
                _entry("Baking something and people say \u201cyum\u201d.", PERSON, SIGNED),
                _entry("Going for food with Leah and Sadia.", PERSON, SIGNED),
                _entry("She knows the plan for the day and it happens as planned.", anita),
            ],
            "bad_day": [
                _entry("The plan changes and nobody tells me.", PERSON, SIGNED),
                _entry("Loud, busy places with no break.", PERSON, SIGNED),
                _entry("People talk to Mum and not to me.", PERSON, SIGNED),
                _entry("Her asthma is bad and she cannot go out.", anita),
            ],
            "hopes_for_future": [
                _entry("A job in a café, wearing the apron.", PERSON, SIGNED),
                _entry("Going out with my friends in the evening, without Mum.", PERSON, SIGNED),
                _entry("That she gets the bus to work on her own, and texts me a photo when she gets there.",
                       anita),
                _entry("One day a flat with a friend. Not yet!", PERSON, SIGNED),
            ],
        },
    }


PRIYA_DESIGN: dict[str, Any] = {
    "components": [
        {"id": "priya-care", "component_id": "personal-care-and-support",
         "notes": "Baking and getting out in the day; Friday evening and the night at home while Anita works her "
                  "hospital night shift; weekend café trials.",
         "on_going": {"week": {
             "monday": {"daytime": "3"}, "wednesday": {"daytime": "3"},
             "friday": {"evening": "3", "night": "sleep-in"},
             "saturday": {"daytime": "4"}, "sunday": {"daytime": "3"}}}},
        {"id": "priya-evenings", "component_id": "personal-care-and-support", "shared_by": 3,
         "notes": "Friends' evenings with Leah and Sadia, who are supported by us too; the hours are split three "
                  "ways.",
         "on_going": {"week": {"tuesday": {"evening": "3"}, "thursday": {"evening": "3"}}}},
        {"id": "priya-bus", "component_id": "life-skills-training",
         "notes": "Travel training, sold by the hour: first the 662 from Emm Lane to college, then the route "
                  "into town for the café.",
         "fixed_term": {"weeks": 12, "target_outcome": "Priya travels by bus on her own: to college first, then "
                                                       "to the café and back.",
                        "hours_per_week": {"day": "4"}}},
        {"id": "priya-signs", "component_id": "accessible-communication",
         "fixed_term": {"weeks": 8, "target_outcome": "A Makaton word list, a picture timetable and a "
                                                      "\u201chow I communicate\u201d sheet for her team and the "
                                                      "café.",
                        "hours_per_week": {"day": "2"}}},
        {"id": "priya-benefits", "component_id": "benefit-review",
         "notes": "What changes when she leaves college: Universal Credit and her PIP review.",
         "one_off": {"fixed_price": "120.00", "date": _in(21)}},
    ],
    "specialists": [
        {"kind": "transitions",
         "why": "Priya leaves Heaton Park College in July. Our transitions manager will meet her tutor and "
                "Bradford's preparing-for-adulthood team so her support starts the week college ends."},
    ],
    "cannot_offer": [
        {"what": "A job coach at the café itself (supported employment); we support her to get there and "
                 "settle in, but we do not run employment schemes.",
         "pointed_to": "Aire Valley Supported Employment"},
    ],
    "notes": "Designed with Priya, Anita and Jo at home; Priya chose from the menu with picture cards.",
}


def priya_plan(anita: str, jo: str) -> dict[str, Any]:
    return {
        "outcomes": [
            _outcome("I want to work in a café.", PERSON,
                     "Priya has a shift at a café at least once a week, taking orders with her picture menu.",
                     _in(270), ["priya-care", "priya-signs"]),
            _outcome("Get the bus to the café by myself.", PERSON,
                     "Priya goes from home to the café and back on the bus on her own three weeks running, and "
                     "texts Mum a photo when she arrives.", _in(12 * 7 + 21), ["priya-bus"]),
            _outcome("Go out with my friends in the evening, without Mum.", PERSON,
                     "Priya goes out with Leah and Sadia twice a week, and chooses where they go.",
                     _in(60), ["priya-evenings"]),
            _outcome("People to understand my signs.", PERSON,
                     "Everyone in her team and at the café knows her fifty everyday signs and uses her picture "
                     "timetable.", _in(8 * 7 + 14), ["priya-signs"]),
            _outcome("Friday nights at home with my staff when Mum is at work: a film and a takeaway.", PERSON,
                     "Anita goes to her Friday night shift without worrying, and Priya looks forward to Fridays.",
                     _in(45), ["priya-care"]),
            _outcome("Make sure Priya gets every benefit she is entitled to when college finishes.", anita,
                     "Her benefits are checked, any new claims are made, and the money goes into her own bank "
                     "account.", _in(60), ["priya-benefits"]),
        ],
        "how_to_support_me_well": [
            _entry("Sign with your words. Slowly. Wait for me.", PERSON, SIGNED),
            _entry("Show me the plan on my picture board every morning.", PERSON, SIGNED),
            _entry("Tell her early if anything changes, with a picture of the new plan.", anita),
            _entry("Ask Priya first, and only then ask Anita.", jo),
            _entry("If it gets too loud, find a quiet spot with her for ten minutes.", jo),
        ],
        "wanted_in_supporters": {
            "qualities": [
                _entry("Smiley and patient. Does not rush me.", PERSON, SIGNED),
                _entry("Young, and likes going out in the evening.", PERSON, SIGNED),
            ],
            "skills": [
                _entry("Knows Makaton, or learns it in the first month.", anita),
                _entry("Confident on buses around Bradford.", anita),
            ],
            "shared_interests": [
                _entry("Bollywood music and films.", PERSON, SIGNED),
                _entry("Baking, or wants me to teach them!", PERSON, SIGNED),
            ],
        },
        "what_matters_day_to_day": [
            _entry("My picture timetable first thing.", PERSON, SIGNED),
            _entry("Music on while I get ready.", PERSON, SIGNED),
            _entry("Her inhaler in her bag, every time she goes out.", anita),
            _entry("The video call with Nani on Sunday afternoon.", PERSON, SIGNED),
            _entry("Quiet time in my room before bed.", PERSON, SIGNED),
        ],
    }


# ---- Tom Brennan -----------------------------------------------------------------------------

STAN = "Stan Hollis, Tom's neighbour on the allotments"


def tom_picture(eileen: str) -> dict[str, dict[str, Any]]:
    return {
        "one_page_profile": {
            "like_and_admire": [
                _entry("Tom is honest. If he says he will do something, he does it.", eileen),
                _entry("He knows every score back to 1990.", eileen),
                _entry("First to help anyone on the allotments. He barrowed my compost all last summer.", OTHER,
                       STAN),
                _entry("He grows the best leeks on the site, and he'll tell you so.", OTHER, STAN),
            ],
            "important_to": [
                _entry("The match. Every home game, same seat, with my scarf on.", PERSON),
                _entry("My allotment: my leeks, my shed, my flask of tea.", PERSON),
                _entry("Looking after Mum, like she looks after me.", PERSON),
                _entry("Deciding about my own money.", PERSON),
                _entry("Knowing what day it is: Monday is bills day, Saturday is match day.", PERSON),
            ],
            "how_to_support": [
                _entry("Talk to me straight, like a mate. Don't talk down to me.", PERSON),
                _entry("Read my letters with me, slowly, and tell me what they mean. Don't just do it for me.",
                       PERSON),
                _entry("Let him keep his own bank card and help him check the balance.", eileen),
                _entry("Be on time. If you are going to be late, text me.", PERSON),
                _entry("Don't move my things in the shed.", PERSON),
            ],
        },
        "important_to_for": {
            "important_to": [
                _entry("Going to the match.", PERSON),
                _entry("The allotment, and the show in September.", PERSON),
                _entry("Mum.", PERSON),
                _entry("My money, my say.", PERSON),
            ],
            "important_for": [
                _entry("Not getting into debt: he has been caught out by phone deals before.", eileen),
                _entry("His epilepsy tablets on time, morning and night, match days too.", eileen),
                _entry("Getting home safely if a train is cancelled after an away game.", eileen),
                _entry("Having people he trusts other than me. I won't be here for ever.", eileen),
            ],
        },
        "working_not_working": {
            "working": [
                _said("person", "Going to the allotment.", PERSON),
                _said("person", "Match days. I love them.", PERSON),
                _said("family", "He does the recycling and writes the shopping list. He is a big help to me.",
                      eileen),
                _said("others", "He gets on with everybody on the site and keeps his plot lovely.", OTHER, STAN),
            ],
            "not_working": [
                _said("person", "Letters. Brown envelopes worry me, so I put them in the drawer.", PERSON),
                _said("person", "I can't get to away games now Mum can't come.", PERSON),
                _said("family", "My eyes are not good enough to read his bills now, and I'm eighty-three.",
                      eileen),
                _said("family", "He missed a hospital appointment because the letter sat in the drawer.", eileen),
                _said("others", "His phone was cut off last year over a bill nobody had explained to him.",
                      OTHER, "Wakefield Council care manager"),
            ],
        },
        "communication": {"rows": [
            _row("He is given a letter or a form", "Says \u201cI'll do it later\u201d and puts it in the drawer",
                 "I don't understand it and I'm worried about it",
                 "Sit down with him, read it together, say what it means in plain words, and do the next step "
                 "together", eileen),
            _row("Something is on his mind", "Goes quiet, rubs the back of his neck, asks the same question again",
                 "Something is bothering me", "Answer calmly each time, and write the answer down for him to keep",
                 eileen),
            _row("He is happy", "Tells you the score and whistles", "I'm happy",
                 "Have a chat about the match", PERSON),
            _row("He has not followed what was said", "Nods quickly and says \u201cyeah, yeah\u201d",
                 "I haven't understood but I don't want to say",
                 "Ask him to tell you in his own words; use shorter sentences", eileen),
        ]},
        "decision_making": {
            "how_to_offer_information": [
                _entry("Plain words, one thing at a time, written down in big print so I can look at it later.",
                       PERSON),
                _entry("Give him a day or two for big things. He likes to talk it over with me.", eileen),
                _entry("Show me the numbers on one page: what comes in and what goes out.", PERSON),
            ],
            "good_times_to_decide": [
                _entry("Monday mornings at the kitchen table. That's bills day.", PERSON),
            ],
            "bad_times_to_decide": [
                _entry("Match day! Don't ask me anything on a Saturday.", PERSON),
                _entry("Straight after a letter has worried him.", eileen),
            ],
            "decisions": [
                _decision("How I spend my money", [eileen], PERSON, "A one-page budget, in big print"),
                _decision("Signing contracts, including this one and phone deals", [eileen], PERSON,
                          "Read it through together first",
                          "Tom wants two days to think before he signs anything."),
                _decision("Which support workers I have", [eileen], PERSON, "Meet them first, at the allotment"),
                _decision("Where I live in the future", [eileen], PERSON, "Visits, not brochures",
                          "No move now: Tom wants to stay at home with his mum."),
                _decision("My tablets and hospital appointments", [eileen], PERSON,
                          "The letter read with him and the date on the calendar"),
            ],
        },
        "good_day_bad_day": {
            "good_day": [
                _entry("Leeks coming up, tea from the flask, a chat with Stan.", PERSON),
                _entry("We win at home!", PERSON),
                _entry("Fish and chips with Mum on a Friday.", PERSON),
            ],
            "bad_day": [
                _entry("A brown envelope I don't understand.", PERSON),
                _entry("The match is called off.", PERSON),
                _entry("Mum is poorly.", PERSON),
                _entry("Somebody has moved his tools.", eileen),
            ],
            "hopes_for_future": [
                _entry("Win a prize for my leeks at the show.", PERSON),
                _entry("Get the bus to the allotment by myself.", PERSON),
                _entry("Sort my own bills with a bit of help, so Mum doesn't worry.", PERSON),
                _entry("To know Tom will be all right when I'm gone, with people around him he trusts.", eileen),
            ],
        },
    }


TOM_DESIGN: dict[str, Any] = {
    "components": [
        {"id": "tom-out", "component_id": "personal-care-and-support",
         "notes": "The allotment on Tuesdays, Thursdays and Sunday mornings; walking football on Wednesday "
                  "evenings; the match on Saturdays, home and away.",
         "on_going": {"week": {
             "tuesday": {"daytime": "4"}, "wednesday": {"evening": "3"}, "thursday": {"daytime": "4"},
             "saturday": {"daytime": "6"}, "sunday": {"daytime": "3"}}}},
        {"id": "tom-letters", "component_id": "managing-personal-finances",
         "notes": "Bills day on Monday; on Friday, checking the bank and the week's shopping money.",
         "on_going": {"week": {"monday": {"daytime": "2"}, "friday": {"daytime": "1.5"}}}},
        {"id": "tom-bus", "component_id": "life-skills-training",
         "notes": "At a fixed price for the outcome, as Tom asked.",
         "fixed_term": {"weeks": 10, "target_outcome": "Tom takes the bus to the allotment and back on his own.",
                        "hours_per_week": {"day": "3"}, "fixed_price_for_outcome": "620.00",
                        "if_longer": {"rule": "refund-partial", "refund_percent": "30"}}},
        {"id": "tom-home", "component_id": "home-health-and-safety-assessment",
         "notes": "The stairs, the gas fire, the smoke alarms and the kitchen, with Tom and Eileen.",
         "one_off": {"fixed_price": "180.00", "date": _in(10)}},
    ],
    "specialists": [
        {"kind": "housing",
         "why": "Tom and Eileen want to plan ahead for where Tom will live when Eileen can no longer manage. "
                "No move now: options to think about, at their pace."},
    ],
    "cannot_offer": [
        {"what": "Care and support for Eileen herself as she gets older.",
         "pointed_to": "Calder Carers' Centre (carer's assessment and support for Eileen)"},
    ],
    "notes": "Tom chose each part himself; Eileen was there for the money talk because Tom asked her to be.",
}


def tom_plan(eileen: str) -> dict[str, Any]:
    return {
        "outcomes": [
            _outcome("Keep going to the football: every home game, and some away matches too.", PERSON,
                     "Tom goes to every home game and at least four away games this season.",
                     _in(240), ["tom-out"]),
            _outcome("Keep my allotment going and win a prize for my leeks.", PERSON,
                     "Tom's plot passes the committee's inspection and he enters the show.",
                     _in(300), ["tom-out"]),
            _outcome("Sort my own letters and bills, with help, so Mum doesn't have to.", PERSON,
                     "Every letter is opened and dealt with in the week it comes, bills are paid on time, and no "
                     "final demands for six months.", _in(180), ["tom-letters"]),
            _outcome("Get the bus to the allotment by myself.", PERSON,
                     "Tom goes to the allotment and back by bus on his own, three weeks running.",
                     _in(10 * 7 + 21), ["tom-bus"]),
            _outcome("Make sure the house is safe for Tom and for me.", eileen,
                     "The home is checked, and anything that needs fixing is reported to the landlord and done.",
                     _in(45), ["tom-home"]),
        ],
        "how_to_support_me_well": [
            _entry("Talk to me like a mate.", PERSON),
            _entry("Read letters with me; don't take them off me.", PERSON),
            _entry("Be on time, or text me.", PERSON),
            _entry("Keep to his week: Monday bills, Saturday match. Changes need notice.", eileen),
        ],
        "wanted_in_supporters": {
            "qualities": [
                _entry("Down to earth and a good laugh.", PERSON),
                _entry("Patient with him, and respectful to his mum.", eileen),
            ],
            "skills": [
                _entry("Good with forms and bills, and explains them plainly.", eileen),
                _entry("Can drive, for away games.", PERSON),
            ],
            "shared_interests": [
                _entry("Football. Same team, ideally!", PERSON),
                _entry("Gardening, or happy to get their hands dirty.", PERSON),
            ],
        },
        "what_matters_day_to_day": [
            _entry("My tea in my own mug.", PERSON),
            _entry("The results on the radio at five o'clock on a Saturday.", PERSON),
            _entry("Checking Mum is all right before I go out.", PERSON),
            _entry("His epilepsy tablets with breakfast and at bedtime.", eileen),
        ],
    }


# ---- building the cases ----------------------------------------------------------------------


def _save_picture(service: Any, case_id: str, picture: dict[str, dict[str, Any]], who: str) -> None:
    assert set(picture) == set(PICTURE_SECTIONS), "every tool of the picture is filled"
    for section, data in picture.items():
        _save(service, case_id, section, data, who)


def _priya(service: Any) -> None:
    case = _case(service, "Priya Sharma")
    circle = _members(service, case)
    anita, kiran, jo = circle["Anita Sharma"], circle["Kiran Sharma"], circle["Jo Marsh"]
    _save_picture(service, case, priya_picture(anita, kiran, jo), "Priya")
    _move(service, case, Stage.SERVICE_DESIGN, "Priya")
    _save(service, case, "service_design", PRIYA_DESIGN, "Priya")
    _move(service, case, Stage.SUPPORT_PLAN, "Priya")
    _save(service, case, "support_plan", priya_plan(anita, jo), "Priya")
    if journey.is_built(Stage.RISK):  # her plan is finished: on to risk once that stage exists
        _move(service, case, Stage.RISK, "Priya")


def _tom(service: Any) -> None:
    case = _case(service, "Tom Brennan")
    eileen = _members(service, case)["Eileen Brennan"]
    _move(service, case, Stage.PICTURE, "Tom")
    _save_picture(service, case, tom_picture(eileen), "Tom")
    _move(service, case, Stage.SERVICE_DESIGN, "Tom")
    _save(service, case, "service_design", TOM_DESIGN, "Tom")
    _move(service, case, Stage.SUPPORT_PLAN, "Tom")
    _save(service, case, "support_plan", tom_plan(eileen), "Tom")


def fill(service: Any) -> None:
    _priya(service)
    _tom(service)
