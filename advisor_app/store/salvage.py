"""Copy every readable row of a damaged store into a new store, and say what could not be read.

A damaged page (a flipped bit on the disk, a torn write) makes SQLCipher refuse the whole store
(``StoreDamaged``), although every row on the other pages can still be read with the data key.
``salvage`` reads the old store without writing to it, table by table: a slice of rows at a time,
and where a slice fails, row by row, so one bad page costs only the rows on it. Rows are never
deleted from these tables (records are marked deleted, the journal and documents are
insert-only), so row ids run 1, 2, 3... and the ones that could not be read are known exactly.

The new store keeps the old one's identity (store id, device id, advisor) and its key file and
recovery copy, so the same passphrase opens it and the office still knows the laptop. Its
indexes are built afresh; the change journal keeps every entry that could be read, and the
report says which changes are missing and whether they had reached the office already.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from advisor_app.store import recovery
from advisor_app.store.connection import READ_FAILED, Connection, cipher_problems, connect_keyed, open_database
from advisor_app.store.errors import StoreExists, from_os_error
from advisor_app.store.files import DB_FILE_NAME, PRIVATE_FILE_MODE, make_private_dir, remove_database_files
from advisor_app.store.journal import acknowledged_seq, verify_chain
from advisor_app.store.keys import KeyFile, key_file_path, write_key_file
from advisor_app.store.migrations import migrate

# Parents before children does not matter (no foreign keys between them); meta first for identity.
TABLES = ("meta", "records", "journal", "documents")
_SLICE = 256


@dataclass
class TableReport:
    copied: int = 0
    unreadable: list[int] = field(default_factory=list)  # row ids that could not be read
    end_unknown: bool = False  # the table's last pages were unreadable: rows after these may be lost

    def ranges(self) -> str:
        """1-3, 7, 9-12: the unreadable row ids, compactly."""
        spans: list[list[int]] = []
        for rowid in self.unreadable:
            if spans and rowid == spans[-1][1] + 1:
                spans[-1][1] = rowid
            else:
                spans.append([rowid, rowid])
        return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)


@dataclass
class SalvageReport:
    damaged_pages: int
    tables: dict[str, TableReport]
    journal_problems: list[str]  # the new store's chain check (gaps where entries were lost)
    acknowledged_seq: int  # the office had confirmed every change up to this one

    @property
    def complete(self) -> bool:
        return not any(t.unreadable or t.end_unknown for t in self.tables.values())

    def lines(self) -> list[str]:
        words = {"meta": "settings", "records": "records", "journal": "journal entries (changes)",
                 "documents": "documents"}
        out = [f"The old store has {self.damaged_pages} damaged page(s)."]
        for name, table in self.tables.items():
            total = table.copied + len(table.unreadable)
            line = f"Copied {table.copied} of {total} {words[name]}"
            if table.unreadable:
                line += f"; could not read row(s) {table.ranges()}"
            if table.end_unknown:
                line += "; the last part of the table could not be read, so later rows may be missing"
            out.append(line + ".")
        lost = self.tables["journal"].unreadable if "journal" in self.tables else []
        not_at_office = [seq for seq in lost if seq > self.acknowledged_seq]
        if not_at_office:
            out.append(f"{len(not_at_office)} lost change(s) had not reached the office yet and cannot be "
                       "sent again: tell the office, and check those cases against its copy.")
        elif lost:
            out.append("The lost changes had all reached the office already.")
        out.append("Everything readable was copied." if self.complete else
                   "What could not be read is listed above; the office may hold a copy of it.")
        return out


def _columns(conn: Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


class _Source:
    """The damaged database, read-only. After a read hits a bad page SQLCipher refuses every later
    read on that connection too (``READ_FAILED``), so each failed read is followed by a fresh
    connection."""

    def __init__(self, path: Path, key: bytes | bytearray) -> None:
        self.path, self.key = path, key
        self.conn = connect_keyed(path, key, read_only=True)

    def rows(self, sql: str, params: tuple = ()) -> list[tuple] | None:
        """The rows, or None when they cannot be read (the connection is then renewed)."""
        try:
            return self.conn.execute(sql, params).fetchall()
        except READ_FAILED:
            self.conn.close()
            self.conn = connect_keyed(self.path, self.key, read_only=True)
            return None

    def close(self) -> None:
        self.conn.close()


def _last_rowid(source: _Source, table: str) -> tuple[int, bool]:
    """The table's highest row id, and whether it is only an upper bound (its last pages are
    damaged, so it is as many rows as the file could hold)."""
    found = source.rows(f"SELECT coalesce(max(rowid), 0) FROM {table}")
    if found is not None:
        return int(found[0][0]), False
    return int(source.rows("PRAGMA page_count")[0][0]) * 64, True


def _read_rows(source: _Source, select: str, start: int, end: int, report: TableReport) -> list[tuple]:
    rows = source.rows(f"{select} WHERE rowid BETWEEN ? AND ?", (start, end))
    if rows is not None:
        return rows
    rows = []
    for rowid in range(start, end + 1):  # the slice touches a bad page: one row at a time
        row = source.rows(f"{select} WHERE rowid = ?", (rowid,))
        if row is None:
            report.unreadable.append(rowid)
        else:
            rows.extend(row)
    return rows


def _copy_table(source: _Source, target: Connection, table: str) -> TableReport:
    report = TableReport()
    columns = [row[1] for row in target.execute(f"PRAGMA table_info({table})")]
    names = ", ".join(columns)
    select = f"SELECT rowid, {names} FROM {table}"
    insert = f"INSERT INTO {table} (rowid, {names}) VALUES (?, {', '.join('?' for _ in columns)})"
    last, estimated = _last_rowid(source, table)
    highest = 0
    for start in range(1, last + 1, _SLICE):
        rows = _read_rows(source, select, start, min(start + _SLICE - 1, last), report)
        target.executemany(insert, rows)
        report.copied += len(rows)
        highest = max([highest, *(row[0] for row in rows)])
    if estimated:  # ids past the last row read may never have existed: say the end is unknown
        report.unreadable = [rowid for rowid in report.unreadable if rowid < highest]
        report.end_unknown = True
    return report


def salvage(source_dir: Path, target_dir: Path, data_key: bytes | bytearray, key_file: KeyFile) -> SalvageReport:
    """Copy what is readable from ``source_dir`` into a new store in ``target_dir`` (which must not
    hold a store). ``data_key`` and ``key_file`` are the source's, already unlocked."""
    source_dir, target_dir = Path(source_dir), Path(target_dir)
    if key_file_path(target_dir).exists() or (target_dir / DB_FILE_NAME).exists():
        raise StoreExists(detail=str(target_dir))
    if target_dir.resolve() == source_dir.resolve():
        raise StoreExists("Salvage into a new, empty folder, not the damaged store's own.")
    source = _Source(source_dir / DB_FILE_NAME, data_key)
    target_db = None
    target_path = target_dir / DB_FILE_NAME
    try:
        damaged = len(cipher_problems(source.conn))
        make_private_dir(target_dir)
        os.close(os.open(target_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))
        target_db = open_database(target_path, data_key)
        migrate(target_db.conn)
        target = target_db.conn
        tables: dict[str, TableReport] = {}
        target.execute("BEGIN IMMEDIATE")
        try:
            for table in TABLES:
                tables[table] = _copy_table(source, target, table)
        except BaseException:
            target.execute("ROLLBACK")
            raise
        target.execute("COMMIT")
        problems = verify_chain(target_db)
        acknowledged = acknowledged_seq(target_db)
        write_key_file(target_dir, key_file)
        copy = recovery.read_copy(source_dir)
        if copy is not None:
            shutil.copyfile(recovery.copy_path(source_dir), recovery.copy_path(target_dir))
            os.chmod(recovery.copy_path(target_dir), PRIVATE_FILE_MODE)
        return SalvageReport(damaged, tables, problems, acknowledged)
    except OSError as exc:
        _remove_new(target_dir)
        raise from_os_error(exc, store_folder=False) from None
    except BaseException:
        _remove_new(target_dir)
        raise
    finally:
        source.close()
        if target_db is not None:
            target_db.close()


def _remove_new(target_dir: Path) -> None:
    remove_database_files(target_dir / DB_FILE_NAME)
    key_file_path(target_dir).unlink(missing_ok=True)
    recovery.copy_path(target_dir).unlink(missing_ok=True)

