"""What is asked of each signer before they sign, and how the answers become their evidence.

The signing screens ask, one signer at a time: who is signing (the family's boxes only: the
advisor signs apart, for the provider), whether they sign for themselves or someone signs for
them and with what authority, and how they sign (drawing, a mark witnessed by the advisor, or a
supporter guiding the hand). ``SigningAnswers`` holds one signer's answers, ``still_needed`` says
what is missing before moving on, and ``evidence_fields`` turns them into the fields of that
signer's ``SignatureEvidence``, so the capacity and authority answers go with that signature and
no other.

Pure (no Qt, no I/O).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from advisor_app.domain.agreement import Authority, Signer, SignerRole, SigningMethod
from advisor_app.domain.messages import N_

# The boxes the family signs while they hold the laptop; the advisor's and the office's are not.
FAMILY_ROLES = frozenset({SignerRole.PERSON, SignerRole.NOMINATED_PERSON, SignerRole.FUNDING_DECISION_MAKER})
# Who may sign for someone who cannot sign for themselves (the advisor signs for the provider).
STAND_IN_AUTHORITIES = (Authority.LPA_PROPERTY_FINANCIAL, Authority.LPA_HEALTH_WELFARE, Authority.DEPUTY,
                        Authority.APPOINTEE, Authority.NOMINATED_PERSON, Authority.OTHER)
PLAIN_AUTHORITY = {
    Authority.LPA_PROPERTY_FINANCIAL: N_("They have a lasting power of attorney for money and property"),
    Authority.LPA_HEALTH_WELFARE: N_("They have a lasting power of attorney for health and care"),
    Authority.DEPUTY: N_("The Court of Protection made them a deputy"),
    Authority.APPOINTEE: N_("They are the appointee who looks after the benefits"),
    Authority.NOMINATED_PERSON: N_("They are the nominated person for the direct payment"),
    Authority.OTHER: N_("Something else (please say what)"),
}
# How a signer may sign, as the family reads it.
PLAIN_METHOD = {
    SigningMethod.DRAWN: N_("Sign my name"),
    SigningMethod.MARK: N_("Make a mark, like an X"),
    SigningMethod.ASSISTED: N_("Someone helps me hold the pen"),
}
PLAIN_METHOD_MORE = {
    SigningMethod.DRAWN: N_("Write your signature in the box."),
    SigningMethod.MARK: N_("Draw a cross or your own mark. The advisor watches and writes that they saw it."),
    SigningMethod.ASSISTED: N_("A person you trust guides your hand. Their name is written with the signature."),
}
MAX_NAME = 200
MAX_DETAILS = 500


def family_signers(signers: list[Signer]) -> list[Signer]:
    """The boxes the family signs in family mode (never the advisor's or the office's)."""
    return [s for s in signers if s.role in FAMILY_ROLES]


def advisor_signer(signers: list[Signer]) -> Signer | None:
    return next((s for s in signers if s.role == SignerRole.ADVISOR), None)


def asks_capacity(signer: Signer) -> bool:
    """"Can they sign for themselves?" is asked of the family's boxes, not of the advisor."""
    return signer.role in FAMILY_ROLES


@dataclass(frozen=True)
class SigningAnswers:
    """One signer's answers. A new signer starts from ``SigningAnswers(signer)``: nothing said
    for one signer carries over to the next."""

    signer: Signer
    stand_in: bool = False  # someone else signs for the box's owner
    stand_in_name: str = ""
    authority: Authority | None = None  # the stand-in's
    authority_details: str = ""
    method: SigningMethod = SigningMethod.DRAWN
    supporter_name: str = ""  # assisted: who guides the hand
    witness_name: str = ""  # a mark: the advisor who sees it made

    def with_(self, **changes: Any) -> "SigningAnswers":
        return replace(self, **changes)

    @property
    def signs_for_someone(self) -> bool:
        return asks_capacity(self.signer) and self.stand_in

    def signing_name(self, advisor_words: str = "Support advisor") -> str:
        """Who holds the pen: the stand-in, or the box's owner."""
        if self.signs_for_someone:
            return self.stand_in_name.strip()
        return self.signer.name or advisor_words

    def authority_used(self) -> Authority:
        if self.signer.role == SignerRole.ADVISOR:
            return Authority.FOR_PROVIDER
        if not self.signs_for_someone:
            return Authority.OWN_CAPACITY
        return self.authority or Authority.OTHER

    def capacity_needed(self) -> str | None:
        """What the capacity step still needs (None when it is answered)."""
        if not self.signs_for_someone:
            return None
        if not self.stand_in_name.strip():
            return N_("Please type the name of the person signing for them.")
        if self.authority is None:
            return N_("Please choose what lets them sign for them.")
        if self.authority == Authority.OTHER and not self.authority_details.strip():
            return N_("Please say what lets them sign for them.")
        return None

    def method_needed(self) -> str | None:
        """What the "how will you sign" step still needs (None when it is answered)."""
        if self.method == SigningMethod.ASSISTED and not self.supporter_name.strip():
            return N_("Please type the name of the person who helps to hold the pen.")
        if self.method == SigningMethod.ASSISTED and _same(self.supporter_name, self.signing_name()):
            return N_("The person who helps cannot be the person signing.")
        if self.method == SigningMethod.MARK and not self.witness_name.strip():
            return N_("A mark needs the name of the person who saw it made.")
        return None

    def still_needed(self) -> str | None:
        return self.capacity_needed() or self.method_needed()

    def evidence_fields(self, advisor_words: str = "Support advisor") -> dict[str, Any]:
        """The fields of ``SignatureEvidence`` these answers fill (the pen, the time, the bytes
        shown and the device are added by the signing screen)."""
        asked = asks_capacity(self.signer)
        stand_in = self.signs_for_someone
        method = self.method if self.signer.role != SignerRole.ADVISOR else SigningMethod.DRAWN
        return {
            "signer_name": self.signing_name(advisor_words)[:MAX_NAME],
            "role": self.signer.role,
            "field_name": self.signer.field,
            "authority": self.authority_used(),
            "authority_details": self.authority_details.strip()[:MAX_DETAILS] if stand_in else "",
            "on_behalf_of": self.signer.name if stand_in else "",
            "signs_for_themselves": (not stand_in) if asked else None,
            "method": method,
            "witness_name": self.witness_name.strip()[:MAX_NAME] if method == SigningMethod.MARK else "",
            "supporter_name": self.supporter_name.strip()[:MAX_NAME] if method == SigningMethod.ASSISTED else "",
        }


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
