"""Demo agreement: Priya Sharma's accepted proposal, read at home. Priya does not sign for herself:
Anita (her mum and nominated person) signs Priya's box for her, then her own, then the advisor
signs, all with synthetic strokes. The office's box is left empty."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from advisor_app.domain.agreement import Authority, SignatureEvidence, SignerRole, text_sha256


def synthetic_strokes(seed: int, width: float = 400,
                      height: float = 150) -> list[list[tuple[float, float, int, float]]]:
    """A made-up signature: a looping line and an underline, with times and pressure."""
    loop, t = [], 0
    for i in range(80):
        a = i / 79
        x = 20 + a * (width - 60)
        y = height / 2 + math.sin(a * (8 + seed) * math.pi) * height * 0.25 * (1 - a / 2)
        t += 12
        loop.append((round(x, 1), round(y, 1), t, round(0.45 + 0.3 * math.sin(a * math.pi), 2)))
    t += 300
    underline = [(30.0 + i * (width - 80) / 9, height * 0.85 - i * 1.5, t + i * 15, 0.6) for i in range(10)]
    return [loop, underline]


def _sign(service: Any, case: str, sha: str, field: str, name: str, role: SignerRole, authority: Authority,
          details: str, seed: int, **more: Any) -> str:
    from advisor_app.services import agreement

    evidence = SignatureEvidence(
        strokes=synthetic_strokes(seed), signer_name=name, role=role, authority=authority,
        authority_details=details, signed_at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0),
        device_id=service.store.device_id, document_sha256=sha, field_name=field,
        statement_sha256=text_sha256(f"{name}, by signing you agree to the agreement you have just read together."),
        **more)
    return agreement.add_signature(service, case, sha, field, evidence).sha256


def fill(service: Any) -> None:
    from advisor_app.demo import case_named
    from advisor_app.services import agreement, documents

    case = case_named(service, "Priya Sharma")
    if agreement.signed_versions(service, case) or agreement.missing(service, case):
        return  # already signed; or not ready (a store made without the advisor's name)
    version = agreement.start_signing(service, case)
    details = "Nominated person for Priya's direct payment (Bradford Council)"
    sha = _sign(service, case, version.sha256, "person", "Anita Sharma", SignerRole.PERSON,
                Authority.NOMINATED_PERSON, details, 2, on_behalf_of="Priya Sharma", signs_for_themselves=False)
    sha = _sign(service, case, sha, "nominated_person", "Anita Sharma", SignerRole.NOMINATED_PERSON,
                Authority.NOMINATED_PERSON, details, 1, signs_for_themselves=True)
    _sign(service, case, sha, "advisor", documents.advisor_name(service) or "Support advisor", SignerRole.ADVISOR,
          Authority.FOR_PROVIDER, "", 3)
