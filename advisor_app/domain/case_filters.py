"""Finding cases at the office: by name, reference (now or before) or postcode, and by advisor,
stage and whether anything is overdue. Pure: the office's services give each case's facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from advisor_app.domain.case import case_matches
from advisor_app.domain.journey import Stage


@dataclass(frozen=True)
class CaseFilter:
    text: str = ""  # part of the name, a reference (now or before) or a postcode (spaces ignored)
    advisor: str = ""  # the advisor's name as their laptop gives it; "" : any
    stage: Stage | None = None
    overdue: bool = False  # only cases with a person-centred review or a risk review overdue

    def matches(self, header: Mapping[str, Any], advisor: str, overdue: bool) -> bool:
        """Whether a case (its header's saved data, its advisor, whether anything is overdue) is found."""
        if self.advisor and advisor != self.advisor:
            return False
        if self.stage is not None and header.get("stage") != self.stage.value:
            return False
        if self.overdue and not overdue:
            return False
        return case_matches(header, self.text)


def overdue(review_overdue: bool, risk_reviews_overdue: int) -> bool:
    """A case is overdue when its person-centred review is, or any approved risk assessment's review."""
    return review_overdue or risk_reviews_overdue > 0
