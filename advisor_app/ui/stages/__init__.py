"""One page per built stage of the journey. A later stage adds its module and registers here.

Each page's module is imported when a page of its stage is first built, not at launch: together
they pull in reportlab and pyHanko (about 0.5 s), which the launch to the unlock screen (budget
1 s) must not pay.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from advisor_app.domain.journey import Stage
from advisor_app.ui.stages.base import PAGES, StageContext, StagePage, has_page, register_page


def _lazy(module: str, name: str) -> Callable[[StageContext], StagePage]:
    def build(context: StageContext) -> StagePage:
        page_class = getattr(importlib.import_module(f"advisor_app.ui.stages.{module}"), name)
        return page_class(context)

    return build


for _stage, _module, _name in (
    (Stage.ENQUIRY, "enquiry", "EnquiryPage"),
    (Stage.FIRST_MEETINGS, "first_meetings", "FirstMeetingsPage"),
    (Stage.PICTURE, "picture", "PicturePage"),
    (Stage.SERVICE_DESIGN, "service_design", "ServiceDesignPage"),
    (Stage.SUPPORT_PLAN, "support_plan", "SupportPlanPage"),
    (Stage.COSTING, "costing", "CostingPage"),
    (Stage.RISK, "risk", "RiskPage"),
    (Stage.AGREEMENT, "agreement", "AgreementPage"),
    (Stage.SETUP, "setup", "SetupPage"),
    (Stage.REVIEWS, "reviews", "ReviewsPage"),
):
    register_page(_stage, _lazy(_module, _name))

__all__ = ["PAGES", "StageContext", "StagePage", "has_page", "register_page"]
