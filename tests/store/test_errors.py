import pytest

from advisor_app.store import errors


ALL = [errors.StoreError, errors.WrongPassphrase, errors.WrongKey, errors.StoreNotFound,
       errors.StoreExists, errors.StoreCorrupt, errors.StoreLocked, errors.StoreTooNew,
       errors.BackupInvalid]


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
