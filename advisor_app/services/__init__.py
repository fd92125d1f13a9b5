"""The use cases the UI, the CLI and the office call: the only place that joins domain and I/O.

Split by feature: ``cases`` (stores, cases, sections, journey, export/import), ``documents``
(building, storing and listing PDFs), and more as features arrive.
"""

from advisor_app.services.cases import (
    AdvisorService,
    CaseSummary,
    CaseView,
    ImportRefused,
    SaveResult,
    SectionState,
)

__all__ = ["AdvisorService", "CaseSummary", "CaseView", "ImportRefused", "SaveResult", "SectionState"]
