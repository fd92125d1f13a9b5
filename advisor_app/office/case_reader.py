"""A case as the office reads it, on the advisor's own stage pages.

The office's copy of every record and document of the case is put into a store held only in
memory (``Store.in_memory``: nothing is written to disk), so the advisor's own services answer for
it exactly as on the laptop: the risk assessments' statuses, the proposals' figures, the reviews'
due dates, the agreement's signatures. The copy is read-only twice over: the case is marked as
being elsewhere, so its store refuses any edit (as a laptop does for a case moved away), and the
office's screens show the pages read-only (``ui/widgets/read_only.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from advisor_app.domain.messages import N_, Msg
from advisor_app.domain.office_users import Action
from advisor_app.office.service import OfficeError, OfficeService, requires
from advisor_app.services import AdvisorService, CaseView
from advisor_app.store import CASE, Store


@dataclass
class ReadOnlyCase:
    service: AdvisorService  # over the in-memory copy: every read the advisor's pages make
    view: CaseView
    advisor: str
    laptop: str

    @property
    def case_id(self) -> str:
        return self.view.id

    def close(self) -> None:
        """Forget the copy."""
        self.service.lock()


def held_at(laptop: str) -> str:
    """Where the case is changed, as its read-only copy says (a refused edit names it)."""
    return Msg("the advisor's laptop ({laptop})", laptop=laptop) if laptop else N_("the advisor's laptop")


@requires(Action.READ)
def open_case(service: OfficeService, case_id: str) -> ReadOnlyCase:
    """The case, copied into memory from the office's records and documents."""
    records = service.store.records(case_id=case_id)
    header = next((r for r in records if r["entity"] == CASE and not r["deleted"]), None)
    if header is None:
        raise OfficeError(N_("That case has not reached the office."))
    laptop_id = service.store.case_laptop(case_id)
    device = service.store.device(laptop_id) if laptop_id else None
    advisor, laptop = (device or {}).get("advisor_name") or "", (device or {}).get("name") or ""
    copy = Store.in_memory(advisor_name=advisor)
    try:
        with copy.transaction():
            for record in [header, *(r for r in records if r is not header)]:
                copy.apply_office_record(record["entity"], record["entity_id"], case_id=case_id,
                                         version=int(record["version"]), data=record["data"],
                                         deleted=bool(record["deleted"]))
            for listed in service.store.documents(case_id):
                document = service.store.document(listed["sha256"])
                if document is not None:
                    copy.put_document(case_id=case_id, kind=document["kind"], title=document["title"],
                                      content=document["content"], meta=document["meta"], office=True)
            copy.set_case_moved(case_id, str(held_at(laptop)))
        reader = AdvisorService(copy)
        return ReadOnlyCase(reader, reader.load_case(case_id), advisor, laptop)
    except BaseException:
        copy.close()
        raise
