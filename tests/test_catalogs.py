"""The Polish and Urdu catalogs are complete and match the code (``make translations`` keeps them so).

Every message is marked where Babel can read it, every entry of the template is in each catalog,
translated, with the same placeholders; the compiled ``.mo`` files are what the ``.po`` files say;
each catalog is marked for review by a native speaker; the glossaries are used. When another branch
adds strings, ``make translations`` and ``python -m devtools.catalogs untranslated`` list the new
entries, and these tests fail until they are translated.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from devtools import catalogs

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = catalogs.TRANSLATED


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> set:
    """The messages in the code now, extracted afresh (not the committed .pot)."""
    pot = tmp_path_factory.mktemp("pot") / "advisor_app.pot"
    subprocess.run([str(Path(sys.executable).with_name("pybabel")), "extract", "-F", "babel.cfg", "-k", "_",
                    "-k", "N_", "-k", "Msg", "-k", "ngettext:1,2", "-o", str(pot), "."],
                   cwd=ROOT, check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    with pot.open("rb") as f:
        return {m.id if isinstance(m.id, str) else tuple(m.id) for m in read_po(f) if m.id}


def _key(value):
    return value if isinstance(value, str) else tuple(value)


def ids(language: str) -> set:
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalogs.read_catalog(language) if m.id}


def test_every_message_is_marked_where_the_extractor_can_read_it():
    assert catalogs.unmarked() == []
    assert catalogs.shown_literals() == []


def test_the_scan_finds_messages_built_where_babel_cannot_see_them(tmp_path):
    ui = tmp_path / "ui"
    ui.mkdir()
    (ui / "bad.py").write_text(
        'from advisor_app.i18n import _\nname = "x"\n'
        '_(f"Hello {name}")\n_("Hello " + name)\n_("Hello {n}".format(n=1))\nMsg("a" if name else "b")\n'
        'label.setText("Saved")\nlabel.setText(_("Saved"))\nlabel.setText(f"<b>{name}</b><br>{name}")\n',
        encoding="utf-8")
    found = [f.what for f in catalogs.unmarked(tmp_path) + catalogs.shown_literals(tmp_path)]
    assert len(found) == 5, found  # rich-text tags around translated text are not English
    assert any("f-string" in f for f in found) and any("untranslated in setText" in f for f in found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalog_holds_every_message_of_the_code(template, language):
    missing = template - ids(language)
    assert not missing, f"run `make translations`: {len(missing)} new, e.g. {sorted(map(str, missing))[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalog_is_completely_translated_with_the_same_placeholders(language):
    problems = [str(p) for p in catalogs.problems(language)]
    assert problems == [], f"{len(problems)} to do (python -m devtools.catalogs untranslated):\n" + "\n".join(problems[:20])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_is_the_po_file(language):
    folder = ROOT / "resources" / "locale" / language / "LC_MESSAGES"
    def entries(mo) -> dict:
        return {_key(m.id): _key(m.string) for m in read_mo(mo) if m.id}

    with (folder / "advisor_app.mo").open("rb") as f:
        shipped = entries(f)
    compiled = io.BytesIO()
    write_mo(compiled, catalogs.read_catalog(language))
    compiled.seek(0)
    expected = entries(compiled)
    assert shipped == expected, "run `make translations` to compile the catalogs"


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalog_is_marked_for_review_by_a_native_speaker(language):
    text = (ROOT / "resources" / "locale" / language / "LC_MESSAGES" / "advisor_app.po").read_text(encoding="utf-8")
    head = text.split('msgid ""', 1)[0]
    assert "NEEDS REVIEW BY A NATIVE" in head and "glossary" in head
    catalog = catalogs.read_catalog(language)
    assert catalog.locale.language == language and catalog.num_plurals == {"pl": 3, "ur": 2}[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_glossary_terms_are_the_words_the_catalog_uses(language):
    """Each domain term of the glossary, where the English uses it, appears in its translations."""
    rows = [line for line in (ROOT / "resources" / "locale" / language / "glossary.tsv")
            .read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    terms = list(csv.DictReader(rows, delimiter="\t"))
    assert len(terms) >= 30 and all(t["English"] and t[{"pl": "Polish", "ur": "Urdu"}[language]] for t in terms)
    messages = [m for m in catalogs.read_catalog(language) if m.id]
    unused = []
    for term in terms:
        english, ours = term["English"].lower(), term[{"pl": "Polish", "ur": "Urdu"}[language]]
        stem = ours.split(" (")[0].split(" / ")[0]
        stem = stem[:max(4, len(stem) - 3)] if language == "pl" else stem  # Polish inflects the ending
        using = [m for m in messages if english in str(m.id).lower()]
        if using and not any(stem.lower() in str(m.string).lower() for m in using):
            unused.append(f"{english} -> {ours}")
    assert unused == []
