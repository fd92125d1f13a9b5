"""A guard against a reference-counting fault in PySide6 6.12 on CPython 3.11.

Every Qt call made from Python that returns nothing, or returns no object (``setText``,
``hide``, ``currentData()`` on an item without data, ``parentWidget()`` of a window), gives
back ``None`` without taking the reference it then hands over. Each call so drains one
reference from ``None``; the app makes hundreds per autosave, and once the count reaches zero
Python aborts ("Fatal Python error: none_dealloc: deallocating None"). CPython 3.12 made
``None`` immortal, which hides the fault; on 3.11 we do the same by giving ``None`` a count so
large that no session can drain it (2**48 calls). Measured in tests/ui/test_qt_compat.py.

Remove once PySide6 is fixed, or the project requires Python 3.12.
"""

from __future__ import annotations

import sys

_RESERVE = 1 << 48
_done = False


def protect_none() -> None:
    global _done
    if _done or sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    import ctypes

    # ob_refcnt is the first field of every CPython object; id() is the object's address.
    ctypes.c_ssize_t.from_address(id(None)).value += _RESERVE
    _done = True
