"""The communication needs fields (Accessible Information Standard), for the person and for each
member of their circle, and the flag that shows them. The rules live in domain.communication."""

from __future__ import annotations

from typing import Iterable

from advisor_app.domain.communication import CONTACT_LABELS, FORMAT_LABELS, LANGUAGE_NAMES, flag_parts
from advisor_app.domain.messages import N_
from advisor_app.i18n import _
from advisor_app.ui.widgets.fields import CheckBinding, ChecksBinding, ChoiceBinding, TextAreaBinding
from advisor_app.ui.widgets.forms import FormLayout, FormSection

FLAG = "\u2691"  # a flag, before the words, so the eye finds it


def add_fields(section: FormSection, form: FormLayout, *, about_person: bool, path: str = "communication") -> None:
    """Language and interpreter, the formats they need, and how to contact them."""
    language = section.add(ChoiceBinding(
        f"{path}.language", N_("Preferred language"), LANGUAGE_NAMES,
        hint=N_("Documents come in English, Polish or Urdu; for another language, ask for an interpreter.")))
    interpreter = section.add(CheckBinding(f"{path}.interpreter", N_("Needs an interpreter")))
    form.pair(language, interpreter)
    form.field(section.add(ChecksBinding(
        f"{path}.formats", N_("Information they need as"), FORMAT_LABELS, columns=2,
        hint=N_("Documents for the person are easy read. Large print makes the text 18 point or bigger.")
        if about_person else None)))
    form.field(section.add(ChoiceBinding(f"{path}.contact_by", N_("Best way to contact them"), CONTACT_LABELS,
                                         placeholder=N_("Not said yet"))))
    form.field(section.add(TextAreaBinding(f"{path}.notes", N_("Anything else about how they communicate"),
                                           lines=2)))


def flag_text(codes: Iterable[str]) -> str:
    """"⚑ Urdu · Interpreter · Large print", or empty when there is nothing to flag."""
    parts = [_(part) for part in flag_parts(codes)]
    return f"{FLAG} " + " \u00b7 ".join(parts) if parts else ""


def flag_description(codes: Iterable[str]) -> str:
    """The flag in a sentence, for a screen reader and a tooltip."""
    parts = [_(part) for part in flag_parts(codes)]
    return _("Communication needs: {needs}", needs=", ".join(parts)) if parts else ""

