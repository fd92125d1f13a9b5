"""Progress for Providers, the rules: the self-assessment's sections and indicators (Appendix I),
a grade checked field by field, and the figures the cases evidence: each a count over a count that
holds whatever the cases are."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor_app.domain.journey import Stage, Status
from advisor_app.domain.provider_progress import (
    BY_CODE, INDICATORS, RULES, SECTIONS, CaseEvidence, Evidenced, Figure, SelfAssessment, figure, figures,
    latest_grades,
)
from advisor_app.domain.validation import validate


def test_the_self_assessment_has_the_books_sections_and_five_grades_for_each_indicator():
    assert len(SECTIONS) == 8 and SECTIONS[0] == "1. Leadership and strategy"
    assert len(INDICATORS) == 19 and all(len(i.grades) == 5 and all(i.grades) for i in INDICATORS)
    assert {r.indicator for r in RULES} <= set(BY_CODE)
    assert {BY_CODE[r.indicator].title for r in RULES} == {
        "Person-centred planning and support plans", "Contracts", "Outcome-focused reviews",
        "Selecting and recruiting staff", "Accounting", "A person-centred approach to risk"}


def test_a_grade_is_checked_field_by_field():
    ok = validate(SelfAssessment, {"indicator": "risk", "grade": 4, "assessed_on": "2026-03-01", "evidence": "Policy"})
    assert ok.ok
    assert validate(SelfAssessment, {"indicator": "risk", "grade": 6, "assessed_on": "2026-03-01"}).errors.keys() == {"grade"}
    assert validate(SelfAssessment, {"indicator": "nope", "grade": 3, "assessed_on": "2026-03-01"}).errors == {
        "indicator": "Choose one of the indicators of Progress for Providers."}
    assert "assessed_on" in validate(SelfAssessment, {"indicator": "risk", "grade": 3, "assessed_on": "March"}).errors


def test_the_latest_grade_of_each_indicator_counts():
    older = SelfAssessment(indicator="risk", grade=2, assessed_on=dt.date(2025, 1, 1))
    newer = SelfAssessment(indicator="risk", grade=4, assessed_on=dt.date(2026, 1, 1))
    other = SelfAssessment(indicator="contracts", grade=3, assessed_on=dt.date(2025, 6, 1))
    assert latest_grades([newer, older, other]) == {"risk": newer, "contracts": other}


def case(**facts) -> CaseEvidence:
    return CaseEvidence(facts.pop("case_id", "c"), facts.pop("stage", Stage.REVIEWS), facts.pop("status", Status.OPEN),
                        **facts)


def test_each_figure_counts_what_it_says():
    cases = [
        case(plan_outcomes=2, plan_outcomes_linked=2, accepted_proposal=True, signed_agreement=True,
             support_started=True, involved_in_recruitment=True, reviews_held=1, latest_review_with_statement=True,
             risks_approved=2, risks_overdue=1),
        case(plan_outcomes=2, plan_outcomes_linked=1, accepted_proposal=True, support_started=True, review_overdue=True,
             reviews_held=2),
        case(stage=Stage.SUPPORT_PLAN, plan_outcomes=1, plan_outcomes_linked=1, accepted_proposal=True),  # not yet supported
        case(status=Status.CLOSED, signed_agreement=True, risks_approved=3),  # closed: not counted
    ]
    found = {f.figure: (f.numerator, f.denominator) for f in figures(cases)}
    assert found == {Evidenced.COSTED_PLANS: (1, 2), Evidenced.SIGNED_CONTRACTS: (1, 2),
                     Evidenced.REVIEWS_ON_TIME: (1, 2), Evidenced.RECRUITMENT: (1, 2),
                     Evidenced.BUDGET_STATEMENTS: (1, 2), Evidenced.RISK_REVIEWS: (1, 2)}


def test_a_figure_is_a_whole_per_cent_rounded_half_up_and_none_with_nothing_to_count():
    assert Figure(Evidenced.COSTED_PLANS, 1, 8).percent == Decimal(13)  # 12.5
    assert Figure(Evidenced.COSTED_PLANS, 2, 3).percent == Decimal(67)
    assert Figure(Evidenced.COSTED_PLANS, 0, 0).percent is None


evidence = st.builds(
    CaseEvidence, case_id=st.uuids().map(str), stage=st.sampled_from(list(Stage)), status=st.sampled_from(list(Status)),
    plan_outcomes=st.integers(0, 4), plan_outcomes_linked=st.integers(0, 4), accepted_proposal=st.booleans(),
    signed_agreement=st.booleans(), support_started=st.booleans(), review_overdue=st.booleans(),
    recruitment_recorded=st.booleans(), involved_in_recruitment=st.booleans(), reviews_held=st.integers(0, 3),
    latest_review_with_statement=st.booleans(), risks_approved=st.integers(0, 3),
    risks_overdue=st.integers(0, 3)).filter(lambda c: c.risks_overdue <= c.risks_approved)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(evidence, max_size=40))
def test_every_figure_is_a_part_of_its_whole_whatever_the_cases(cases):
    found = figures(cases)
    assert [f.figure for f in found] == [r.figure for r in RULES]
    for f in found:
        assert 0 <= f.numerator <= f.denominator
        assert f.percent is None if not f.denominator else Decimal(0) <= f.percent <= Decimal(100)
    supported = [c for c in cases if c.status == Status.OPEN and c.stage in (Stage.AGREEMENT, Stage.SETUP, Stage.REVIEWS)]
    assert figure(Evidenced.SIGNED_CONTRACTS, cases).denominator == len(supported)
    assert figure(Evidenced.SIGNED_CONTRACTS, cases).numerator == sum(c.signed_agreement for c in supported)
    assert figure(Evidenced.RISK_REVIEWS, cases).denominator == sum(c.risks_approved for c in cases
                                                                     if c.status == Status.OPEN)
    # Adding a case that is not supported changes no figure about the people supported.
    extra = case(stage=Stage.ENQUIRY, signed_agreement=True, accepted_proposal=True)
    assert figure(Evidenced.SIGNED_CONTRACTS, [*cases, extra]) == figure(Evidenced.SIGNED_CONTRACTS, cases)
