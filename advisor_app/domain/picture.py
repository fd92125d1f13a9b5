"""The person-centred picture: person-centred thinking tools, in the person's and family's words.

Each tool is one section, saved as one JSON document per case (names in ``PICTURE_SECTIONS``).
The relationship circle is the foundation's ``circle`` section; entries here point at its
members by id (``whose_words``, ``involved``, ``final_say``).
"""

from __future__ import annotations

from enum import StrEnum
from itertools import zip_longest
from typing import Annotated

from pydantic import Field

from advisor_app.domain.entries import MAX_ENTRIES, Entries, Entry, EntryText, Note, UniqueIds, Who
from advisor_app.domain.fields import Id, new_id
from advisor_app.domain.messages import N_
from advisor_app.domain.validation import Model


class OnePageProfile(Model):
    like_and_admire: Entries = Field(default_factory=list)  # what people like and admire about them
    important_to: Entries = Field(default_factory=list)  # what is important to them
    how_to_support: Entries = Field(default_factory=list)  # how best to support them


class ImportantToFor(Model):
    """Important *to* the person (what they care about) beside important *for* them (health, safety)."""

    important_to: Entries = Field(default_factory=list)
    important_for: Entries = Field(default_factory=list)

    def side_by_side(self) -> list[tuple[Entry | None, Entry | None]]:
        """Rows of (important to, important for), so screens and documents show the balance."""
        return list(zip_longest(self.important_to, self.important_for))


class View(StrEnum):
    PERSON = "person"
    FAMILY = "family"
    STAFF = "staff"
    OTHERS = "others"


VIEW_LABELS = {
    View.PERSON: N_("The person's view"),
    View.FAMILY: N_("The family's view"),
    View.STAFF: N_("Staff's view"),
    View.OTHERS: N_("Others' view"),
}


class Statement(Entry):
    view: View  # whose perspective the statement is from; whose_words may name the speaker


Statements = Annotated[list[Statement], Field(max_length=MAX_ENTRIES), UniqueIds]


class WorkingNotWorking(Model):
    working: Statements = Field(default_factory=list)
    not_working: Statements = Field(default_factory=list)

    def by_view(self) -> dict[View, tuple[list[Statement], list[Statement]]]:
        """For each view, (working, not working): the grid the tool is usually drawn as."""
        return {
            view: ([s for s in self.working if s.view == view], [s for s in self.not_working if s.view == view])
            for view in View
        }


class CommunicationRow(Model):
    id: Id = Field(default_factory=new_id)
    what_is_happening: Note = ""  # the situation, when it matters
    person_does: EntryText  # what the person does
    usually_means: Note = ""  # what we think it means
    others_should: Note = ""  # what others should do
    whose_words: Who | None = None


class CommunicationChart(Model):
    rows: Annotated[list[CommunicationRow], Field(max_length=MAX_ENTRIES), UniqueIds] = Field(default_factory=list)


class AgreedDecision(Model):
    """One row of the decision-making agreement."""

    id: Id = Field(default_factory=new_id)
    decision: EntryText
    involved: Annotated[list[Who], Field(max_length=50)] = Field(default_factory=list)
    how_to_offer_information: Note = ""
    final_say: Who | None = None
    note: Note = ""


class DecisionMaking(Model):
    """The decision-making profile (how the person decides best) and agreement (who decides what)."""

    how_to_offer_information: Entries = Field(default_factory=list)
    good_times_to_decide: Entries = Field(default_factory=list)
    bad_times_to_decide: Entries = Field(default_factory=list)
    decisions: Annotated[list[AgreedDecision], Field(max_length=MAX_ENTRIES), UniqueIds] = Field(
        default_factory=list
    )


class GoodDayBadDay(Model):
    """A good day, a bad day, and hopes for the future."""

    good_day: Entries = Field(default_factory=list)
    bad_day: Entries = Field(default_factory=list)
    hopes_for_future: Entries = Field(default_factory=list)


PICTURE_SECTIONS: dict[str, type[Model]] = {
    "one_page_profile": OnePageProfile,
    "important_to_for": ImportantToFor,
    "working_not_working": WorkingNotWorking,
    "communication": CommunicationChart,
    "decision_making": DecisionMaking,
    "good_day_bad_day": GoodDayBadDay,
}
PICTURE_TITLES: dict[str, str] = {
    "one_page_profile": N_("One-page profile"),
    "important_to_for": N_("Important to and important for"),
    "working_not_working": N_("Working and not working"),
    "communication": N_("How the person communicates"),
    "decision_making": N_("How the person makes decisions"),
    "good_day_bad_day": N_("Good days, bad days and hopes"),
}
