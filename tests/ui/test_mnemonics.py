"""No two controls of one screen share a keyboard letter (Alt+letter, the ``&`` in a label), in
English, Polish and Urdu: the advisor's screens (unlock, the case list and its menus, every stage
of the demo cases with each tab and step, the dialogs, family mode's hand-over, reading and
signing) and the office's (unlock and every tab). Each screen is checked as it is shown; the test
lists every clash at once, by screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QTabWidget, QWidget

from advisor_app.domain import journey
from advisor_app.domain.completeness import Completeness
from advisor_app.domain.journey import Stage
from advisor_app.ui import qt_locale
from advisor_app.ui.widgets.text import plain
from tests.ui.helpers import PASSPHRASE, finish, open_stage, unlock
from tests.ui.mnemonics import clashes, mnemonic, window_clashes
from tests.ui.office_fixtures import unlock as unlock_office

LANGUAGES = ["en", "pl", "ur"]


def test_the_letter_is_the_one_after_a_single_ampersand():
    assert mnemonic("&Save") == "S" and mnemonic("Sa&ve") == "V" and mnemonic("sa&ve") == "V"
    assert mnemonic("Fish && chips") is None and mnemonic("Fish && &chips") == "C" and mnemonic("&&&Go") == "G"
    assert mnemonic("Done &") is None and mnemonic("No letter") is None and mnemonic("&Zapisz &teraz") == "Z"
    assert mnemonic("&ہاں") == "ہ"
    assert clashes(["&Workshop", "Show &who said it", "S&tart", "&Today", "Fish && chips", "&&Go"]) == {
        "W": ["&Workshop", "Show &who said it"], "T": ["S&tart", "&Today"]}


def test_the_helper_finds_a_clash_only_among_controls_in_view(qtbot):
    from PySide6.QtWidgets import QCheckBox, QGroupBox, QLabel, QLineEdit, QPushButton, QTabWidget, QVBoxLayout

    dialog = QDialog()
    qtbot.addWidget(dialog)
    layout = QVBoxLayout(dialog)
    line = QLineEdit()
    label = QLabel("&Name")
    label.setBuddy(line)
    tabs = QTabWidget()
    tabs.addTab(QPushButton("&Hidden on the other tab"), "&Notes")
    tabs.addTab(QPushButton("Shown &here"), "&Other")
    box = QGroupBox("&Options")
    QVBoxLayout(box).addWidget(QCheckBox("&Help"))
    disabled = QPushButton("&Disabled")
    disabled.setEnabled(False)
    for widget in (label, line, tabs, box, disabled, QPushButton("&Do it"), QLabel("&No buddy")):
        layout.addWidget(widget)
    tabs.setCurrentIndex(1)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert {letter: sorted(texts) for letter, texts in window_clashes(dialog).items()} == {
        "H": ["&Help", "Shown &here"], "N": ["&Name", "&Notes"], "O": ["&Options", "&Other"]}


# -- the walks ----------------------------------------------------------------------------------
class Found:
    """The clashes seen so far, by language and screen."""

    def __init__(self, language: str):
        self.language = language
        self.by_screen: dict[str, dict[str, list[str]]] = {}
        self.screens = 0

    def check(self, screen: str, window: QWidget, ignore: tuple[QWidget, ...] = ()) -> None:
        settle()
        self.screens += 1
        found = window_clashes(window, ignore)
        if found:
            self.by_screen[f"{self.language}: {screen}"] = found

    def report(self) -> str:
        return "\n".join(f"{screen}: {letter}: {' / '.join(texts)}"
                         for screen, found in self.by_screen.items() for letter, texts in found.items())


def settle() -> None:
    for _ in range(4):
        QApplication.processEvents()


@pytest.fixture(autouse=True)
def agreement_stage_built(monkeypatch):
    if not journey.is_built(Stage.AGREEMENT):
        monkeypatch.setitem(journey.RULES, Stage.AGREEMENT, lambda sections: Completeness(done=0, total=1))


@pytest.fixture
def english_after():
    yield
    qt_locale.set_language(QApplication.instance(), "en")


def shown(qtbot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def walk_stage(found: Found, window, stage: Stage, page) -> None:
    """The page of ``stage``, a tab at a time where it has tabs."""
    name = stage.value
    tabs = getattr(page, "tabs", None)
    if tabs is None:
        found.check(name, window)
        return
    for index in range(tabs.count()):
        page.show_tab(index)
        found.check(f"{name}, tab {index + 1}", window)


def walk_risk(found: Found, window) -> None:
    from advisor_app.domain.risk import Status
    from advisor_app.services import risk

    page = open_stage(window, "Tom Brennan", Stage.RISK)
    found.check("risk, the assessments", window)
    service, case_id = window.session.service, window.workspace.case_id
    for status in (Status.DRAFT, None):
        assessment = next((a for a in risk.list_assessments(service, case_id)
                           if (a.status == Status.DRAFT) == (status == Status.DRAFT)), None)
        if assessment is None:
            continue
        page.open_assessment(assessment.id)
        editor = page.editor
        for step in range(editor.pages.count()):
            editor.show_step(step)
            found.check(f"risk, {'a draft' if status else 'sent'}, step {step + 1}", window)
        editor.close_editor()


def walk_reviews(found: Found, window) -> None:
    page = open_stage(window, "Leah", Stage.REVIEWS)
    found.check("reviews, the list", window)
    page.open_current()
    editor = page.editor
    for index in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(index)
        found.check(f"reviews, a review, tab {index + 1}", window)
    editor.close_editor()


def walk_dialogs(found: Found, qtbot, window) -> None:
    from advisor_app.ui.main_window import ShortcutsDialog
    from advisor_app.ui.screens.backup_dialog import BackupDialog
    from advisor_app.ui.screens.documents import DocumentsDialog
    from advisor_app.ui.screens.provider_dialog import ProviderDialog
    from advisor_app.ui.screens.settings_dialog import SettingsDialog
    from advisor_app.ui.screens.sync_dialog import SyncDialog

    for name, make in (("settings", lambda: SettingsDialog(window.settings, window)),
                       ("keyboard shortcuts", lambda: ShortcutsDialog(window)),
                       ("sync", lambda: SyncDialog(window.session, window)),
                       ("organisation details", lambda: ProviderDialog(window)),
                       ("back up", lambda: BackupDialog(window.session, window))):
        dialog = shown(qtbot, make())
        found.check(name, dialog)
        dialog.reject()
    open_stage(window, "Priya Sharma", Stage.SUPPORT_PLAN)
    dialog = shown(qtbot, DocumentsDialog(window.session, window.workspace.case_id, kind="one-page-profile",
                                          parent=window))
    found.check("documents", dialog)
    finish(qtbot, dialog.preview())
    found.check("documents, a preview", dialog)
    dialog.save_to_case()
    found.check("documents, saved", dialog)
    dialog.reject()


def walk_family(found: Found, qtbot, window) -> None:
    """Family mode: handing over (the PIN), reading together, asking for the advisor, paused; then
    each signing step, and the advisor signing apart."""
    from advisor_app.domain.agreement import SigningMethod
    from tests.ui.signing_helpers import change_address, draw

    page = open_stage(window, "Priya Sharma", Stage.AGREEMENT)
    change_address(window)  # a new version to read and sign
    found.check("agreement, changed", window)
    family = window.family
    finish(qtbot, page.read_together())
    found.check("family, handing over", window)
    for line in (family.hand_over_panel.pin, family.hand_over_panel.again):
        line.setText("2468")
    family.hand_over_panel.submit()
    qtbot.waitUntil(lambda: family.active)
    found.check("family, reading together", window)
    family.ask_advisor()
    found.check("family, giving back (PIN)", window)
    family.check.cancel()
    family.pause()
    found.check("family, paused", window)
    family.check.pin.setText("2468")
    family.check.submit()
    page.reading.signRequested.emit()
    finish(qtbot, page.working)
    screen = page.signing
    found.check("signing, who", window)
    screen.choose("nominated_person")
    screen.go_next()
    found.check("signing, can they sign", window)
    screen.capacity.question.choose("stand_in")
    found.check("signing, someone signs for them", window)
    screen.capacity.question.choose("own")
    screen.go_next()
    found.check("signing, what you agree to", window)
    screen.confirm.setChecked(True)
    screen.go_next()
    for method in SigningMethod:
        screen.method.choices.choose(method)
        found.check(f"signing, how ({method.value})", window)
    screen.method.choices.choose(SigningMethod.DRAWN)
    screen.go_next()
    found.check("signing, the pad", window)
    draw(screen.pad)
    found.check("signing, drawn", window)
    screen.go_next()
    finish(qtbot, screen.applying)
    found.check("signing, done", window)
    screen.finished.emit()
    found.check("family, back to the advisor", window)
    family.check.pin.setText("2468")
    family.check.submit()
    qtbot.waitUntil(lambda: not family.active)
    finish(qtbot, page.sign_as_advisor(show=False))
    advisor = page.signing
    qtbot.addWidget(advisor)
    advisor.show()
    qtbot.waitExposed(advisor)
    found.check("the advisor signing apart", advisor)
    advisor.confirm.setChecked(True)
    advisor.go_next()
    found.check("the advisor signing apart, the pad", advisor)
    advisor.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_advisor_screen_has_each_keyboard_letter_once(qtbot, make_window, existing_store, settings, language,
                                                          english_after):
    settings.set("language", language)
    window = make_window(existing_store)
    window.resize(1366, 768)
    found = Found(language)
    found.check("unlock", window)
    unlock(qtbot, window, PASSPHRASE)
    found.check("case list", window)

    window.new_case()
    found.check("a new case, enquiry", window)
    window.show_case_list()
    for stage in (Stage.ENQUIRY, Stage.FIRST_MEETINGS, Stage.PICTURE, Stage.SERVICE_DESIGN, Stage.SUPPORT_PLAN,
                  Stage.COSTING, Stage.AGREEMENT):
        walk_stage(found, window, stage, open_stage(window, "Priya Sharma", stage))
    walk_risk(found, window)
    for stage in (Stage.SETUP,):
        walk_stage(found, window, stage, open_stage(window, "Leah", stage))
    walk_reviews(found, window)
    walk_dialogs(found, qtbot, window)
    walk_family(found, qtbot, window)
    assert found.screens >= 40
    assert not found.by_screen, found.report()


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_office_tab_has_each_keyboard_letter_once(qtbot, open_window, office, laptops, language,
                                                       english_after):
    laptops("Jess laptop", demo=True).send(office)
    qt_locale.set_language(QApplication.instance(), language)  # (open_window set English up already)
    window = open_window(str(Path(office.store.engine.url.database).parent))
    found = Found(language)
    found.check("office, unlock", window)
    unlock_office(qtbot, window)
    qtbot.waitUntil(lambda: window.current_screen() is window.tabs)
    window.resize(1366, 768)
    # The work bar as while an import runs (its Stop in view): every tab stays usable meanwhile.
    window.work.stop_button.setVisible(True)
    window.work.show()

    def reading() -> tuple[QWidget, ...]:
        """The advisor's page a case is read on, read-only: it keeps the advisor's letters, and is
        left out (its labels are more than the letters the office's tabs leave free)."""
        page = window.cases.detail.page()
        return (page,) if page is not None else ()

    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        name = f"office, {plain(window.tabs.tabText(index))}"
        found.check(name, window, reading())
        for inner in window.tabs.currentWidget().findChildren(QTabWidget):
            if any(page.isAncestorOf(inner) for page in reading()):
                continue
            for at in range(inner.count() if inner.isVisible() else 0):
                inner.setCurrentIndex(at)
                found.check(f"{name}, {plain(inner.tabText(at))}", window, reading())
    window.tabs.setCurrentWidget(window.cases)
    window.cases.open_case(window.cases.table.keys()[0])
    assert reading(), window.cases.detail.title.text()
    found.check("office, a case", window, reading())
    assert not found.by_screen, found.report()
