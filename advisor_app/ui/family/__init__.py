"""Family mode: the laptop handed to the family (``screen.py``), the advisor's PIN set before
handing over (``hand_over.py``) and the advisor taking it back, or carrying on after a pause
(``advisor_check.py``). The rules are the domain's (``domain/family_mode.py``)."""

from advisor_app.ui.family.screen import FamilyScreen

__all__ = ["FamilyScreen"]
