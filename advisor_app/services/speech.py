"""Whether the system's speech-dispatcher answers, asked with a time limit.

Qt's ``speechd`` text to speech engine talks to speech-dispatcher through libspeechd, which waits
for each answer with no time limit. A dispatcher that is stuck (its sound output blocked, say)
therefore freezes the window that creates a QTextToSpeech, for ever: on a family's visit, in the
middle of reading together. So before reading aloud is offered, the dispatcher is asked to answer
one line within a second or two; one that does not is left alone and reading aloud is not offered.

Where no dispatcher runs yet, one is started the way libspeechd itself would start it
(``speech-dispatcher --spawn``), but with a time limit, and then asked.
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
import subprocess
import threading
from enum import Enum
from pathlib import Path

log = logging.getLogger(__name__)
ANSWER_WITHIN_S = 2.0
START_WITHIN_S = 10.0
# One asker at a time: the reading view's and the warm-up thread's would otherwise both start a
# dispatcher, and the one that lost the race would find none answering yet.
_ASKING = threading.Lock()


class Dispatcher(Enum):
    ANSWERS = "answers"
    SILENT = "silent"  # a socket that does not answer in time: a stuck dispatcher
    ABSENT = "absent"  # none running and none could be started
    UNKNOWN = "unknown"  # reached over the network (SPEECHD_ADDRESS): not asked


def socket_path() -> Path | None:
    """The socket libspeechd connects to: ``SPEECHD_ADDRESS`` when it names a Unix socket, else
    speech-dispatcher's default under the user's runtime folder (or cache folder)."""
    address = os.environ.get("SPEECHD_ADDRESS", "")
    if address:
        method, _, rest = address.partition(":")
        return Path(rest) if method == "unix_socket" and rest else None
    base = os.environ.get("XDG_RUNTIME_DIR") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "speech-dispatcher" / "speechd.sock"


def _answers(path: Path, within_s: float) -> Dispatcher:
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(within_s)
            connection.connect(str(path))
            connection.sendall(b"SET SELF CLIENT_NAME advisor_app:probe:main\r\n")
            reply = connection.recv(256)
            connection.sendall(b"QUIT\r\n")
    except (ConnectionRefusedError, FileNotFoundError):
        return Dispatcher.ABSENT  # a socket left behind by a dispatcher that ended
    except OSError:  # the time limit, or the connection cut
        return Dispatcher.SILENT
    return Dispatcher.ANSWERS if reply.startswith(b"2") else Dispatcher.SILENT


def _start(path: Path, within_s: float) -> bool:
    program = shutil.which("speech-dispatcher")
    if program is None:
        return False
    try:
        subprocess.run([program, "--spawn", "--communication-method", "unix_socket", "--socket-path", str(path)],
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=within_s, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return path.exists()


def still_answers(*, within_s: float = 0.5) -> bool:
    """False only when the dispatcher is there but stuck (asked before each phrase is said: a
    dispatcher whose sound output blocked mid-reading would otherwise freeze the window at the
    next phrase or at Stop)."""
    path = socket_path()
    return path is None or not path.exists() or _answers(path, within_s) != Dispatcher.SILENT


def dispatcher_state(*, answer_within_s: float = ANSWER_WITHIN_S, start_within_s: float = START_WITHIN_S) -> Dispatcher:
    """Whether speech-dispatcher answers (starting one, with a time limit, where none runs)."""
    path = socket_path()
    if path is None:
        return Dispatcher.UNKNOWN
    with _ASKING:
        state = _answers(path, answer_within_s) if path.exists() else Dispatcher.ABSENT
        if state == Dispatcher.ABSENT and _start(path, start_within_s):
            state = _answers(path, answer_within_s)
    if state != Dispatcher.ANSWERS:
        log.info("Reading aloud is not offered: speech-dispatcher %s", state.value)
    return state
