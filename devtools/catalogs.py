"""The translation catalogs: what the extractor cannot see, what is left to translate.

    python -m devtools.catalogs untranslated [LANG...]   # every entry still to translate, per language
    python -m devtools.catalogs unmarked                 # messages built where Babel cannot read them

``make translations`` extracts the template, merges it into each language's catalog and compiles
the ``.mo`` files; this script then lists what a translator has left to do (empty, fuzzy, or with
placeholders that differ from the English). The tests run the same checks (tests/test_catalogs.py).
"""

from __future__ import annotations

import ast
import re
import string
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "resources" / "locale"
TRANSLATED = ("pl", "ur")  # the languages kept complete
KEYWORDS = {"_": 0, "N_": 0, "Msg": 0, "ngettext": 0}  # the function and its message argument
LITERAL_ONLY = {"N_", "Msg", "ngettext"}  # these mark a message: only a literal can be extracted


@dataclass(frozen=True)
class Finding:
    where: str  # file:line
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


def _name(func: ast.expr) -> str | None:
    return func.id if isinstance(func, ast.Name) else None


def _where(path: Path, node: ast.AST) -> str:
    try:
        path = path.relative_to(ROOT)
    except ValueError:  # a file outside the project (the tests plant one)
        pass
    return f"{path}:{node.lineno}"


def _is_text(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def unmarked(root: Path = ROOT / "advisor_app") -> list[Finding]:
    """Calls of ``_``/``N_``/``Msg``/``ngettext`` whose message the extractor cannot read: an
    f-string, text joined or %-formatted or ``.format``-ted before translating, or (for the
    marking functions) anything but a literal."""
    found: list[Finding] = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _name(node.func) not in KEYWORDS or not node.args:
                continue
            name, first = _name(node.func), node.args[0]
            where = _where(path, node)
            if isinstance(first, ast.JoinedStr):
                found.append(Finding(where, f"an f-string inside {name}(): use {name}(\"... {{name}} ...\", name=...)"))
            elif isinstance(first, ast.BinOp) and (_is_text(first.left) or _is_text(first.right)
                                                    or isinstance(first.left, ast.JoinedStr)):
                found.append(Finding(where, f"text joined or %-formatted inside {name}(): mark one whole sentence"))
            elif isinstance(first, ast.Call) and isinstance(first.func, ast.Attribute) and first.func.attr == "format":
                found.append(Finding(where, f".format() inside {name}(): pass the values to {name}() instead"))
            elif name in LITERAL_ONLY and isinstance(first, (ast.IfExp, ast.BoolOp, ast.Constant)) and not _is_text(first):
                # a variable holding text marked elsewhere (N_) is fine; a choice made inside is not
                found.append(Finding(where, f"{name}() of a choice or non-text: Babel extracts only a literal"))
            elif name == "ngettext" and (len(node.args) < 2 or not _is_text(node.args[1])):
                found.append(Finding(where, "ngettext() needs both forms as literals"))
    return found


# Qt calls that put text in front of a person: a literal with letters there was never translated.
SHOWN = {"setText", "setToolTip", "setPlaceholderText", "setWindowTitle", "setAccessibleName",
         "setAccessibleDescription", "setStatusTip", "setTabText", "setTitle", "addTab", "addItem",
         "setWhatsThis", "showMessage", "information", "warning", "critical", "question"}
WIDGETS = {"QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox", "QAction", "QToolButton",
           "QMessageBox", "TrLabel"}
_LETTERS = re.compile(r"[A-Za-z]{2,}")
_TAGS = re.compile(r"<[^<>]*>")  # rich-text markup (<b>, <br>) around translated text is not English
LOGGERS = {"log", "logger", "logging"}


def shown_literals(root: Path = ROOT / "advisor_app") -> list[Finding]:
    """English literals handed straight to a widget (``label.setText("Saved")``)."""
    found: list[Finding] = []
    for path in sorted((root / "ui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else _name(func)
            if called not in SHOWN and called not in WIDGETS:
                continue
            if isinstance(func, ast.Attribute) and _name(func.value) in LOGGERS:
                continue  # log.warning(...): for the developer's log, which stays in English
            for arg in node.args:
                texts = [arg] if _is_text(arg) else [v for v in getattr(arg, "values", []) if _is_text(v)] \
                    if isinstance(arg, ast.JoinedStr) else []
                if any(_LETTERS.search(_TAGS.sub("", t.value)) for t in texts):
                    found.append(Finding(_where(path, node),
                                         f"English text shown untranslated in {called}(): wrap it in _()"))
                    break
    return found


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a message (str.format syntax)."""
    names = set()
    try:
        for _literal, field, _spec, _conv in string.Formatter().parse(text):
            if field is not None:
                names.add(field)
    except ValueError:
        names.add("<broken braces>")
    return names


def read_catalog(language: str):
    from babel.messages.pofile import read_po

    with (LOCALE / language / "LC_MESSAGES" / "advisor_app.po").open("rb") as f:
        return read_po(f, locale=language)


def problems(language: str) -> Iterator[Finding]:
    """Each entry of ``language``'s catalog still to translate, fuzzy, or whose placeholders differ."""
    catalog = read_catalog(language)
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        strs = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        where = f"{language}:{message.lineno}"
        shown = ids[0].replace("\n", "\\n")
        if not all(strs) or len([s for s in strs if s]) < (catalog.num_plurals if len(ids) > 1 else 1):
            yield Finding(where, f"untranslated: {shown}")
        elif message.fuzzy:
            yield Finding(where, f"fuzzy (check, then drop the flag): {shown}")
        else:
            expected = set().union(*(placeholders(i) for i in ids))
            for translated in strs:
                got = placeholders(translated)
                # a plural's {n} may be left out where the word says the number ("one")
                if got != expected and not (len(ids) > 1 and got | {"n"} == expected):
                    yield Finding(where, f"placeholders {sorted(got)} instead of {sorted(expected)}: {shown}")
                    break


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("untranslated", "unmarked"):
        print(__doc__)
        return 2
    if argv[0] == "unmarked":
        found = unmarked() + shown_literals()
    else:
        found = [f for language in (argv[1:] or TRANSLATED) for f in problems(language)]
    for finding in found:
        print(finding)
    print(f"{len(found)} to do", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
