"""A change in the person's health or circumstances, recorded by the advisor.

It is its own record, never an edit of the assessment: the assessment may already be approved,
and what the manager approved must stay as it was. A change brings the review forward
(``dates.next_review_date``): the assessment is due for review on the day the change was
recorded. A change about no assessment in particular (``assessment_id`` None) is about the
person, so it brings forward every assessment of the case.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from pydantic import ConfigDict, Field

from advisor_app.domain.fields import Id, ShortText, Text, new_id
from advisor_app.domain.validation import Model


class ChangeInCircumstances(Model):
    model_config = ConfigDict(frozen=True)  # a record of what happened; a new one is added, never edited

    id: Id = Field(default_factory=new_id)
    case_id: Id | None = None
    assessment_id: Id | None = None  # None: about the person, so every assessment of the case
    recorded_on: dt.date
    what_changed: Text = Field(min_length=1)
    recorded_by: ShortText = ""

    def concerns(self, assessment_id: str) -> bool:
        return self.assessment_id is None or self.assessment_id == assessment_id


def latest_change_on(changes: Iterable[ChangeInCircumstances], assessment_id: str) -> dt.date | None:
    """The day of the latest change that concerns the assessment, for ``lifecycle.status``."""
    return max((c.recorded_on for c in changes if c.concerns(assessment_id)), default=None)
