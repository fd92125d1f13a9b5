"""List entries shared by the picture and the support plan: whose words, order, and ids.

An entry is one statement in a person-centred tool. Order is the list order (the advisor's, or
the person's, priority), so reordering is just moving an item in the list.
"""

from __future__ import annotations

from typing import Annotated, Any, Iterable, Mapping, Sequence, TypeVar

from pydantic import AfterValidator, Field

from advisor_app.domain.fields import Id, new_id
from advisor_app.domain.messages import N_
from advisor_app.domain.validation import Model

T = TypeVar("T")

# Who said it: one of these, or the id of a member of the circle of support.
PERSON, FAMILY, STAFF, OTHER = "person", "family", "staff", "other"
SPEAKER_LABELS: dict[str, str] = {
    PERSON: N_("The person"),
    FAMILY: N_("Family"),
    STAFF: N_("Staff"),
    OTHER: N_("Someone else"),
}
WHO_FIELDS = frozenset({"whose_words", "involved", "final_say"})  # fields that name a speaker

MAX_ENTRIES = 200
EntryText = Annotated[str, Field(min_length=1, max_length=2000)]
Note = Annotated[str, Field(max_length=2000)]
Who = Id  # "person", "family", "staff", "other", or a circle member's id


def _unique_ids(items: list[Any]) -> list[Any]:
    # Ids are how outcomes link to components and how edits merge; a repeat would be ambiguous.
    ids = [item.id for item in items]
    if len(ids) != len(set(ids)):
        raise ValueError(N_("The same entry appears twice in this list."))
    return items


UniqueIds = AfterValidator(_unique_ids)


class Entry(Model):
    id: Id = Field(default_factory=new_id)
    text: EntryText
    whose_words: Who | None = None  # None: not recorded
    note: Note = ""


Entries = Annotated[list[Entry], Field(max_length=MAX_ENTRIES), UniqueIds]


def move(items: Sequence[T], index: int, delta: int) -> list[T]:
    """A copy of ``items`` with the one at ``index`` moved ``delta`` places (stops at either end)."""
    if not 0 <= index < len(items):
        raise IndexError(index)
    result = list(items)
    item = result.pop(index)
    result.insert(max(0, min(len(result), index + delta)), item)
    return result


def speaker_label(who: str | None, member_names: Mapping[str, str]) -> str:
    """Plain words for whose view or words something is, given the circle's ``{id: name}``."""
    if who is None:
        return N_("Not recorded")
    if who in SPEAKER_LABELS:
        return SPEAKER_LABELS[who]
    return member_names.get(who) or N_("Someone no longer in the circle")


def unknown_speakers(section: Mapping[str, Any], member_ids: Iterable[str]) -> dict[str, str]:
    """Field paths in a stored section that name someone no longer in the circle of support."""
    known = set(member_ids) | set(SPEAKER_LABELS)
    errors: dict[str, str] = {}

    def walk(value: Any, path: str) -> None:
        if isinstance(value, Mapping):
            for key, child in value.items():
                child_path = f"{path}.{key}" if path else str(key)
                if key in WHO_FIELDS:
                    names = child if isinstance(child, list) else [child]
                    if any(name is not None and name not in known for name in names):
                        errors[child_path] = N_("This person is no longer in the circle of support.")
                else:
                    walk(child, child_path)
        elif isinstance(value, list):
            for i, child in enumerate(value):
                walk(child, f"{path}.{i}")

    walk(section, "")
    return errors
