"""Which model validates each saved section of a case. Features add their own sections here."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from advisor_app.domain.budget_statement import BudgetStatement, DeliveredHours
from advisor_app.domain.case import CaseHeader
from advisor_app.domain.enquiry import Enquiry
from advisor_app.domain.funding import Funding
from advisor_app.domain.messages import N_, Msg
from advisor_app.domain.people import Circle, Person
from advisor_app.domain.photo import PHOTO, PhotoConsent
from advisor_app.domain.picture import PICTURE_SECTIONS
from advisor_app.domain.proposals import CostingOptions, Proposal
from advisor_app.domain.reviews import Review
from advisor_app.domain.risk import ChangeInCircumstances, ManagerDecision, RiskAssessment
from advisor_app.domain.service_design import ServiceDesign
from advisor_app.domain.setup import HandoverAcknowledgement, Setup
from advisor_app.domain.support_plan import SupportPlan
from advisor_app.domain.validation import Validation, validate

SECTION_MODELS: dict[str, type[BaseModel]] = {
    "enquiry": Enquiry,
    "person": Person,
    "circle": Circle,
    "funding": Funding,
    **PICTURE_SECTIONS,
    PHOTO: PhotoConsent,  # which photo of the person, and who agreed to it being used
    "service_design": ServiceDesign,
    "support_plan": SupportPlan,
    "costing": CostingOptions,
    "setup": Setup,
}


# Entities a case holds many of, each its own record (a list in the case's data, oldest first).
RECORD_MODELS: dict[str, type[BaseModel]] = {
    "proposal": Proposal,
    "risk_assessment": RiskAssessment,
    # The manager's decision is its own record, never an edit of the advisor's assessment.
    "risk_decision": ManagerDecision,
    "risk_change": ChangeInCircumstances,
    "review": Review,
    "budget_statement": BudgetStatement,
    "delivered_hours": DeliveredHours,  # batches of rows: typed in, or one imported file each
    # The local manager's acknowledgement of a handover: issued at the office only.
    "handover_acknowledgement": HandoverAcknowledgement,
}


# Fields of a section the advisor's form never writes (set by a use case, like the handover): a
# save keeps them as stored (or their defaults, before anything is stored).
PROTECTED_FIELDS: dict[str, tuple[str, ...]] = {
    "setup": ("handed_over_on", "handover_pack_sha256"),
}


def keep_protected(name: str, clean: dict[str, Any], stored: dict[str, Any] | None) -> dict[str, Any]:
    """``clean`` with the section's protected fields as ``stored`` has them."""
    fields = PROTECTED_FIELDS.get(name)
    if not fields:
        return clean
    source = stored if stored is not None else SECTION_MODELS[name]().model_dump(mode="json")
    return {**clean, **{key: source.get(key) for key in fields}}


CASE = "case"  # the case's own record: its header

# What each kind of record is called where a person reads about it (the office's screens, a refusal).
ENTITY_TITLES: dict[str, str] = {
    "case": N_("The case"),
    "enquiry": N_("Enquiry"),
    "person": N_("The person"),
    "circle": N_("Circle of support"),
    "funding": N_("Funding"),
    "one_page_profile": N_("One-page profile"),
    "important_to_for": N_("Important to and important for"),
    "working_not_working": N_("Working and not working"),
    "communication": N_("Communication"),
    "decision_making": N_("Decision making"),
    "good_day_bad_day": N_("A good day and a bad day"),
    "service_design": N_("Service design"),
    "support_plan": N_("Support plan"),
    "costing": N_("Costing"),
    "proposal": N_("Proposal"),
    "risk_assessment": N_("Risk assessment"),
    "risk_decision": N_("Manager's decision"),
    "risk_change": N_("Change in circumstances"),
    "photo": N_("Photo of the person"),
    "setup": N_("Setting up and handover"),
    "review": N_("Person-centred review"),
    "budget_statement": N_("Budget statement"),
    "delivered_hours": N_("Delivered hours"),
    "handover_acknowledgement": N_("Manager's acknowledgement of the handover"),
    "document": N_("Document"),
}

# The change journal's schema versions these models read. Version 2 added a case's
# ``former_references`` (empty by default), so a version 1 record reads the same.
READS_SCHEMA_VERSIONS = (1, 2)


def register(name: str, model: type[BaseModel]) -> None:
    SECTION_MODELS[name] = model


def validate_record(entity: str, data: Any) -> Validation:
    model = RECORD_MODELS.get(entity)
    if model is None:
        return Validation(errors={"_record": Msg("There is no kind of case record called “{name}”.", name=entity)})
    return validate(model, data)


def validate_section(name: str, data: Any) -> Validation:
    model = SECTION_MODELS.get(name)
    if model is None:
        return Validation(errors={"_section": Msg("There is no part of a case called “{name}”.", name=name)})
    return validate(model, data)


def model_for(entity: str) -> type[BaseModel] | None:
    """The model that validates a record of ``entity``: the case's header, a section or a record."""
    return CaseHeader if entity == CASE else SECTION_MODELS.get(entity) or RECORD_MODELS.get(entity)


def validate_entity(entity: str, data: Any, schema_version: int = READS_SCHEMA_VERSIONS[-1]) -> Validation:
    """Any record of a case, checked as the laptop checks it before saving, for the journal schema
    version it was written under."""
    if schema_version not in READS_SCHEMA_VERSIONS:
        return Validation(errors={"_schema": Msg("It was written by a version of the app this one does not "
                                                 "read (schema {version}).", version=schema_version)})
    model = model_for(entity)
    if model is None:
        return Validation(errors={"_record": Msg("There is no kind of case record called “{name}”.", name=entity)})
    return validate(model, data)


def normalised(name: str, data: Any) -> dict[str, Any]:
    """The section as it is stored: validated, with defaults filled and types made plain JSON."""
    result = validate_section(name, data)
    if not result.ok:
        raise ValueError(result.errors)
    return result.value.model_dump(mode="json")
