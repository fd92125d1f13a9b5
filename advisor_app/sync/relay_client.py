"""The HTTP relay client (stdlib only): upload, list, resumable download, delete, enrollment.

Bundles are named by the SHA-256 of their bytes (docs/sync.md), so an upload can be repeated
safely and a download is checked against its id. A download is written to a partial file as it
arrives and resumed from there with a Range request; partial files hold ciphertext only
(bundles are HPKE-encrypted), so keeping them on disk is fine. Every expected failure is a
`RelayError` whose message is a sentence a person can act on.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import re
import ssl
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from advisor_app.sync.errors import RelayError
from advisor_app import bounded_json
from advisor_app.domain.messages import N_, Msg

_CHUNK = 256 * 1024
_MAX_ANSWER = 4 * 1024 * 1024  # a mailbox page of 500 entries is about 100 KB
_BUNDLE_ID = re.compile(r"[0-9a-f]{64}")
_CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+)")
# A connection that drops or stalls mid-request; TimeoutError and ConnectionError are OSErrors.
_BROKEN = (OSError, http.client.HTTPException)


class RelayClient:
    """One caller's view of the relay: a laptop's (device credential) or, with office=True, the office's."""

    def __init__(self, base_url: str, credential: str, *, timeout: float = 30,
                 cafile: str | Path | None = None, office: bool = False):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.office = office
        self._credential = credential
        context = ssl.create_default_context(cafile=str(cafile) if cafile else None)
        self._opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context))

    # --- requests ------------------------------------------------------------------------

    def _open(self, method: str, path: str, *, data: bytes | None = None,
              headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
        request = urllib.request.Request(self.base_url + path, data=data, method=method, headers={
            "Authorization": f"Bearer {self._credential}", "Accept": "application/json", **(headers or {})})
        try:
            return self._opener.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as exc:
            with exc:
                raise self._refusal(exc.code, exc.read(_MAX_ANSWER)) from None
        except urllib.error.URLError as exc:
            raise self._unreachable(exc.reason) from None
        except _BROKEN as exc:
            raise self._unreachable(exc) from None

    def _json(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        with self._open(method, path, **kwargs) as response:
            try:
                answer = bounded_json.loads(response.read(_MAX_ANSWER + 1), max_bytes=_MAX_ANSWER)
            except _BROKEN as exc:
                raise self._unreachable(exc) from None
            except ValueError:
                answer = None
            if not isinstance(answer, dict):
                raise RelayError(Msg("The server at {base_url} did not answer like a relay: check the relay "
                                     "address.",
                                     base_url=self.base_url))
            return answer

    def _unreachable(self, reason: object) -> RelayError:
        if isinstance(reason, ssl.SSLCertVerificationError):
            return RelayError(Msg("The relay at {base_url} showed a certificate this computer does not "
                                  "trust ({verify_message}): check the relay address and its certificate.",
                                  base_url=self.base_url, verify_message=reason.verify_message))
        if isinstance(reason, TimeoutError):
            return RelayError(Msg("The relay at {base_url} did not answer within {timeout} seconds: try "
                                  "again later.",
                                  base_url=self.base_url, timeout=format(self.timeout, 'g')))
        return RelayError(Msg("Could not reach the relay at {base_url}: {reason}. Check the network "
                              "connection and try again.",
                              base_url=self.base_url, reason=reason))

    def _refusal(self, status: int, body: bytes) -> RelayError:
        try:  # the relay's own errors are already sentences a person can read
            message = str(bounded_json.loads(body[:_MAX_ANSWER], max_bytes=_MAX_ANSWER)["error"])[:500]
        except (ValueError, KeyError, TypeError):
            message = ""
        if status == 401:
            advice = ("check the office credential the relay was started with" if self.office
                      else "ask the office to enroll this laptop again")
            return RelayError(Msg("The relay refused the credential: {advice}.",
                                  advice=advice), status=status)
        if status >= 500:
            detail = ": " + message.rstrip(".") if message else ""
            return RelayError(Msg("The relay at {base_url} has a problem (HTTP {status}{detail}): "
                                  "try again later.",
                                  base_url=self.base_url, status=status, detail=detail), status=status)
        return RelayError(message or f"The relay refused the request (HTTP {status}).", status=status)

    # --- operations ----------------------------------------------------------------------

    def health(self) -> dict[str, Any]:
        return self._json("GET", "/v1/health")

    def upload(self, bundle_bytes: bytes, to: str = "office") -> str:
        """Send a bundle to a mailbox and return its id; sending it again is harmless."""
        bundle_id = hashlib.sha256(bundle_bytes).hexdigest()
        path = f"/v1/bundles/{bundle_id}?{urllib.parse.urlencode({'to': to})}"
        try:
            self._json("PUT", path, data=bundle_bytes,
                       headers={"Content-Type": "application/octet-stream"})
        except RelayError as exc:
            if exc.status is None:  # the relay may have cut off a bundle that is too large
                limit = self._max_bundle_bytes()
                if limit is not None and len(bundle_bytes) > limit:
                    raise RelayError(Msg("The bundle is {size} bytes; the relay accepts bundles of at most "
                                         "{limit} bytes.", size=len(bundle_bytes), limit=limit),
                                     status=413) from None
            raise
        return bundle_id

    def _max_bundle_bytes(self) -> int | None:
        try:
            return int(self.health()["max_bundle_bytes"])
        except (RelayError, KeyError, TypeError, ValueError):
            return None

    def download(self, bundle_id: str, *, partial_path: Path) -> bytes:
        """Fetch a bundle, resuming from the bytes already in `partial_path`, and check it is whole.

        The partial file is removed once the bundle is verified (the caller has the bytes), and
        also when the bytes do not match the id; an interrupted download keeps it for next time.
        """
        partial_path = Path(partial_path)
        partial_path.parent.mkdir(parents=True, exist_ok=True)
        have = partial_path.stat().st_size if partial_path.exists() else 0
        path = f"/v1/bundles/{urllib.parse.quote(bundle_id, safe='')}"
        try:
            response = self._open("GET", path, headers={"Range": f"bytes={have}-"} if have else None)
        except RelayError as exc:
            if exc.status == 416 and have:  # the partial file already holds the whole bundle
                return self._verified(bundle_id, partial_path)
            raise
        with response:
            append = response.status == 206
            if append:
                match = _CONTENT_RANGE.fullmatch(response.headers.get("Content-Range", ""))
                if not match or int(match.group(1)) != have:
                    partial_path.unlink(missing_ok=True)
                    raise RelayError(N_("The relay resumed the download at the wrong place, so the partial "
                                        "download was discarded: try again."))
            try:
                out = open(partial_path, "ab" if append else "wb")
            except OSError as exc:
                raise RelayError(Msg("Could not save the download to {partial_path}: {reason}.",
                                     partial_path=partial_path, reason=exc.strerror or exc)) from None
            with out:
                while chunk := self._read(response):
                    try:
                        out.write(chunk)
                    except OSError as exc:
                        raise RelayError(Msg("Could not save the download to {partial_path}: {reason}.",
                                             partial_path=partial_path, reason=exc.strerror or exc)) from None
        return self._verified(bundle_id, partial_path)

    def _read(self, response: http.client.HTTPResponse) -> bytes:
        try:
            return response.read(_CHUNK)
        except _BROKEN as exc:  # what arrived so far stays in the partial file
            raise RelayError(Msg("The download from the relay at {base_url} was interrupted ({exc}); try "
                                 "again to resume it.",
                                 base_url=self.base_url, exc=exc)) from None

    @staticmethod
    def _verified(bundle_id: str, partial_path: Path) -> bytes:
        data = partial_path.read_bytes()
        partial_path.unlink()
        if hashlib.sha256(data).hexdigest() != bundle_id:
            raise RelayError(N_("The downloaded bundle does not match its id, so it was discarded: try again."))
        return data

    def delete(self, bundle_id: str) -> None:
        """Remove a processed bundle from this caller's mailbox; deleting twice is harmless."""
        self._json("DELETE", f"/v1/bundles/{urllib.parse.quote(bundle_id, safe='')}")

    def register_device(self, device_id: str, credential: str) -> None:
        """Office only: enroll a device, or give it a new credential."""
        body = json.dumps({"device_id": device_id, "credential": credential}).encode()
        self._json("POST", "/v1/devices", data=body, headers={"Content-Type": "application/json"})

    def revoke_device(self, device_id: str) -> None:
        """Office only: the device's credential stops working at once."""
        self._json("DELETE", f"/v1/devices/{urllib.parse.quote(device_id, safe='')}")

    def list(self, after: int | None = None) -> list[dict[str, Any]]:
        """Every bundle in this caller's mailbox after `after` (a cursor), in arrival order.

        Each is {"id", "size", "cursor", "from"}; pass the last cursor as `after` next time.
        """
        found: list[dict[str, Any]] = []
        cursor = after or 0
        while True:
            page = self._json("GET", f"/v1/mailbox?after={int(cursor)}")
            try:
                entries, following = list(page["bundles"]), int(page["next"])
                # An id names a partial download file: a bundle's SHA-256 only, never a path.
                if not all(_BUNDLE_ID.fullmatch(str(entry["id"])) for entry in entries):
                    raise ValueError("not a bundle id")
            except (KeyError, TypeError, ValueError):
                raise RelayError(Msg("The server at {base_url} did not answer like a relay: check the relay "
                                     "address.", base_url=self.base_url)) from None
            found.extend(entries)
            if not page.get("more") or following <= cursor:  # a cursor that does not move: stop
                return found
            cursor = following
