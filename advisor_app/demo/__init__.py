"""The demo store: invented people and families at different points of the journey.

Every name, address and number is invented (phone numbers are from Ofcom's drama ranges).
The demo is built through the same services as real work, so it is journaled too. Each feature
adds its part in its own module, finding its people by name with ``case_named``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from advisor_app.demo import after_signature, agreement, costing, foundation, picture, risk

# Shown on the unlock screen of the demo store only.
DEMO_PASSPHRASE = "bluebell meadow 2026"

# In journey order: later parts build on the cases the earlier ones made.
PARTS: tuple[Callable[[Any], None], ...] = (foundation.fill, picture.fill, costing.fill, risk.fill,
                                             agreement.fill, after_signature.fill)


def case_named(service: Any, name: str) -> str:
    """The id of the demo case whose person is called ``name``."""
    for case in service.list_cases():
        if case.person_name == name:
            return case.id
    raise LookupError(name)


def fill_demo(service: Any, *, office_decisions: bool = True) -> None:
    """Every part of the demo. ``office_decisions=False`` leaves out what only an office records
    (the manager's decisions on risk assessments, a handover's acknowledgement): for a demo store
    that syncs with a real office, which refuses such records from a laptop."""
    for part in PARTS:
        if part is risk.fill:
            risk.fill(service, decisions=office_decisions)
        elif part is after_signature.fill:
            after_signature.fill(service, office_records=office_decisions)
        else:
            part(service)


def create_demo_store(directory: Path, passphrase: str = DEMO_PASSPHRASE, *, office_records: bool = True) -> None:
    from advisor_app.services import AdvisorService

    service = AdvisorService.create(Path(directory), passphrase, advisor_name="Jess Demo (advisor)")
    try:
        fill_demo(service, office_decisions=office_records)
    finally:
        service.lock()
