"""Every user-facing string can be translated: Babel finds them, and `_` uses a catalog when there is one."""

import os
import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from advisor_app import i18n
from advisor_app.domain.messages import Msg

ROOT = Path(__file__).resolve().parent.parent


def extract(tmp_path: Path) -> Path:
    pot = tmp_path / "advisor_app.pot"
    subprocess.run([str(Path(sys.executable).with_name("pybabel")), "extract", "-F", "babel.cfg", "-k", "_",
                    "-k", "N_", "-k", "Msg", "-k", "ngettext:1,2", "-o", str(pot), "."],
                   cwd=ROOT, check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return pot


def test_babel_finds_domain_ui_and_document_strings(tmp_path):
    with extract(tmp_path).open("rb") as f:
        catalog = read_po(f)
    ids = {m.id for m in catalog if m.id}
    assert len(ids) > 500
    assert "Please enter a UK postcode, like LS6 2AB." in ids  # domain, N_
    assert "Move on one stage at a time: next is “{stage}”." in ids  # domain, Msg
    assert "Unlock your notes" in ids  # UI


def test_a_catalog_translates_plain_and_parameterised_messages(tmp_path):
    po = tmp_path / "cy.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "Unlock your notes"\nmsgstr "Datgloi eich nodiadau"\n\n'
                  'msgid "Move on one stage at a time: next is “{stage}”."\n'
                  'msgstr "Symud ymlaen un cam ar y tro: nesaf yw “{stage}”."\n', encoding="utf-8")
    folder = tmp_path / "locale" / "cy" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with po.open("rb") as src, (folder / "advisor_app.mo").open("wb") as out:
        write_mo(out, read_po(src))
    try:
        i18n.set_language("cy", localedir=str(tmp_path / "locale"))
        assert i18n._("Unlock your notes") == "Datgloi eich nodiadau"
        message = Msg("Move on one stage at a time: next is “{stage}”.", stage="Cam 2")
        assert i18n._(message) == "Symud ymlaen un cam ar y tro: nesaf yw “Cam 2”."
        assert i18n._("Not in the catalog") == "Not in the catalog"
    finally:
        i18n.set_language("en")


def test_a_documents_language_is_its_own_and_the_apps_stays(tmp_path):
    """``in_language`` holds for this thread (or task) only: a document made in a worker thread in
    Urdu changes nothing the screens show, and the screens' language changes no document."""
    import threading

    seen: dict[str, str] = {}

    def worker() -> None:
        with i18n.in_language("ur"):
            seen["worker"] = i18n._("Cancel")
            seen["worker_lang"] = i18n.language()

    with i18n.in_language("pl"):
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
        assert i18n._("Cancel") == "Anuluj" and i18n.language() == "pl"
    assert seen == {"worker": "منسوخ کریں", "worker_lang": "ur"}
    assert i18n.language() == i18n.app_language() == "en" and i18n._("Cancel") == "Cancel"
    assert i18n.is_right_to_left("ur") and not i18n.is_right_to_left("pl")


def test_a_message_inside_a_message_is_translated_and_the_empty_message_is_empty():
    with i18n.in_language("pl"):
        outer = Msg("Problem: {problem}", problem=Msg("Please enter {limit} or more.", limit=3))
        assert i18n._(outer) == "Problem: Wpisz 3 lub więcej."
        assert i18n._("") == ""  # gettext("") would be the catalog's header
