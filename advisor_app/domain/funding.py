"""Where the money comes from, how much, and who controls it."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from pydantic import Field

from advisor_app.domain.fields import Id, Money, ShortText, Text, new_id
from advisor_app.domain.messages import N_
from advisor_app.domain.validation import Model


class FundingType(StrEnum):
    DIRECT_PAYMENT = "direct_payment"
    INDIVIDUAL_SERVICE_FUND = "individual_service_fund"
    LOCAL_AUTHORITY_PURCHASE = "local_authority_purchase"
    SELF_FUNDING = "self_funding"


class Period(StrEnum):
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


FUNDING_LABELS = {
    FundingType.DIRECT_PAYMENT: N_("Personal budget as a direct payment"),
    FundingType.INDIVIDUAL_SERVICE_FUND: N_("Individual Service Fund held by us"),
    FundingType.LOCAL_AUTHORITY_PURCHASE: N_("Bought by the local authority"),
    FundingType.SELF_FUNDING: N_("Paying for it themselves"),
}
PERIOD_LABELS = {Period.WEEK: N_("a week"), Period.MONTH: N_("a month"), Period.YEAR: N_("a year")}

PERSON = "person"  # controlled_by value meaning the person themselves
LOCAL_AUTHORITY = "local_authority"


class FundingSource(Model):
    id: Id = Field(default_factory=new_id)
    type: FundingType
    amount: Money
    period: Period = Period.YEAR
    controlled_by: Id = PERSON  # "person", "local_authority" or a circle member's id
    notes: Text = ""

    def annual(self, weeks_per_year: int = 52) -> Decimal:
        factor = {Period.WEEK: weeks_per_year, Period.MONTH: 12, Period.YEAR: 1}[self.period]
        return (self.amount * factor).quantize(Decimal("0.01"), ROUND_HALF_UP)


class Funding(Model):
    sources: list[FundingSource] = Field(default_factory=list, max_length=20)
    notes: Text = ""
    # Where the money is still being confirmed (e.g. awaiting an assessment), say so.
    status_note: ShortText = ""

    def annual_total(self, weeks_per_year: int = 52) -> Decimal:
        return sum((s.annual(weeks_per_year) for s in self.sources), Decimal("0.00"))
