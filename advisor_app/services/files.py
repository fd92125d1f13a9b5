"""Files a person asks for (a document with ``--out``, an export, a certificate): written whole or
not at all, readable only by them, and never outside the folder they gave. The screens and the
command line write through these, never by hand."""

from advisor_app.store.files import atomic_write, write_in_folder

__all__ = ["atomic_write", "write_in_folder"]
