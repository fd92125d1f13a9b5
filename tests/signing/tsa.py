"""A real RFC 3161 timestamping service on loopback, for PAdES B-LTA tests: Certomancer's
Animator (a WSGI app from the pyHanko author's PKI testing tool) with its own root and TSA
certificate, served by Werkzeug in a thread. ``url`` takes POSTed timestamp requests."""

from __future__ import annotations

import threading
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

CONFIG = """
keysets:
  tsa-keys:
    keys:
      root: {path: root.key.pem}
      tsa: {path: tsa.key.pem}
pki-architectures:
  office-tsa:
    keyset: tsa-keys
    entity-defaults: {country-name: GB, organization-name: Bluebell Support timestamping}
    entities:
      root: {common-name: Bluebell timestamping root}
      tsa: {common-name: Bluebell timestamping service}
    certs:
      root:
        subject: root
        issuer: root
        validity: {valid-from: "2020-01-01T00:00:00+0000", valid-to: "2060-01-01T00:00:00+0000"}
        extensions:
          - id: basic_constraints
            critical: true
            value: {ca: true}
          - id: key_usage
            critical: true
            smart-value: {schema: key-usage, params: [digital_signature, key_cert_sign, crl_sign]}
      tsa:
        issuer: root
        validity: {valid-from: "2020-01-01T00:00:00+0000", valid-to: "2060-01-01T00:00:00+0000"}
        extensions:
          - id: key_usage
            critical: true
            smart-value: {schema: key-usage, params: [digital_signature]}
          - id: extended_key_usage
            critical: true
            value: [time_stamping]
    services:
      time-stamping:
        tsa:
          signing-key: tsa
          signing-cert: tsa
"""


class TimestampingService:
    def __init__(self, folder: Path) -> None:
        from certomancer.integrations.animator import Animator, AnimatorArchStore
        from certomancer.registry import CertomancerConfig
        from werkzeug.serving import make_server

        folder.mkdir(parents=True, exist_ok=True)
        for name in ("root", "tsa"):
            key = ec.generate_private_key(ec.SECP256R1())
            (folder / f"{name}.key.pem").write_bytes(key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
        config = CertomancerConfig.from_yaml(CONFIG, key_search_dir=str(folder))
        arch = config.get_pki_arch("office-tsa")
        self.root_pem = arch.get_cert("root").dump()
        app = Animator(AnimatorArchStore({arch.arch_label: arch}), with_web_ui=False)
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}/office-tsa/tsa/tsa"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def root_pem_text(self) -> bytes:
        from asn1crypto import pem

        return pem.armor("CERTIFICATE", self.root_pem)

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)
