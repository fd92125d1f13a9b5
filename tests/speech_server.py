"""A private speech-dispatcher for the tests: the real speech engine (speech-dispatcher with
espeak-ng, the ``speechd`` engine of Qt's QTextToSpeech), speaking into a file instead of a
sound card (the test machines have none).

``private_speech(folder)`` points this process (and the speech-dispatcher it starts when the app
first speaks) at its own runtime folder, its own configuration (ALSA output to an ALSA ``file``
device) and its own ALSA configuration, and gives the file the speech is written to (raw
samples). ``stop`` ends the speech-dispatcher started for the tests, if it still runs. Nothing
of the user's speech-dispatcher or sound settings is touched.
"""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass
from pathlib import Path

SYSTEM_ALSA_CONF = "/usr/share/alsa/alsa.conf"


@dataclass
class PrivateSpeech:
    runtime: Path
    spoken: Path  # the raw samples spoken so far
    environ: dict[str, str]

    def samples(self) -> bytes:
        return self.spoken.read_bytes() if self.spoken.exists() else b""

    def stop(self) -> None:
        """End the test's speech-dispatcher (it would end by itself a few seconds after the last
        client leaves)."""
        pid_file = self.runtime / "speech-dispatcher" / "pid"
        try:
            pid = int(pid_file.read_text().strip())
        except (OSError, ValueError):
            return
        try:
            os.kill(pid, signal.SIGTERM)
        except (ProcessLookupError, PermissionError):
            pass


def private_speech(folder: Path) -> PrivateSpeech:
    runtime, config = folder / "runtime", folder / "config"
    (config / "speech-dispatcher").mkdir(parents=True, exist_ok=True)
    runtime.mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o700)
    spoken = folder / "spoken.raw"
    alsa = folder / "asound.conf"
    alsa.write_text(f'pcm.advisor_app_tests {{\n    type file\n    slave.pcm "null"\n    file "{spoken}"\n'
                    '    format "raw"\n}\n', encoding="utf-8")
    (config / "speech-dispatcher" / "speechd.conf").write_text(
        'AudioOutputMethod "alsa"\nAudioALSADevice "advisor_app_tests"\n'
        'AddModule "espeak-ng" "sd_espeak-ng" "espeak-ng.conf"\nDefaultModule espeak-ng\nTimeout 5\n',
        encoding="utf-8")
    environ = {"XDG_RUNTIME_DIR": str(runtime), "XDG_CONFIG_HOME": str(config),
               "ALSA_CONFIG_PATH": f"{SYSTEM_ALSA_CONF}:{alsa}"}
    return PrivateSpeech(runtime, spoken, environ)
