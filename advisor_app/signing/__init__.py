"""Signing agreements on the advisor's laptop: the device's key and certificate
(``device_identity``), incremental PAdES signatures with the drawn signature and its evidence
(``pdf``), and verification with pyHanko's validator (``verify``)."""
