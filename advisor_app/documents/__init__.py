"""One reportlab builder per document (see easyread for the shared look)."""

from advisor_app.documents import bidi as _bidi

_bidi.install()  # before any builder imports reportlab: right-to-left (Urdu) documents need it
