"""One page per built stage of the journey. A later stage adds its module and registers here."""

from advisor_app.domain.journey import Stage
from advisor_app.ui.stages.agreement import AgreementPage
from advisor_app.ui.stages.base import PAGES, StageContext, StagePage, has_page, register_page
from advisor_app.ui.stages.costing import CostingPage
from advisor_app.ui.stages.enquiry import EnquiryPage
from advisor_app.ui.stages.first_meetings import FirstMeetingsPage
from advisor_app.ui.stages.picture import PicturePage
from advisor_app.ui.stages.risk import RiskPage
from advisor_app.ui.stages.service_design import ServiceDesignPage
from advisor_app.ui.stages.support_plan import SupportPlanPage

register_page(Stage.ENQUIRY, EnquiryPage)
register_page(Stage.FIRST_MEETINGS, FirstMeetingsPage)
register_page(Stage.PICTURE, PicturePage)
register_page(Stage.SERVICE_DESIGN, ServiceDesignPage)
register_page(Stage.SUPPORT_PLAN, SupportPlanPage)
register_page(Stage.COSTING, CostingPage)
register_page(Stage.RISK, RiskPage)
register_page(Stage.AGREEMENT, AgreementPage)

__all__ = ["PAGES", "StageContext", "StagePage", "has_page", "register_page"]
