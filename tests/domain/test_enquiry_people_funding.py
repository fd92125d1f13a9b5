"""The foundation's forms: what an advisor sees when an answer needs checking."""

import datetime as dt
from decimal import Decimal

from advisor_app.domain.enquiry import Enquiry
from advisor_app.domain.funding import Funding
from advisor_app.domain.people import Circle, Person
from advisor_app.domain.validation import validate


def test_enquiry_from_a_signposter_notes_the_signposter_type_without_refusing_the_save():
    result = validate(Enquiry, {"route": "signposter"})
    assert result.ok  # saved as typed: nothing is lost
    assert result.value.reminders() == {"signposter_type": "Please say what kind of signposter got in touch."}
    assert "What kind of signposter got in touch" in result.value.missing()
    assert validate(Enquiry, {"route": "signposter", "signposter_type": "teacher"}).value.reminders() == {}


def test_not_pursuing_needs_the_honest_answer_and_where_the_family_was_pointed():
    result = validate(Enquiry, {"decision": "not_pursue"})
    assert result.value.reminders() == {
        "decision_reason": "Please record the honest answer given to the family.",
        "pointed_to": "Please record the organisation the family was pointed to.",
    }
    ok = validate(Enquiry, {"decision": "not_pursue", "decision_reason": "We do not employ nurses.",
                            "pointed_to": "Community Nursing"})
    assert ok.value.reminders() == {}


def test_enquiry_field_messages_are_plain_and_placed_on_the_field():
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    result = validate(Enquiry, {"received_on": tomorrow, "postcode": "not a postcode",
                                "contact_email": "nobody", "contact_phone": "call me", "urgency": "yesterday"})
    assert result.errors == {
        "received_on": "This date is in the future. Please check it.",
        "postcode": "Please enter a UK postcode, like LS6 2AB.",
        "contact_email": "Please enter an email address, like name@example.org.",
        "contact_phone": "Please enter a phone number using digits, like 0113 496 0000.",
        "urgency": "Please choose one of the options.",
    }


def test_impossible_date_and_unknown_field_are_refused():
    result = validate(Enquiry, {"received_on": "2026-02-30", "secret": "x"})
    assert result.errors["received_on"] == "Please enter a real date, like 2026-03-14."
    assert result.errors["secret"] == "This field is not part of the form."


def test_postcode_is_tidied_and_missing_items_listed():
    enquiry = validate(Enquiry, {"postcode": " ls62ab "}).value
    assert enquiry.postcode == "LS6 2AB"
    assert "What they are looking for" in enquiry.missing()


def test_person_saves_half_typed_and_keeps_their_preferred_name():
    assert validate(Person, {"first_name": "Callum"}).ok
    person = validate(Person, {"first_name": "Thomas", "last_name": "Brennan", "preferred_name": "Tom"}).value
    assert person.display_name == "Tom Brennan"


def test_huge_text_is_refused_with_the_limit():
    result = validate(Person, {"first_name": "A" * 500, "last_name": "B"})
    assert result.errors == {"first_name": "Please keep this to 200 characters or fewer."}


def test_only_one_nominated_person_in_the_circle():
    circle = {"members": [
        {"name": "Anita", "roles": ["nominated_person", "funding_decision_maker"]},
        {"name": "Kiran", "roles": ["nominated_person"]},
    ]}
    assert validate(Circle, circle).value.reminders() == {"members.1.roles": "Only one person can be the nominated person."}


def test_a_member_listed_twice_is_refused():
    member = {"id": "m1", "name": "Anita"}
    assert validate(Circle, {"members": [member, member]}).errors == {
        "members": "Each member of the circle must be listed once."}


def test_circle_finds_who_decides():
    circle = validate(Circle, {"members": [{"name": "Anita", "roles": ["funding_decision_maker"]},
                                           {"name": "Jo", "roles": ["advocate"]}]}).value
    assert [m.name for m in circle.with_role("funding_decision_maker")] == ["Anita"]


def test_funding_adds_up_to_the_penny_per_year():
    funding = validate(Funding, {"sources": [
        {"type": "direct_payment", "amount": "612.50", "period": "week"},
        {"type": "self_funding", "amount": "100.01", "period": "month"},
        {"type": "individual_service_fund", "amount": "1000", "period": "year"},
    ]}).value
    assert funding.annual_total() == Decimal("31850.00") + Decimal("1200.12") + Decimal("1000.00")


def test_money_must_be_pounds_and_pence():
    for bad in ("12.345", "twelve", 12.5, "-5.00"):
        result = validate(Funding, {"sources": [{"type": "direct_payment", "amount": bad}]})
        assert "sources.0.amount" in result.errors, bad
    assert validate(Funding, {"sources": [{"type": "direct_payment", "amount": "£1,250.5"}]}).ok
