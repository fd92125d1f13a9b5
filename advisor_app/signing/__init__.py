"""Signing agreements (docs/signatures.md): the device's key and certificate
(``device_identity``), which kind of signer a certificate is for (``roles``), incremental PAdES
signatures (``pdf``) carrying their evidence (``evidence``) and showing who signed
(``appearance``), the one verifier (``verify``) and long-term validation data (``ltv``)."""
