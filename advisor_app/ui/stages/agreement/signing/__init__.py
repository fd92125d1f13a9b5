"""Signing the agreement, one signer at a time: the flow (``screen.py``) and its steps, each in
a module of its own (who, capacity, agree, method, sign)."""

from advisor_app.ui.stages.agreement.signing.screen import (
    STEP_AGREE, STEP_CAPACITY, STEP_DONE, STEP_METHOD, STEP_SIGN, STEP_WHO, SigningScreen,
)

__all__ = ["STEP_AGREE", "STEP_CAPACITY", "STEP_DONE", "STEP_METHOD", "STEP_SIGN", "STEP_WHO", "SigningScreen"]
