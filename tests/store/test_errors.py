import pytest

from advisor_app.store import errors


ALL = [errors.StoreError, errors.WrongPassphrase, errors.WrongKey, errors.StoreNotFound,
       errors.StoreExists, errors.StoreCorrupt, errors.StoreLocked, errors.StoreTooNew,
       errors.BackupInvalid, errors.KeyFileMissing, errors.DatabaseMissing, errors.StoreReadOnly,
       errors.FolderNotWritable, errors.DiskFull, errors.KeyFileRefused, errors.StoreDamaged,
       errors.KeyOutdated]


@pytest.mark.parametrize("cls", ALL)
def test_message_is_one_plain_sentence(cls):
    text = str(cls(detail="sqlite3.DatabaseError: file is not a database /tmp/x"))
    assert text.endswith(".") and text[0].isupper()
    assert "sqlite" not in text.lower() and "/" not in text and "\n" not in text
    assert issubclass(cls, errors.StoreError)


def test_wrong_passphrase_wording():
    assert str(errors.WrongPassphrase()) == "That passphrase is not right. Nothing has been changed."


def test_version_conflict_keeps_details_out_of_the_message():
    exc = errors.VersionConflict(entity="person", entity_id="abc", expected=1, actual=2)
    assert "abc" not in str(exc) and "abc" in exc.detail
    assert (exc.expected, exc.actual) == (1, 2)


def test_each_way_a_store_cannot_be_used_has_its_own_sentence():
    sentences = [str(cls()) for cls in (errors.KeyFileMissing, errors.DatabaseMissing, errors.StoreReadOnly,
                                        errors.DiskFull, errors.StoreDamaged, errors.KeyFileRefused,
                                        errors.KeyOutdated, errors.StoreNotFound, errors.StoreCorrupt)]
    assert len(set(sentences)) == len(sentences)
    assert not any("damaged" in s for s in sentences[:4])  # read-only or full is not "damaged"


@pytest.mark.parametrize(("number", "cls"), [(28, errors.DiskFull), (122, errors.DiskFull), (30, errors.StoreReadOnly),
                                             (13, errors.StoreReadOnly), (5, errors.StoreError)])
def test_a_file_system_error_becomes_the_plain_error(number, cls):
    import os

    error = errors.from_os_error(OSError(number, os.strerror(number), "/somewhere/store.key"))
    assert type(error) is cls and "/somewhere" in error.detail and "/somewhere" not in str(error)
