"""The agreement stage: the page (``page.py``), reading the pack together over the whole screen
(``reading.py``) and signing mode, one signer at a time (``signing/``)."""

from advisor_app.ui.stages.agreement.page import AgreementPage

__all__ = ["AgreementPage"]
