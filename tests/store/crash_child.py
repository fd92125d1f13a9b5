"""Child process for test_crash.py: saves edits in a loop until it is killed.

Prints ``saved <n>`` only after ``Store.put`` (the commit) has returned, so every number the
parent reads was reported to the person as saved.
"""

from __future__ import annotations

import sys

from advisor_app.store import CASE, Store

CASE_ID = "case-crash"


def main(directory: str, passphrase: str) -> None:
    store = Store.open(directory, passphrase)
    record = store.get(CASE, CASE_ID)
    version, n = (record.version, record.data["n"]) if record else (None, 0)
    while True:
        n += 1
        with store.transaction():  # a case save plus a section, as one unit
            record = store.put(CASE, {"n": n, "notes": "x" * (n % 700)}, case_id=CASE_ID,
                               base_version=version)
            store.put("visit", {"n": n}, case_id=CASE_ID)
            if n % 25 == 0:
                store.put_document(case_id=CASE_ID, kind="note", title=f"note {n}",
                                   content=b"%PDF " + str(n).encode() * 200, meta={"n": n})
        version = record.version
        sys.stdout.write(f"saved {n}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
