"""Working Together for Change (Appendix 7 of the provider's book): from what people say in their
person-centred reviews to the provider's strategy, and back to the people who said it.

1. *Make the information usable*: gather the statements of the reviews held in a period, across
   cases: what is working, what is not working, what is important now and in the future, each with
   whose perspective it is. De-identified by default: the names a case records are taken out.
2. *Gather themes*: people in a workshop group the statements into themes they name. The app
   suggests groups of statements that share words (``suggest``: computed here, on the office
   machine, with no network; the same statements always give the same groups), which people
   accept, rename or change.
3. *Analyse*: each theme by kind, perspective, region and period. What is working is to spread;
   what is not working is to fix.
4. *Action plan*: actions for each theme, with an owner and a date.
5. *Share information*: an easy-read report back to the people the statements came from (through
   the advisors of their cases).

Pure: the office's services gather the reviews (``office/themes.py``) and keep the workshop.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field

from advisor_app.domain.fields import Id, new_id
from advisor_app.domain.messages import N_
from advisor_app.domain.validation import Model

# ---- the statements ---------------------------------------------------------------------------------


class StatementKind(StrEnum):
    WORKING = "working"
    NOT_WORKING = "not_working"
    IMPORTANT_NOW = "important_now"
    IMPORTANT_FUTURE = "important_future"


KIND_LABELS: dict[StatementKind, str] = {
    StatementKind.WORKING: N_("Working"),
    StatementKind.NOT_WORKING: N_("Not working"),
    StatementKind.IMPORTANT_NOW: N_("Important now"),
    StatementKind.IMPORTANT_FUTURE: N_("Important in the future"),
}


class Perspective(StrEnum):
    PERSON = "person"
    FAMILY = "family"
    STAFF = "staff"
    OTHERS = "others"
    NOT_RECORDED = "not_recorded"


PERSPECTIVE_LABELS: dict[Perspective, str] = {
    Perspective.PERSON: N_("The person"),
    Perspective.FAMILY: N_("Family and friends"),
    Perspective.STAFF: N_("Staff"),
    Perspective.OTHERS: N_("Others"),
    Perspective.NOT_RECORDED: N_("Not recorded"),
}

# A statement's ``view`` (working and not working) or ``whose_words`` (what is important), as a
# perspective. Anyone else named is a member of the circle of support: family and friends.
_PERSPECTIVES = {"person": Perspective.PERSON, "family": Perspective.FAMILY, "staff": Perspective.STAFF,
                 "others": Perspective.OTHERS, "other": Perspective.OTHERS}
_LISTS = ((StatementKind.WORKING, "view"), (StatementKind.NOT_WORKING, "view"),
          (StatementKind.IMPORTANT_NOW, "whose_words"), (StatementKind.IMPORTANT_FUTURE, "whose_words"))


@dataclass(frozen=True)
class ReviewStatement:
    """One statement of one review, as it was written."""

    key: str  # "<review id>/<kind>/<statement id>": the same statement in every workshop
    kind: StatementKind
    perspective: Perspective
    text: str


def perspective_of(who: Any) -> Perspective:
    if who is None or who == "":
        return Perspective.NOT_RECORDED
    return _PERSPECTIVES.get(str(who), Perspective.FAMILY)


def review_statements(review_id: str, review: Mapping[str, Any]) -> list[ReviewStatement]:
    """Every statement of a review's stored data (what this app cannot read is left out)."""
    out: list[ReviewStatement] = []
    for kind, whose in _LISTS:
        items = review.get(kind.value)
        for item in items if isinstance(items, list) else ():
            if not isinstance(item, Mapping):
                continue
            text, statement_id = item.get("text"), item.get("id")
            if isinstance(text, str) and text.strip() and isinstance(statement_id, str):
                out.append(ReviewStatement(f"{review_id}/{kind.value}/{statement_id}", kind,
                                           perspective_of(item.get(whose)), text.strip()))
    return out


def review_names(review: Mapping[str, Any]) -> list[str]:
    """The names a review itself records: who was invited, who led it."""
    invited = review.get("invited")
    names = [str(i.get("name", "")) for i in invited if isinstance(i, Mapping)] if isinstance(invited, list) else []
    return [*names, str(review.get("facilitator") or "")]


def case_names(person: Mapping[str, Any] | None, circle: Mapping[str, Any] | None) -> list[str]:
    """The names the case records: the person's (and the name they like to be called) and the
    circle of support's."""
    person = person or {}
    names = [str(person.get(k) or "") for k in ("first_name", "last_name", "preferred_name")]
    members = (circle or {}).get("members")
    names += [str(m.get("name", "")) for m in members if isinstance(m, Mapping)] if isinstance(members, list) else []
    return names


NAME_MARK = "[name]"
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_NUMBER = re.compile(r"\+?\d[\d ()-]{5,}\d")
_EMAIL = re.compile(r"\S+@\S+\.\S+")


def name_words(names: Iterable[str]) -> frozenset[str]:
    """The words of the names, lower case, that are long enough to be a name (not "Jo" in "Jo-Anne"
    alone: every part of two letters or more)."""
    return frozenset(w.casefold() for name in names for w in re.findall(r"[^\W\d_]+", name) if len(w) >= 2)


def de_identify(text: str, names: frozenset[str]) -> str:
    """``text`` with every word of ``names`` (a name the case records, also with 's), e-mail
    addresses and phone numbers taken out. A name the case never recorded cannot be known here:
    people read the statements before they leave the office."""
    text = _EMAIL.sub("[email]", text)
    text = _NUMBER.sub("[number]", text)

    def replace(match: re.Match[str]) -> str:
        word = match.group(0)
        base = re.split(r"['’]", word)[0]
        if base.casefold() in names:
            return NAME_MARK + word[len(base):]
        return word

    return _WORD.sub(replace, text)


def postcode_area(postcode: str) -> str:
    """The postcode area: its leading letters ("LS6 2AB" -> "LS"), or "" when there is none."""
    match = re.match(r"\s*([A-Za-z]{1,2})\d", postcode or "")
    return match.group(1).upper() if match else ""


def quarter_of(day: dt.date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


@dataclass(frozen=True)
class Statement:
    """A gathered statement, with where and when it was said (for the analysis)."""

    key: str
    case_id: str
    kind: StatementKind
    perspective: Perspective
    text: str  # de-identified, unless people asked to see who said it
    held_on: dt.date
    laptop: str  # the laptop (the advisor) the case is with
    area: str  # the postcode area of the person

    @property
    def period(self) -> str:
        return quarter_of(self.held_on)


# ---- suggested groups --------------------------------------------------------------------------------

# Common English words that say nothing about a theme. The rest are compared by their stem.
STOP_WORDS = frozenset("""
a about after again all also am an and any are as at be because been before being but by can
could did do does doing done don't for from get gets getting go goes going got had has have
having he her here him his how i i'm if in into is it it's its just like lot lots me more most
much my need needs no not now of off on once one only or other our out over really same she so
some still such than that that's the their them then there these they thing things this those
to too up us very want wants was we well were what when where which while who why will with
would you your name email number said say says told tell
""".split())
_SUFFIXES = ("ingly", "ings", "ing", "edly", "ied", "ies", "ed", "es", "ly", "s")
MIN_SIMILARITY = 0.2  # cosine of the shared words' weights: lower joins statements that barely touch


def stem(word: str) -> str:
    """A plain suffix cut, so "travelling", "travels" and "travel" count as one word."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
            break
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "aeiousl":
        word = word[:-1]  # "shopp" -> "shop", "runn" -> "run"
    return word


def terms(text: str) -> list[str]:
    words = [w.casefold() for w in _WORD.findall(text.replace(NAME_MARK, " "))]
    return [stem(w) for w in words if len(w) >= 3 and w not in STOP_WORDS]


@dataclass(frozen=True)
class SuggestedGroup:
    name: str  # the words the statements share most, as a first name for the theme
    keys: tuple[str, ...]  # the statements, in key order


def _weights(texts: Mapping[str, str]) -> dict[str, dict[str, float]]:
    """Each statement's words weighted by how rare they are among the statements (tf-idf, each word
    once), normalised to length 1."""
    words = {key: set(terms(text)) for key, text in texts.items()}
    seen = Counter(w for ws in words.values() for w in ws)
    total = len(texts)
    out: dict[str, dict[str, float]] = {}
    for key, ws in words.items():
        vector = {w: math.log((1 + total) / (1 + seen[w])) + 1.0 for w in ws}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        out[key] = {w: v / norm for w, v in vector.items()}
    return out


def _cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b[w] for w, v in a.items() if w in b)
    norm = math.sqrt(sum(v * v for v in b.values())) or 1.0
    return dot / norm


def suggest(texts: Mapping[str, str], *, min_similarity: float = MIN_SIMILARITY,
            min_size: int = 2) -> list[SuggestedGroup]:
    """Groups of statements that share words (``texts``: key -> the statement's text).

    Deterministic: the statements are taken in key order, each joins the group whose words are
    closest (at least ``min_similarity``) or starts a new one, then each is placed once more in the
    group now closest to it. The same statements, in any order, give the same groups. Groups smaller
    than ``min_size`` are not suggested; the largest come first."""
    vectors = _weights(texts)
    order = sorted(vectors)
    centres: list[dict[str, float]] = []
    members: list[list[str]] = []
    by_word: dict[str, set[int]] = defaultdict(set)

    def closest(vector: Mapping[str, float]) -> int | None:
        candidates = sorted({i for w in vector for i in by_word[w]})
        best, best_score = None, min_similarity
        for i in candidates:
            score = _cosine(vector, centres[i])
            if score >= best_score + 1e-12 or (best is None and score >= best_score):
                best, best_score = i, score
        return best

    for key in order:  # first pass: each joins the closest group so far, or starts one
        vector = vectors[key]
        if not vector:
            continue
        group = closest(vector)
        if group is None:
            centres.append(dict(vector))
            members.append([key])
            group = len(centres) - 1
        else:
            members[group].append(key)
            for w, v in vector.items():
                centres[group][w] = centres[group].get(w, 0.0) + v
        for w in vector:
            by_word[w].add(group)

    placed: dict[int, list[str]] = defaultdict(list)  # second pass: each to the group now closest
    for key in order:
        vector = vectors[key]
        if vector:
            group = closest(vector)
            if group is not None:
                placed[group].append(key)
    groups = [sorted(keys) for keys in placed.values() if len(keys) >= min_size]
    named = [SuggestedGroup(_group_name([texts[k] for k in keys]), tuple(keys)) for keys in groups]
    return sorted(named, key=lambda g: (-len(g.keys), g.name, g.keys))


def _group_name(texts: Sequence[str]) -> str:
    """The (up to) two words most of the statements share, in their most used form, like "Bus, travel"."""
    shared: Counter[str] = Counter()
    spelt: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        seen = set()
        for word in _WORD.findall(text.replace(NAME_MARK, " ")):
            lower = word.casefold()
            if len(lower) < 3 or lower in STOP_WORDS:
                continue
            root = stem(lower)
            spelt[root][lower] += 1
            if root not in seen:
                seen.add(root)
                shared[root] += 1
    ranked = sorted(shared.items(), key=lambda item: (-item[1], item[0]))
    top = [item for item in ranked if item[1] >= 2][:2] or ranked[:1]
    words = [min(spelt[root].items(), key=lambda item: (-item[1], item[0]))[0] for root, _n in top]
    name = ", ".join(words)
    return name[:1].upper() + name[1:] if name else N_("Statements alike")


# ---- the workshop's themes and actions ---------------------------------------------------------------

ThemeName = Annotated[str, Field(min_length=1, max_length=80)]


class ThemeDraft(Model):
    name: ThemeName


class WorkshopDraft(Model):
    """A workshop gathers the statements of the reviews held from ``period_from`` to ``period_to``."""

    title: Annotated[str, Field(min_length=1, max_length=120)]
    period_from: dt.date
    period_to: dt.date

    def field_rules(self) -> dict[str, str]:
        if self.period_to < self.period_from:
            return {"period_to": N_("The end of the period comes after its start.")}
        if (self.period_to - self.period_from).days > 3 * 366:
            return {"period_to": N_("A workshop looks at three years of reviews at most.")}
        return {}


class ActionPlan(Model):
    """An action the workshop agreed for a theme: what, who owns it, by when; done when done."""

    id: Id = Field(default_factory=new_id)
    theme_id: Id
    what: Annotated[str, Field(min_length=1, max_length=500)]
    owner: Annotated[str, Field(min_length=1, max_length=80)]
    due_on: dt.date
    done_on: dt.date | None = None


# ---- the analysis ------------------------------------------------------------------------------------

UNSORTED = ""  # the theme id of statements not in a theme yet


class Reading(StrEnum):
    SPREAD = "spread"  # mostly working: find the key to it and spread it
    FIX = "fix"  # more not working than working: an issue to resolve
    MATTERS = "matters"  # what is important to people, nothing yet working or not


READING_WORDS: dict[Reading, str] = {
    Reading.SPREAD: N_("What is working: to spread"),
    Reading.FIX: N_("What is not working: to fix"),
    Reading.MATTERS: N_("What matters to people"),
}


def reading(by_kind: Mapping[StatementKind, int]) -> Reading:
    working, not_working = by_kind.get(StatementKind.WORKING, 0), by_kind.get(StatementKind.NOT_WORKING, 0)
    if not_working > working:
        return Reading.FIX
    if working:
        return Reading.SPREAD
    return Reading.MATTERS


@dataclass(frozen=True)
class ThemeCount:
    theme_id: str  # UNSORTED for the statements not in a theme
    name: str
    by_kind: dict[StatementKind, int]
    cases: int  # how many people's reviews the theme's statements come from

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())

    @property
    def reading(self) -> Reading:
        return reading(self.by_kind)


def theme_of(key: str, assignment: Mapping[str, str], themes: Mapping[str, str]) -> str:
    """The statement's theme id, or UNSORTED (also when its theme was removed)."""
    theme = assignment.get(key, UNSORTED)
    return theme if theme in themes else UNSORTED


def count_themes(statements: Iterable[Statement], assignment: Mapping[str, str],
                 themes: Mapping[str, str]) -> list[ThemeCount]:
    """Each theme (``themes``: id -> name, in the workshop's order), then the statements not in a
    theme: how many of each kind, from how many cases. Every statement is counted once."""
    by_theme: dict[str, Counter[StatementKind]] = {t: Counter() for t in [*themes, UNSORTED]}
    cases: dict[str, set[str]] = {t: set() for t in by_theme}
    for s in statements:
        theme = theme_of(s.key, assignment, themes)
        by_theme[theme][s.kind] += 1
        cases[theme].add(s.case_id)
    return [ThemeCount(t, themes.get(t, ""), {k: by_theme[t][k] for k in StatementKind}, len(cases[t]))
            for t in by_theme]


class Dimension(StrEnum):
    KIND = "kind"
    PERSPECTIVE = "perspective"
    LAPTOP = "laptop"  # the advisor (their laptop) the case is with
    AREA = "area"  # the postcode area
    PERIOD = "period"  # the quarter the review was held in


DIMENSION_LABELS: dict[Dimension, str] = {
    Dimension.KIND: N_("What kind of statement"),
    Dimension.PERSPECTIVE: N_("Whose perspective"),
    Dimension.LAPTOP: N_("Advisor's laptop"),
    Dimension.AREA: N_("Postcode area"),
    Dimension.PERIOD: N_("Period (quarter)"),
}

_VALUE: dict[Dimension, Callable[[Statement], str]] = {
    Dimension.KIND: lambda s: s.kind.value,
    Dimension.PERSPECTIVE: lambda s: s.perspective.value,
    Dimension.LAPTOP: lambda s: s.laptop,
    Dimension.AREA: lambda s: s.area,
    Dimension.PERIOD: lambda s: s.period,
}


@dataclass(frozen=True)
class CrossTable:
    """Statements counted by theme (rows) and one dimension (columns); totals add up both ways."""

    dimension: Dimension
    columns: list[str]  # the dimension's values, in order ("" : not known)
    rows: list[tuple[str, str, list[int]]]  # (theme id, theme name, count per column)

    def row_total(self, index: int) -> int:
        return sum(self.rows[index][2])

    def column_totals(self) -> list[int]:
        return [sum(row[2][i] for row in self.rows) for i in range(len(self.columns))]

    @property
    def total(self) -> int:
        return sum(self.column_totals())


def cross_table(statements: Iterable[Statement], assignment: Mapping[str, str], themes: Mapping[str, str],
                dimension: Dimension) -> CrossTable:
    statements = list(statements)
    value = _VALUE[dimension]
    if dimension == Dimension.KIND:
        columns = [k.value for k in StatementKind]
    elif dimension == Dimension.PERSPECTIVE:
        columns = [p.value for p in Perspective]
    else:
        columns = sorted({value(s) for s in statements})
    counts: dict[str, Counter[str]] = {t: Counter() for t in [*themes, UNSORTED]}
    for s in statements:
        counts[theme_of(s.key, assignment, themes)][value(s)] += 1
    rows = [(t, themes.get(t, ""), [counts[t][c] for c in columns]) for t in counts]
    return CrossTable(dimension, columns, rows)


def column_label(dimension: Dimension, value: str) -> str:
    """A column's words (a Msg or the value itself)."""
    if dimension == Dimension.KIND:
        return KIND_LABELS[StatementKind(value)]
    if dimension == Dimension.PERSPECTIVE:
        return PERSPECTIVE_LABELS[Perspective(value)]
    return value or N_("Not known")


def report_themes(counts: Sequence[ThemeCount]) -> list[ThemeCount]:
    """The named themes with statements in them, the largest first (what the report back tells)."""
    named = [c for c in counts if c.theme_id != UNSORTED and c.total]
    return sorted(named, key=lambda c: -c.total)
