"""Auto-lock: an application-wide event filter that restarts a timer on every input."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress,
    QEvent.Type.KeyRelease,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
    QEvent.Type.TabletPress,
    QEvent.Type.TabletMove,
    QEvent.Type.InputMethod,
    QEvent.Type.Shortcut,
})


class IdleWatcher(QObject):
    """Emits ``idle`` after ``timeout_ms`` without keyboard, mouse, touch or pen input."""

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None):
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(int(timeout_ms), 1))
        self.timer.timeout.connect(self._fire)
        self._running = False

    def set_timeout_ms(self, timeout_ms: int) -> None:
        self.timer.setInterval(max(int(timeout_ms), 1))
        if self._running:
            self.timer.start()

    def timeout_ms(self) -> int:
        return self.timer.interval()

    def start(self) -> None:
        self._running = True
        self.timer.start()

    def stop(self) -> None:
        self._running = False
        self.timer.stop()

    @property
    def running(self) -> bool:
        return self._running

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if self._running and event.type() in INPUT_EVENTS:
            self.timer.start()
        return False

    def _fire(self) -> None:
        if self._running:
            self._running = False
            self.idle.emit()
