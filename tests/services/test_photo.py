"""The person's photo: kept only in the encrypted store (never a file in clear, not even a
temporary one), made small and stripped of where it was taken, printed on the one-page profile
only with consent recorded, and a hostile file refused with one sentence and nothing changed."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import tempfile

import pytest
from PIL import Image

from advisor_app.domain.photo import PHOTO, photo_for_documents
from advisor_app.services import AdvisorService, documents, photo
from tests.documents import case_data
from tests.documents.easyread_check import check

PASS = "a long enough passphrase"


@pytest.fixture
def case(tmp_path):
    service = AdvisorService.create(tmp_path / "store", PASS, advisor_name="Jess Moreno")
    case_id = case_data.fill(service)
    yield service, case_id
    service.lock()


def jpeg(width: int = 1600, height: int = 1200, *, gps: bool = True) -> bytes:
    """A made-up photo, with a location in its metadata as a phone would write it."""
    image = Image.new("RGB", (width, height), (200, 120, 60))
    for x in range(0, width, 40):
        image.paste((30, 60, 90), (x, 0, x + 20, height))
    exif = Image.Exif()
    if gps:
        exif[0x8825] = {1: "N", 2: (53.0, 48.0, 1.0), 3: "W", 4: (1.0, 46.0, 2.0)}  # GPS: Bradford
        exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def images_in(pdf: bytes) -> int:
    listing = subprocess.run(["pdfimages", "-list", "-"], input=pdf, capture_output=True, check=True).stdout
    return len(listing.decode().splitlines()[2:])


def profile(service, case_id) -> bytes:
    return documents.make_document(service, case_id, "one-page-profile", made_on=dt.date(2026, 3, 14))


def test_a_photo_is_printed_only_once_consent_is_recorded(case):
    service, case_id = case
    base = images_in(profile(service, case_id))  # the logo
    assert photo.set_photo(service, case_id, jpeg()).ok
    assert images_in(profile(service, case_id)) == base  # no consent yet: no photo
    assert photo_for_documents(service.load_case(case_id).data()) is None

    assert photo.record_consent(service, case_id, given=True, given_by="anita", on=dt.date(2026, 3, 1)).ok
    pdf = profile(service, case_id)
    assert images_in(pdf) == base + 1
    assert check(pdf, max_pages=1).pages == 1  # still one page, with the photo

    assert photo.record_consent(service, case_id, given=False).ok  # they changed their mind
    assert images_in(profile(service, case_id)) == base
    assert photo.remove_photo(service, case_id).ok and photo.photo_bytes(service, case_id) is None


def test_consent_needs_who_and_when_and_a_new_photo_asks_again(case):
    service, case_id = case
    refused = service.save(case_id, PHOTO, {"consent": True})
    assert not refused.ok and "Please add a photo first." in refused.errors.values()
    assert photo.set_photo(service, case_id, jpeg()).ok
    half = service.save(case_id, PHOTO, {**photo.consent(service, case_id).model_dump(mode="json"), "consent": True})
    assert not half.ok and set(half.errors) == {"given_by", "given_on"}
    assert photo.record_consent(service, case_id, given=True, given_by="person").ok
    assert photo.set_photo(service, case_id, jpeg(800, 800)).ok
    assert photo.consent(service, case_id).consent is False  # a different photo: asked again


def test_the_kept_photo_is_small_upright_and_says_nothing_of_where_it_was_taken(case):
    service, case_id = case
    assert photo.set_photo(service, case_id, jpeg()).ok
    kept = photo.photo_bytes(service, case_id)
    with Image.open(io.BytesIO(kept)) as image:
        assert image.format == "JPEG" and max(image.size) == 600
        assert not image.getexif()  # no GPS, no maker
    assert b"PhoneMaker" not in kept
    assert all(r.kind != photo.KIND for r in documents.list_documents(service, case_id))  # not a PDF to list


def test_the_photo_never_reaches_the_disk_in_clear(case, tmp_path, monkeypatch):
    service, case_id = case
    original = jpeg()
    # This process's temporary files in a folder of its own: the other test workers make theirs too.
    private_temp = tmp_path / "temp"
    private_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private_temp))
    temp_before = set(os.listdir(tempfile.gettempdir()))
    assert photo.set_photo(service, case_id, original).ok
    assert photo.record_consent(service, case_id, given=True, given_by="person").ok
    profile(service, case_id)
    kept = photo.photo_bytes(service, case_id)
    service.store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for root, _dirs, files in os.walk(tmp_path):
        for name in files:
            content = open(os.path.join(root, name), "rb").read()
            middle, half = len(kept) // 2, len(original) // 2  # inside the picture data, not a header
            assert kept[middle:middle + 64] not in content and original[half:half + 64] not in content, name
    assert set(os.listdir(tempfile.gettempdir())) - temp_before == set()


@pytest.mark.parametrize("hostile", [
    b"not a picture at all",
    b"\xff\xd8\xff\xe0" + b"\x00" * 64,  # a JPEG header and nothing else
    b"GIF89a" + b"\x00" * 64,
])
def test_a_hostile_file_is_refused_in_one_sentence_and_nothing_changes(case, hostile):
    service, case_id = case
    before = service.load_case(case_id).data().get(PHOTO)
    with pytest.raises(photo.PhotoError) as caught:
        photo.set_photo(service, case_id, hostile)
    assert str(caught.value) == "This file is not a photo we can read. Please choose a JPEG or PNG picture."
    assert service.load_case(case_id).data().get(PHOTO) == before
    assert not service.store.documents(case_id=case_id, kind=photo.KIND)


def test_a_picture_too_large_to_open_safely_is_refused(case):
    service, case_id = case
    huge = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(huge, format="PNG")  # small file, 100 million pixels
    with pytest.raises(photo.PhotoError):
        photo.set_photo(service, case_id, huge.getvalue())
    with pytest.raises(photo.PhotoError) as caught:
        photo.set_photo(service, case_id, b"\xff" * (16 * 1024 * 1024))
    assert "too big" in str(caught.value)
