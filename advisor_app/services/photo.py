"""The person's photo: read from bytes in memory (a file the advisor chose, or a camera frame),
checked, made small and stripped of its metadata (where and when it was taken), stored in the
encrypted store, and given to documents only with consent (``domain.photo``).

Nothing here writes a file: the picture goes from memory into the encrypted store, and from the
store into the PDF, never through a temporary file.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

from advisor_app.domain.messages import N_
from advisor_app.domain.photo import (
    MAX_PHOTO_BYTES,
    MAX_PHOTO_PIXELS,
    NOT_A_PHOTO,
    PHOTO,
    PHOTO_SIDE,
    TOO_BIG,
    PhotoConsent,
    photo_for_documents,
)
from advisor_app.domain.validation import validate
from advisor_app.i18n import _
from advisor_app.services.cases import AdvisorService, SaveResult
from advisor_app.store.errors import StoreError

KIND = "photo"  # the stored picture's document kind (never listed with the PDFs)


class PhotoError(ValueError):
    """The picture was refused; the message says why in one sentence."""


def prepared(data: bytes) -> bytes:
    """``data`` as the JPEG we keep: at most ``PHOTO_SIDE`` pixels a side, upright, no metadata.
    Raises ``PhotoError`` for anything that is not a picture we can read."""
    if len(data) > MAX_PHOTO_BYTES:
        raise PhotoError(_(TOO_BIG))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in ("JPEG", "PNG") or image.width * image.height > MAX_PHOTO_PIXELS:
                    raise PhotoError(_(NOT_A_PHOTO))
                image.load()
                picture = ImageOps.exif_transpose(image).convert("RGB")  # upright, as it was taken
    except PhotoError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning,
            SyntaxError):
        raise PhotoError(_(NOT_A_PHOTO)) from None
    picture.thumbnail((PHOTO_SIDE, PHOTO_SIDE))
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=85, optimize=True)  # a new file: no EXIF, no GPS
    return out.getvalue()


def consent(service: AdvisorService, case_id: str) -> PhotoConsent:
    data = service.load_case(case_id).data().get(PHOTO)
    return (validate(PhotoConsent, data).value if data else None) or PhotoConsent()


def set_photo(service: AdvisorService, case_id: str, data: bytes) -> SaveResult:
    """Keep a new photo. Consent is asked again for a new photo, so it starts not given."""
    picture = prepared(data)
    view = service.load_case(case_id)
    with service.store.transaction():
        record = service.store.put_document(case_id=case_id, kind=KIND, title=_("Photo"), content=picture,
                                            meta={"reference": view.header.reference})
        return service.save(case_id, PHOTO, PhotoConsent(sha256=record.sha256).model_dump(mode="json"))


def record_consent(service: AdvisorService, case_id: str, *, given: bool, given_by: str | None = None,
                   on: dt.date | None = None) -> SaveResult:
    """Who agreed to the photo being used on documents, and when (or that they did not)."""
    current = consent(service, case_id)
    data = {**current.model_dump(mode="json"), "consent": given,
            "given_by": given_by if given else None, "given_on": (on or dt.date.today()).isoformat() if given else None}
    return service.save(case_id, PHOTO, data)


def remove_photo(service: AdvisorService, case_id: str) -> SaveResult:
    """No photo on any document from now on (documents already made keep theirs)."""
    return service.save(case_id, PHOTO, PhotoConsent().model_dump(mode="json"))


def photo_bytes(service: AdvisorService, case_id: str) -> bytes | None:
    """The photo as stored, for the advisor's screen (with or without consent)."""
    sha = consent(service, case_id).sha256
    return _content(service, sha) if sha else None


def photo_for_document(service: AdvisorService, sections) -> bytes | None:
    """The photo a document may print: only with consent recorded."""
    sha = photo_for_documents(sections)
    return _content(service, sha) if sha else None


def _content(service: AdvisorService, sha: str) -> bytes | None:
    record = service.store.document(sha)
    if record is None or record.kind != KIND:
        raise StoreError(N_("The photo is not in this store."))
    return record.content
