"""The look: a calm light theme and a high-contrast one, with text that scales.

Sizes come from the system font (so the desktop's own text-size setting is respected) times the
advisor's "text size" setting. One style sheet (``resources/theme/app.qss``) serves both themes;
the colours and point sizes are filled in here.
"""

from __future__ import annotations

from string import Template

from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from advisor_app.paths import resource

CALM = {
    "window": "#F4F6F8",
    "surface": "#FFFFFF",
    "text": "#1D2630",
    "muted": "#56606B",
    "border": "#DCE1E7",
    "input": "#FFFFFF",
    "input_border": "#A9B3BE",
    "hover": "#EAF0F4",
    "pressed": "#DCE6EC",
    "accent": "#1F6E6A",
    "accent_hover": "#195C58",
    "accent_text": "#FFFFFF",
    "accent_text_on_window": "#14504D",
    "link": "#1B5E5A",
    "focus": "#2F6FB3",
    "focus_on_accent": "#F2C14E",
    "selection": "#D6ECEA",
    "selection_text": "#0F3533",
    "alt_row": "#F8FAFB",
    "error": "#B3261E",
    "error_bg": "#FCEEEE",
    "error_border": "#F0B8B5",
    "error_input": "#FFF8F7",
    "warning": "#9A5B00",
    "success": "#1E6B34",
    "info_bg": "#EEF6F5",
    "info_border": "#BFDCD9",
    "badge_bg": "#E3EEF0",
    "badge_text": "#1B4D4A",
    "scroll": "#C2CAD2",
    "check_icon": "check-light.svg",
    "arrow_icon": "arrow-light.svg",
    "arrow_up_icon": "arrow-up-light.svg",
}

HIGH_CONTRAST = {
    "window": "#000000",
    "surface": "#000000",
    "text": "#FFFFFF",
    "muted": "#E6E6E6",
    "border": "#FFFFFF",
    "input": "#000000",
    "input_border": "#FFFFFF",
    "hover": "#1A1A40",
    "pressed": "#2A2A60",
    "accent": "#FFE500",
    "accent_hover": "#FFF176",
    "accent_text": "#000000",
    "accent_text_on_window": "#FFE500",
    "link": "#8AD4FF",
    "focus": "#FFE500",
    "focus_on_accent": "#00C8FF",
    "selection": "#FFE500",
    "selection_text": "#000000",
    "alt_row": "#0D0D0D",
    "error": "#FF9E9E",
    "error_bg": "#2A0000",
    "error_border": "#FF9E9E",
    "error_input": "#1A0000",
    "warning": "#FFD27F",
    "success": "#8CFF9E",
    "info_bg": "#001A33",
    "info_border": "#8AD4FF",
    "badge_bg": "#FFFFFF",
    "badge_text": "#000000",
    "scroll": "#FFFFFF",
    "check_icon": "check-dark.svg",
    "arrow_icon": "arrow-dark.svg",
    "arrow_up_icon": "arrow-up-dark.svg",
}

_system_point_size: float | None = None
_current: dict[str, str] = CALM


def current() -> dict[str, str]:
    """The colours of the theme in use (for widgets that paint themselves)."""
    return _current


def system_point_size() -> float:
    """The desktop's own text size, remembered before we change the application font."""
    global _system_point_size
    if _system_point_size is None:
        size = QGuiApplication.font().pointSizeF()
        _system_point_size = size if size > 0 else 10.0
        # Offscreen and bare X servers report tiny fonts; keep text comfortably readable.
        _system_point_size = max(_system_point_size, 10.0)
    return _system_point_size


def colours(high_contrast: bool) -> dict[str, str]:
    return HIGH_CONTRAST if high_contrast else CALM


def style_sheet(text_scale: float = 1.0, high_contrast: bool = False) -> str:
    base = system_point_size() * text_scale
    values = dict(colours(high_contrast))
    for icon in ("check_icon", "arrow_icon", "arrow_up_icon"):
        values[icon] = resource("theme", values[icon]).as_posix()
    values.update(
        base=f"{base:.1f}",
        small=f"{base * 0.9:.1f}",
        h1=f"{base * 1.75:.1f}",
        h2=f"{base * 1.35:.1f}",
        h3=f"{base * 1.12:.1f}",
        control=str(round(base * 2.0)),
    )
    template = Template(resource("theme", "app.qss").read_text(encoding="utf-8"))
    return template.substitute(values)


def palette(high_contrast: bool) -> QPalette:
    c = colours(high_contrast)
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: c["window"],
        QPalette.ColorRole.WindowText: c["text"],
        QPalette.ColorRole.Base: c["input"],
        QPalette.ColorRole.AlternateBase: c["alt_row"],
        QPalette.ColorRole.Text: c["text"],
        QPalette.ColorRole.Button: c["surface"],
        QPalette.ColorRole.ButtonText: c["text"],
        QPalette.ColorRole.Highlight: c["selection"],
        QPalette.ColorRole.HighlightedText: c["selection_text"],
        QPalette.ColorRole.ToolTipBase: c["text"],
        QPalette.ColorRole.ToolTipText: c["window"],
        QPalette.ColorRole.PlaceholderText: c["muted"],
        QPalette.ColorRole.Link: c["link"],
        QPalette.ColorRole.BrightText: c["error"],
    }
    for role, colour in roles.items():
        pal.setColor(role, QColor(colour))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(c["muted"]))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor(c["muted"]))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(c["muted"]))
    return pal


def apply(app: QApplication, *, text_scale: float = 1.0, high_contrast: bool = False) -> None:
    """Set font, palette and style sheet for the whole application."""
    global _current
    _current = colours(high_contrast)
    font = QFont(app.font())
    font.setPointSizeF(system_point_size() * text_scale)
    app.setFont(font)
    app.setPalette(palette(high_contrast))
    app.setStyleSheet(style_sheet(text_scale, high_contrast))


def repolish(widget) -> None:
    """Re-apply the style sheet after a dynamic property (``invalid``, ``state``) changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()
