"""The risk and opportunity assessment: one per planned activity or decision, every field of the
provider's form. A draft may be saved half-filled; what must be complete before it goes to the
manager is decided by ``rules.blocking_reasons``, not by validation, so autosave never fails.

The manager's decision is deliberately not a field here: it is a separate record
(``decision.ManagerDecision``) with its own author and time, arriving through sync.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import AwareDatetime, Field, field_validator

from advisor_app.domain.fields import Id, ShortText, Text, new_id
from advisor_app.domain.messages import N_
from advisor_app.domain.risk.matrix import Rating, RiskMatrix, Severity, rating_severity
from advisor_app.domain.risk.reference import Reference
from advisor_app.domain.risk.text import TextList
from advisor_app.domain.validation import Model

MAX_REVIEWS = 4


class Subject(StrEnum):
    ACTIVITY = "activity"
    DECISION = "decision"


class ServesKind(StrEnum):
    OUTCOME = "outcome"  # an outcome in the support plan
    COMPONENT = "component"  # a component of the service design


class ServesLink(Model):
    """The outcome or component this activity serves. ``label`` is a copy for documents."""

    kind: ServesKind
    id: Id
    label: ShortText = ""


class HarmedParty(StrEnum):
    PERSON = "person"
    STAFF = "staff"
    CONTRACTORS = "contractors"
    PUBLIC = "public"


HARMED_PARTY_LABELS: dict[HarmedParty, str] = {
    HarmedParty.PERSON: N_("The person"),
    HarmedParty.STAFF: N_("Staff"),
    HarmedParty.CONTRACTORS: N_("Contractors"),
    HarmedParty.PUBLIC: N_("The public"),
}


class FourPlusOne(Model):
    tried: Text = ""
    learned: Text = ""
    pleased: Text = ""
    concerned: Text = ""
    next_steps: Text = ""


FOUR_PLUS_ONE_QUESTIONS: dict[str, str] = {
    "tried": N_("What have we tried?"),
    "learned": N_("What have we learned?"),
    "pleased": N_("What are we pleased about?"),
    "concerned": N_("What are we concerned about?"),
    "next_steps": N_("Given what we know, what next?"),
}


class CapacityAnswer(StrEnum):
    YES = "yes"
    NO = "no"
    NOT_ASSESSED = "not_assessed"


class PersonDecision(StrEnum):
    GO_AHEAD = "go_ahead"
    NOT_GO_AHEAD = "not_go_ahead"


CAPACITY_LABELS: dict[CapacityAnswer, str] = {
    CapacityAnswer.YES: N_("Yes, the person has capacity for this decision"),
    CapacityAnswer.NO: N_("No, the person does not have capacity for this decision"),
    CapacityAnswer.NOT_ASSESSED: N_("Not assessed yet"),
}
PERSON_DECISION_LABELS: dict[PersonDecision, str] = {
    PersonDecision.GO_AHEAD: N_("The person decided to go ahead"),
    PersonDecision.NOT_GO_AHEAD: N_("The person decided not to go ahead"),
}


class Capacity(Model):
    """Whether the person can make this decision. If they can, their decision is the record's:
    staff may advise but never coerce, and no decision in the app may contradict it."""

    has_capacity: CapacityAnswer = CapacityAnswer.NOT_ASSESSED
    person_decision: PersonDecision | None = None
    in_their_words: Text = ""
    notes: Text = ""  # how capacity was assessed, or the advice given

    @property
    def persons_decision(self) -> PersonDecision | None:
        """The decision that stands as the person's own: only when they have capacity for it."""
        return self.person_decision if self.has_capacity == CapacityAnswer.YES else None


class Consequence(Model):
    """The consequence of doing nothing for one party."""

    impact: Text = ""
    opportunity_lost: Text = ""
    rating: Rating | None = None


class DoingNothing(Model):
    person: Consequence = Field(default_factory=Consequence)
    friends_and_family: Consequence = Field(default_factory=Consequence)
    community: Consequence = Field(default_factory=Consequence)
    provider: Consequence = Field(default_factory=Consequence)


DOING_NOTHING_PARTIES: dict[str, str] = {
    "person": N_("The person"),
    "friends_and_family": N_("Friends and family"),
    "community": N_("The community"),
    "provider": N_("The provider"),
}


class Weighing(StrEnum):
    BENEFIT_OUTWEIGHS_RISK = "benefit_outweighs_risk"
    BALANCED = "balanced"
    RISK_OUTWEIGHS_BENEFIT = "risk_outweighs_benefit"


WEIGHING_LABELS: dict[Weighing, str] = {
    Weighing.BENEFIT_OUTWEIGHS_RISK: N_("The benefit outweighs the risk"),
    Weighing.BALANCED: N_("The benefit and the risk are balanced"),
    Weighing.RISK_OUTWEIGHS_BENEFIT: N_("The risk outweighs the benefit"),
}


class SupportMeasure(Model):
    """Who will do what by when (training included). Measures are added at reviews, never replaced."""

    who: ShortText = ""
    what: Text = ""
    by_when: dt.date | None = None
    is_training: bool = False
    added_at_review: int | None = Field(default=None, ge=1, le=MAX_REVIEWS)  # None: the first assessment


class ResidualRisk(Model):
    description: Text = ""
    rating: Rating | None = None


class ReviewRecord(Model):
    reviewed_on: dt.date
    changed: bool
    notes: Text = ""
    reviewed_by: ShortText = ""


class Signed(Model):
    """A reference to a signature captured elsewhere (the drawing and its evidence), and its date."""

    signature_id: Id | None = None
    signed_on: dt.date | None = None

    @property
    def is_signed(self) -> bool:
        return self.signature_id is not None and self.signed_on is not None


class Assessor(Signed):
    name: ShortText = ""
    role: ShortText = ""
    is_keyworker: bool = False


class ConsultationEntry(Signed):
    name: ShortText = ""
    role: ShortText = ""  # says who "other" is (an advocate, a GP, ...)
    should_consult: bool | None = None
    consulted_on: dt.date | None = None
    strategy_agreed: bool | None = None


class ConsultationTable(Model):
    individual: ConsultationEntry = Field(default_factory=ConsultationEntry)
    family: ConsultationEntry = Field(default_factory=ConsultationEntry)
    area_manager: ConsultationEntry = Field(default_factory=ConsultationEntry)
    care_team_member: ConsultationEntry = Field(default_factory=ConsultationEntry)
    care_manager: ConsultationEntry = Field(default_factory=ConsultationEntry)
    other_1: ConsultationEntry = Field(default_factory=ConsultationEntry)
    other_2: ConsultationEntry = Field(default_factory=ConsultationEntry)

    def rows(self) -> list[tuple[str, ConsultationEntry]]:
        """(key, entry) in the form's order; labels are in ``CONSULTEE_LABELS``."""
        return [(key, getattr(self, key)) for key in CONSULTEE_LABELS]


CONSULTEE_LABELS: dict[str, str] = {
    "individual": N_("The individual"),
    "family": N_("Family"),
    "area_manager": N_("Area manager"),
    "care_team_member": N_("A member of the care team"),
    "care_manager": N_("Care manager"),
    "other_1": N_("Other"),
    "other_2": N_("Other"),
}


class RiskAssessment(Model):
    id: Id = Field(default_factory=new_id)
    case_id: Id | None = None
    reference: Reference
    subject: Subject = Subject.ACTIVITY
    title: ShortText = ""  # the activity or decision, in a few words
    serves: ServesLink | None = None
    assessed_on: dt.date | None = None

    risk_description: Text = ""
    risks_identified: TextList = Field(default_factory=list)
    who_might_be_harmed: list[HarmedParty] = Field(default_factory=list, max_length=len(HarmedParty))
    who_might_be_harmed_other: ShortText = ""
    important_to: TextList = Field(default_factory=list)  # prefilled from the picture, then the advisor's
    important_for: TextList = Field(default_factory=list)
    four_plus_one: FourPlusOne = Field(default_factory=FourPlusOne)
    capacity: Capacity = Field(default_factory=Capacity)
    deprivation_of_liberty: bool | None = None  # None: not answered yet
    doing_nothing: DoingNothing = Field(default_factory=DoingNothing)
    benefit_vs_risk: Weighing | None = None
    important_personal_goal: bool = False
    safeguards: TextList = Field(default_factory=list)  # what changes the risk so a goal can go ahead
    triggers: TextList = Field(default_factory=list)
    support_measures: list[SupportMeasure] = Field(default_factory=list, max_length=100)
    residual_risk: ResidualRisk = Field(default_factory=ResidualRisk)
    monitoring: Text = ""
    success_looks_like: Text = ""
    reviews: list[ReviewRecord] = Field(default_factory=list)
    assessors: list[Assessor] = Field(default_factory=list, max_length=20)
    person_has_keyworker: bool = False
    instructions_to_staff: Text = ""
    completed_by: ShortText = ""
    # The assessors may set an earlier review than the policy's 12 months; never a later one.
    planned_review_on: dt.date | None = None
    consultation: ConsultationTable = Field(default_factory=ConsultationTable)
    # Set by the advisor's "Send for the manager's decision"; sending again asks for a new decision.
    sent_for_decision_at: AwareDatetime | None = None

    @field_validator("who_might_be_harmed")
    @classmethod
    def _once_each(cls, value: list[HarmedParty]) -> list[HarmedParty]:
        return list(dict.fromkeys(value))

    @field_validator("reviews")
    @classmethod
    def _at_most_four(cls, value: list[ReviewRecord]) -> list[ReviewRecord]:
        if len(value) > MAX_REVIEWS:
            raise ValueError(N_("An assessment holds up to four reviews. Start a new assessment after the fourth."))
        return value

    @property
    def needs_dols_process(self) -> bool:
        """Yes to the deprivation of liberty question: the separate process must be followed."""
        return self.deprivation_of_liberty is True

    @property
    def needs_safeguards(self) -> bool:
        """The risk outweighs the benefit but it is an important personal goal: look for safeguards."""
        return self.benefit_vs_risk == Weighing.RISK_OUTWEIGHS_BENEFIT and self.important_personal_goal

    @property
    def latest_review(self) -> ReviewRecord | None:
        return max(self.reviews, key=lambda review: review.reviewed_on, default=None)


def assessment_severities(matrix: RiskMatrix, assessment: RiskAssessment) -> dict[str, Severity | None]:
    """Every severity on the form, keyed by field path, None where not yet rated."""
    ratings = {f"doing_nothing.{party}": getattr(assessment.doing_nothing, party).rating
               for party in DOING_NOTHING_PARTIES}
    ratings["residual_risk"] = assessment.residual_risk.rating
    return {path: rating_severity(matrix, rating) for path, rating in ratings.items()}
