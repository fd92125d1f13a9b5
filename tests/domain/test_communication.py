"""Communication needs (the Accessible Information Standard): recorded, refused plainly, flagged, met."""

from advisor_app.domain.case import summary_communication
from advisor_app.domain.communication import (
    CommunicationNeeds,
    Format,
    document_settings,
    flag_codes,
    flag_parts,
)
from advisor_app.domain.people import Circle, Person
from advisor_app.domain.validation import validate


def test_a_person_is_easy_read_until_told_otherwise_a_circle_member_has_no_needs_yet():
    person = validate(Person, {"first_name": "Priya"}).value
    assert person.communication.formats == [Format.EASY_READ]
    member = validate(Circle, {"members": [{"name": "Anita"}]}).value.members[0]
    assert member.communication == CommunicationNeeds()
    assert not member.communication.any


def test_needs_are_saved_with_the_person_and_each_member():
    data = {"first_name": "Aisha", "communication": {
        "language": "ur", "interpreter": True, "formats": ["easy_read", "large_print", "bsl"],
        "contact_by": "through_someone", "notes": "Her brother reads letters with her."}}
    person = validate(Person, data).value
    assert person.communication.language == "ur" and person.communication.large_print
    circle = validate(Circle, {"members": [{"name": "Sam", "communication": {"formats": ["braille"]}}]}).value
    assert circle.members[0].communication.formats == [Format.BRAILLE]


def test_bad_needs_get_one_plain_sentence_at_the_field():
    assert validate(Person, {"communication": {"language": "xx"}}).errors == {
        "communication.language": "Please choose a language from the list."}
    assert validate(Person, {"communication": {"formats": ["braille", "braille"]}}).errors == {
        "communication.formats": "Each way of getting information can be chosen once."}
    assert validate(Person, {"communication": {"formats": ["smoke signals"]}}).errors == {
        "communication.formats.0": "Please choose one of the options."}
    assert validate(Person, {"communication": {"contact_by": "pigeon"}}).errors == {
        "communication.contact_by": "Please choose one of the options."}
    assert "communication.shoe_size" in validate(Person, {"communication": {"shoe_size": 9}}).errors


def test_the_flag_says_language_interpreter_and_formats_and_how_many_in_the_circle():
    person = CommunicationNeeds(language="ur", interpreter=True, formats=[Format.EASY_READ, Format.LARGE_PRINT])
    circle = [CommunicationNeeds(), CommunicationNeeds(formats=[Format.BSL]), CommunicationNeeds(language="pl")]
    codes = flag_codes(person, circle)
    assert codes == ["lang:ur", "interpreter", "large_print", "circle:2"]
    assert [str(p) for p in flag_parts(codes)] == ["Urdu", "Interpreter", "Large print", "Circle: 2 with needs"]
    # easy read is every person's default (every family document is easy read): not a flag of its own
    assert flag_codes(CommunicationNeeds(formats=[Format.EASY_READ])) == []
    assert flag_parts(["lang:zz", "nonsense", "circle:x"]) == []  # codes from elsewhere never break the list


def test_the_case_header_copies_the_flag_from_the_saved_sections():
    person = {"first_name": "Aisha", "communication": {"language": "pl", "formats": ["easy_read", "makaton"]}}
    circle = {"members": [{"name": "Sam", "communication": {"interpreter": True}}, {"name": "Jo"}]}
    assert summary_communication(person, circle) == ["lang:pl", "makaton", "circle:1"]
    assert summary_communication({"first_name": "Old", "last_name": "Record"}, None) == []  # saved before needs


def test_a_document_meets_the_needs_its_language_large_print_and_easy_read():
    settings = document_settings(CommunicationNeeds(language="ur", formats=[Format.LARGE_PRINT]))
    assert (settings.language, settings.large_print, settings.easy_read) == ("ur", True, True)
    # a language without a catalog: the documents come in English (the flag asks for an interpreter)
    assert document_settings(CommunicationNeeds(language="bn")).language == "en"
    # the advisor may ask for another language (the CLI's --language); large print still follows the person
    chosen = document_settings(CommunicationNeeds(language="ur", formats=[Format.LARGE_PRINT]), "pl")
    assert (chosen.language, chosen.large_print) == ("pl", True)
    assert document_settings(None) == document_settings(CommunicationNeeds(formats=[Format.EASY_READ]))
