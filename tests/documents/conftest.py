"""Fixtures for the documents: a real encrypted store holding Priya's case, and PDF helpers.

Building and storing is done once per module where the tests only read the result; tests
that change the case get their own store.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from advisor_app.services import AdvisorService
from tests.documents import case_data

PASS = "a long enough passphrase"
ADVISOR = "Jess Moreno"
TOOLS = ("pdftotext", "pdfinfo", "pdffonts", "pdftoppm", "qpdf")

missing = [tool for tool in TOOLS if shutil.which(tool) is None]
if missing:  # CI installs them (Makefile); say plainly what is needed rather than skip quietly
    raise RuntimeError(f"The document tests need {', '.join(missing)}: "
                       "apt-get install -y poppler-utils qpdf")


@pytest.fixture(scope="module")
def private_dirs(tmp_path_factory):
    """Config and data folders of the module's own (the shared autouse fixture is per test)."""
    base = tmp_path_factory.mktemp("docdirs")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ADVISOR_APP_DATA_DIR", str(base / "data"))
        mp.setenv("ADVISOR_APP_CONFIG_DIR", str(base / "config"))
        yield base


@pytest.fixture(scope="module")
def priya(private_dirs):
    """(service, case_id) with every section of Priya's case saved through the service."""
    service = AdvisorService.create(private_dirs / "store", PASS, advisor_name=ADVISOR)
    case_id = case_data.fill(service)
    yield service, case_id
    service.lock()


@pytest.fixture(scope="module")
def demo(private_dirs):
    """The demo store (every demo case, Priya's agreement signed), unlocked."""
    from advisor_app.demo import DEMO_PASSPHRASE, create_demo_store

    directory = private_dirs / "demo"
    create_demo_store(directory)
    service = AdvisorService.unlock(directory, DEMO_PASSPHRASE)
    yield service
    service.lock()


@pytest.fixture
def fresh(tmp_path):
    """A store of the test's own, with Priya's case, for tests that change it."""
    service = AdvisorService.create(tmp_path / "store", PASS, advisor_name=ADVISOR)
    case_id = case_data.fill(service)
    yield service, case_id
    service.lock()


# ---- reading PDFs -----------------------------------------------------------------------------


def run(*args: str, data: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), input=data, capture_output=True, check=False)


def text_of(pdf: bytes, page: int | None = None) -> str:
    """The text a person (or a screen reader) gets from the PDF, via poppler's pdftotext."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    result = run("pdftotext", "-enc", "UTF-8", *pages, "-", "-", data=pdf)
    assert result.returncode == 0, result.stderr
    return result.stdout.decode("utf-8")


def flat(text: str) -> str:
    """Whitespace (line ends from wrapping) made single spaces, for looking up sentences."""
    return " ".join(text.split())


def info(pdf: bytes) -> dict[str, str]:
    result = run("pdfinfo", "-", data=pdf)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode("utf-8").splitlines()
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in lines)}


def qpdf_check(pdf: bytes, tmp_path: Path) -> subprocess.CompletedProcess:
    path = tmp_path / "check.pdf"
    path.write_bytes(pdf)
    return run("qpdf", "--check", str(path))


def reader(pdf: bytes) -> PdfFileReader:
    return PdfFileReader(io.BytesIO(pdf))


def outline(pdf: bytes) -> list[tuple[int, str]]:
    """The bookmarks as (level, title), in order."""
    root = reader(pdf).root
    if "/Outlines" not in root or "/First" not in root["/Outlines"]:
        return []
    out: list[tuple[int, str]] = []

    def walk(node, level: int) -> None:
        while True:
            out.append((level, str(node["/Title"])))
            if "/First" in node:
                walk(node["/First"], level + 1)
            if "/Next" not in node:
                return
            node = node["/Next"]

    walk(root["/Outlines"]["/First"], 0)
    return out


def font_sizes(pdf: bytes) -> set[float]:
    """The size of every character printed on any page, as pdfminer.six reads it (a font set
    for no text, as a vector picture's drawing code does, prints nothing and does not count)."""
    from tests.documents.easyread_check import paragraphs

    return {size for paragraph in paragraphs(pdf) for size in paragraph.sizes}


def page_count(pdf: bytes) -> int:
    return int(info(pdf)["Pages"])
