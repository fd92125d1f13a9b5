"""What is asked of each signer and how it becomes their evidence: the family's list never has
the advisor; a stand-in says for whom and with what authority; a mark has its witness and an
assisted signature its supporter; nothing carries over from one signer to the next."""

from __future__ import annotations

import datetime as dt

from advisor_app.demo.agreement import synthetic_strokes
from advisor_app.domain.agreement import Authority, SignatureEvidence, Signer, SignerRole, SigningMethod
from advisor_app.domain.signature_answers import SigningAnswers, advisor_signer, family_signers

PRIYA = Signer("person", SignerRole.PERSON, "Priya Sharma", required=False)
ANITA = Signer("nominated_person", SignerRole.NOMINATED_PERSON, "Anita Sharma")
ADVISOR = Signer("advisor", SignerRole.ADVISOR, "Jess Demo")
OFFICE = Signer("office", SignerRole.OFFICE, "", required=False)


def evidence(answers: SigningAnswers) -> SignatureEvidence:
    return SignatureEvidence(strokes=synthetic_strokes(1), signed_at=dt.datetime(2026, 11, 20, tzinfo=dt.timezone.utc),
                             device_id="laptop", document_sha256="0" * 64, **answers.evidence_fields())


def test_the_familys_boxes_never_include_the_advisor_or_the_office():
    boxes = [PRIYA, ANITA, ADVISOR, OFFICE]
    assert family_signers(boxes) == [PRIYA, ANITA]
    assert advisor_signer(boxes) == ADVISOR and advisor_signer(family_signers(boxes)) is None


def test_signing_for_themselves_by_drawing():
    answers = SigningAnswers(PRIYA)
    assert answers.still_needed() is None
    made = evidence(answers)
    assert (made.signer_name, made.authority, made.signs_for_themselves, made.on_behalf_of, made.method) == (
        "Priya Sharma", Authority.OWN_CAPACITY, True, "", SigningMethod.DRAWN)


def test_a_stand_in_names_themselves_their_authority_and_for_whom():
    answers = SigningAnswers(PRIYA).with_(stand_in=True)
    assert "name of the person signing" in answers.capacity_needed()
    answers = answers.with_(stand_in_name="  Ravi Sharma ")
    assert "choose what lets them" in answers.capacity_needed()
    answers = answers.with_(authority=Authority.OTHER)
    assert "say what lets them" in answers.capacity_needed()
    answers = answers.with_(authority=Authority.DEPUTY, authority_details="COP 12345678")
    assert answers.still_needed() is None
    made = evidence(answers)
    assert (made.signer_name, made.on_behalf_of, made.signs_for_themselves, made.authority,
            made.authority_details) == ("Ravi Sharma", "Priya Sharma", False, Authority.DEPUTY, "COP 12345678")


def test_a_mark_is_witnessed_by_the_advisor():
    answers = SigningAnswers(PRIYA).with_(method=SigningMethod.MARK)
    assert "saw it made" in answers.method_needed()
    made = evidence(answers.with_(witness_name="Jess Demo"))
    assert (made.method, made.witness_name, made.supporter_name) == (SigningMethod.MARK, "Jess Demo", "")


def test_assisted_signing_names_who_guides_the_hand_and_it_is_not_the_signer():
    answers = SigningAnswers(ANITA).with_(method=SigningMethod.ASSISTED)
    assert "helps to hold the pen" in answers.method_needed()
    assert "cannot be the person signing" in answers.with_(supporter_name="anita  sharma").method_needed()
    made = evidence(answers.with_(supporter_name="Kiran Sharma", witness_name="left over"))
    assert (made.method, made.supporter_name, made.witness_name) == (SigningMethod.ASSISTED, "Kiran Sharma", "")


def test_the_advisor_is_not_asked_and_signs_for_the_provider():
    made = evidence(SigningAnswers(ADVISOR).with_(stand_in=True, stand_in_name="Someone", method=SigningMethod.MARK))
    assert (made.signer_name, made.authority, made.signs_for_themselves, made.on_behalf_of, made.method) == (
        "Jess Demo", Authority.FOR_PROVIDER, None, "", SigningMethod.DRAWN)


def test_a_new_signer_starts_from_nothing():
    ravi_for_priya = SigningAnswers(PRIYA).with_(stand_in=True, stand_in_name="Ravi", authority=Authority.DEPUTY)
    anita = SigningAnswers(ANITA)
    assert (anita.stand_in, anita.stand_in_name, anita.authority) == (False, "", None)
    assert evidence(anita).on_behalf_of == "" and evidence(ravi_for_priya).on_behalf_of == "Priya Sharma"
