"""Service design: parts of support picked from the menu by keyboard, one of each kind filled in."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from advisor_app.domain.journey import Stage
from advisor_app.ui.widgets.menu_picker import MenuPicker
from tests.ui.helpers import choose_in, focused, journal, key, open_stage, saved, section, type_here


def pick(qtbot, page, search: str, *, down: int = 0) -> None:
    """Open the menu with the keyboard, type to search, and press Enter."""

    def act(picker: MenuPicker) -> None:
        QTest.keyClicks(picker.search, search)
        for _ in range(down):
            QTest.keyClick(picker.search, Qt.Key.Key_Down)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    timers = []
    timer = QTimer()
    timer.setInterval(20)

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        # Typed keys go where the focus is: wait until the search box has it, as a person would.
        if isinstance(dialog, MenuPicker) and dialog.isVisible() and QApplication.focusWidget() is dialog.search:
            timer.stop()
            act(dialog)

    timer.timeout.connect(poll)
    timer.start()
    timers.append(timer)
    QTimer.singleShot(8000, lambda: isinstance(QApplication.activeModalWidget(), MenuPicker)
                      and QApplication.activeModalWidget().reject())
    page.components.add_button.setFocus()
    QTest.keyClick(page.components.add_button, Qt.Key.Key_Space)
    timer.stop()
    page.window().activateWindow()  # a desktop does this when the dialog closes; offscreen does not
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)


def binding(card, path):
    return card.form.binding(path)


def type_into(card, path: str, text: str) -> None:
    control = binding(card, path).control()
    control.setFocus()
    QTest.keyClicks(control, text)


def test_menu_picker_searches_filters_and_describes(qtbot, unlocked):
    from advisor_app.services.documents import component_menu

    picker = MenuPicker(component_menu(), already=["sleep-in"])
    qtbot.addWidget(picker)
    picker.show()
    total = picker.list.count()
    QTest.keyClicks(picker.search, "bus")
    names = [picker.list.item(i).text() for i in range(picker.list.count())]
    assert names == ["Life skills training"]  # found by its description ("travelling on the bus")
    picker.search.clear()
    picker.kind.setCurrentIndex(picker.kind.findData("on-going"))
    kinds = {picker.list.item(i).data(Qt.ItemDataRole.UserRole + 2) for i in range(picker.list.count())}
    assert kinds == {"On-going"} and picker.list.count() < total
    sleep_in = next(picker.list.item(i) for i in range(picker.list.count()) if picker.list.item(i).text() == "Sleep-in")
    assert "Chosen once already" in sleep_in.data(Qt.ItemDataRole.AccessibleTextRole)
    assert "We do" in sleep_in.data(Qt.ItemDataRole.UserRole + 3) or sleep_in.data(Qt.ItemDataRole.UserRole + 3)
    QTest.keyClicks(picker.search, "nothing like this")
    assert picker.list.count() == 0 and not picker.add_button.isEnabled()
    assert "Nothing on the menu matches" in picker.count.text()


def test_one_of_each_kind_picked_and_filled_by_keyboard(qtbot, unlocked):
    window = unlocked
    page = open_stage(window, "Whitlock", Stage.SERVICE_DESIGN)
    ws, service = window.workspace, window.session.service
    before = journal(service, "service_design", ws.case_id)

    # One-off: a fixed price and a date.
    pick(qtbot, page, "benefit")
    assert len(page.components.cards) == 1
    one_off = page.components.cards[0]
    assert one_off.title.text() == "1. Benefit review \u00b7 One-off"
    assert focused() is binding(one_off, "one_off.fixed_price").control()  # straight into its details
    saved(qtbot, ws)
    # What is still needed is said beside the field, and the design is saved all the same.
    assert "fixed price or the estimated hours" in binding(one_off, "one_off.fixed_price").error.text()
    assert binding(one_off, "one_off.fixed_price").is_reminder()
    assert section(window, "service_design")["components"][0]["component_id"] == "benefit-review"
    type_here("120.00")
    type_into(one_off, "one_off.date", "14/09/2031")

    # Fixed term: weeks, the outcome, hours by band, a fixed price and what happens if it takes longer.
    pick(qtbot, page, "life skills")
    fixed = page.components.cards[1]
    assert focused() is binding(fixed, "fixed_term.weeks").control()
    type_here("12")
    key(Qt.Key.Key_Tab)
    type_here("Dan gets the bus to work on his own")
    type_into(fixed, "fixed_term.hours_per_week", "4")  # the group's first box: weekday daytime
    longer = binding(fixed, "fixed_term.if_longer")
    assert not longer.row.isVisibleTo(page)  # only with a fixed price
    type_into(fixed, "fixed_term.fixed_price_for_outcome", "950")
    assert longer.row.isVisibleTo(page)
    choose_in(longer.form.binding("rule").combo, "Carry on at a reduced hourly rate")
    rate = longer.form.binding("reduced_hourly_rate")
    assert rate.row.isVisibleTo(page) and not longer.form.binding("refund_amount").row.isVisibleTo(page)
    rate.control().setFocus()
    type_here("15")

    # On-going: the week's pattern by day, a sleep-in, shared with one other person.
    pick(qtbot, page, "personal care")
    on_going = page.components.cards[2]
    week = binding(on_going, "on_going.week")
    assert focused() is week.form.binding("monday.daytime").control()  # Monday's daytime first
    type_here("5")
    key(Qt.Key.Key_Tab)  # then Monday evening and night: the week is filled a day at a time
    assert focused() is week.form.binding("monday.evening").control()
    key(Qt.Key.Key_Tab)
    key(Qt.Key.Key_Tab)
    assert focused() is week.form.binding("tuesday.daytime").control()
    week.form.binding("wednesday.evening").control().setFocus()
    type_here("3")
    choose_in(week.form.binding("friday.night").combo, "Sleep-in")
    shared = binding(on_going, "shared_by").control()
    shared.setFocus()
    key(Qt.Key.Key_Up)
    assert "5 h weekday daytime, 3 h evening, 1 sleep-in" in on_going.week_total.text()
    saved(qtbot, ws)

    design = section(window, "service_design")
    one, term, going = design["components"]
    assert one["one_off"] == {"fixed_price": "120.00", "estimated_hours": None, "date": "2031-09-14"}
    assert term["fixed_term"]["weeks"] == 12 and term["fixed_term"]["hours_per_week"]["day"] in ("4", "4.00")
    assert term["fixed_term"]["target_outcome"] == "Dan gets the bus to work on his own"
    assert term["fixed_term"]["if_longer"]["rule"] == "continue-reduced"
    assert term["fixed_term"]["if_longer"]["reduced_hourly_rate"] in ("15", "15.00")
    assert going["on_going"]["week"]["monday"]["daytime"] in ("5", "5.00")
    assert going["on_going"]["week"]["friday"]["night"] == "sleep-in"
    assert going["shared_by"] == 2
    assert len(journal(service, "service_design", ws.case_id)) > len(before)
    # Everything each part needs is there: no reminders left, and the stage is complete.
    for card in page.components.cards:
        assert not card.form.has_errors(), card.title.text()
    assert ws.navigator.item_for(Stage.SERVICE_DESIGN).data(Qt.ItemDataRole.UserRole + 3).endswith("Complete")


def test_specialists_and_what_we_cannot_offer(qtbot, unlocked):
    window = unlocked
    page = open_stage(window, "Whitlock", Stage.SERVICE_DESIGN)
    ws = window.workspace
    page.specialists.add_button.setFocus()
    key(Qt.Key.Key_Space)
    card = page.specialists.cards[0]
    choose_in(focused(), "Housing")
    saved(qtbot, ws)
    why = card.form.binding("why")
    assert "why this specialist" in why.error.text()  # said beside it, saved all the same
    why.control().setFocus()
    type_here("Dan wants his own flat near his dad")
    page.cannot_offer.add_button.setFocus()
    key(Qt.Key.Key_Space)
    type_here("Help at night with epilepsy")
    key(Qt.Key.Key_Tab)
    type_here("Harrogate Community Nursing")
    saved(qtbot, ws)
    design = section(window, "service_design")
    assert design["specialists"][0]["kind"] == "housing"
    assert design["cannot_offer"][0] == {**design["cannot_offer"][0], "what": "Help at night with epilepsy",
                                         "pointed_to": "Harrogate Community Nursing"}
    assert not why.error.isVisible()
