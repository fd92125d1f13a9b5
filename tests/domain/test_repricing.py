"""What new provider files would do to an open proposal: priced again with the new rates (its own
design, options and budget as they were), and what of its design the new menu no longer offers."""

from __future__ import annotations

from decimal import Decimal

from advisor_app.domain.components import ComponentKind, ComponentMenu
from advisor_app.domain.proposals import ProposalStatus
from advisor_app.domain.proposals.repricing import is_open, menu_problems, reprice
from tests.domain.proposal_examples import BUS, MENU, PLAN, PROVIDER, WEEKDAYS, care, priced, sections


def test_the_same_rates_give_the_same_price_and_higher_rates_a_higher_one():
    proposal = priced(sections(), {"contingency": "100"})
    same = reprice(proposal, PROVIDER)
    assert (same.old_total, same.new_total, same.change, same.problems) == (
        Decimal("24680.08"), Decimal("24680.08"), Decimal(0), ())
    dearer = PROVIDER.model_copy(update={"rates": PROVIDER.rates.model_copy(update={"day": Decimal("20.95")})})
    again = reprice(proposal, dearer)
    assert again.new_total > again.old_total and again.change == again.new_total - again.old_total
    fewer_weeks = PROVIDER.model_copy(update={"weeks_per_year": 50})
    assert reprice(proposal, fewer_weeks).new_total < proposal.first_year_total


def test_a_function_the_new_rates_no_longer_have_cannot_be_priced_and_says_which():
    options = {"functions": [{"function": "Behaviour support team", "for_component": "care", "hours": "1"}]}
    proposal = priced(sections(), options)
    without = PROVIDER.model_copy(update={"optional_functions": {k: v for k, v in PROVIDER.optional_functions.items()
                                                                 if k != "Behaviour support team"}})
    result = reprice(proposal, without)
    assert result.new_total is None and result.change is None
    assert result.problems == ("It uses “Behaviour support team”, which the new rates no longer have.",)


def test_the_new_menu_says_what_of_the_design_it_no_longer_offers():
    design = {"components": [care({d: "4" for d in WEEKDAYS}), BUS, PLAN]}
    assert menu_problems(design, MENU) == []
    smaller = ComponentMenu(components=[c for c in MENU.components if c.id != "life-skills-training"])
    changed = ComponentMenu(components=[c.model_copy(update={"kind": ComponentKind.ON_GOING}) if c.id == PLAN["component_id"] else c
                                        for c in smaller.components])
    assert menu_problems(design, changed) == ["“life-skills-training” is no longer on the menu.",
                                              "“Person-centred plan facilitation” is now a different kind of support."]
    assert menu_problems(None, MENU) == [] and menu_problems({"components": "junk"}, MENU) == []


def test_only_drafts_and_offers_are_open():
    proposal = priced(sections())
    assert is_open(proposal)
    for status in (ProposalStatus.ACCEPTED, ProposalStatus.DECLINED, ProposalStatus.SUPERSEDED):
        assert not is_open(proposal.model_copy(update={"status": status}))
