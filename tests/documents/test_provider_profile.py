"""The provider's details on documents: shipped defaults, the organisation's own, the logo."""

from __future__ import annotations

import json

import pytest

from advisor_app import paths
from advisor_app.domain.provider import ProviderProfile
from advisor_app.domain.validation import validate
from advisor_app.store.provider_profile import ProfileError, default_profile, load_profile, logo_path, save_profile
from advisor_app.services import documents as docs
from tests.documents.case_data import MADE_ON
from tests.documents.conftest import info, text_of


def test_the_shipped_defaults_are_an_invented_provider_with_a_logo() -> None:
    profile = load_profile()
    assert profile == default_profile()
    assert profile.name == "Northern Lights Support"
    assert "Leeds" in profile.address and profile.phone and profile.email
    assert logo_path(profile) == paths.resource("provider", "logo.png")


def test_saved_details_override_the_defaults_field_by_field() -> None:
    (paths.config_dir()).mkdir(parents=True, exist_ok=True)
    (paths.config_dir() / "provider.json").write_text(json.dumps({"name": "Small Steps Co-op"}), encoding="utf-8")
    profile = load_profile()
    assert profile.name == "Small Steps Co-op"
    assert profile.phone == default_profile().phone  # not given: the default stays


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", json.dumps({"email": "not an email"})])
def test_a_damaged_or_invalid_file_falls_back_to_the_defaults(content) -> None:
    paths.config_dir().mkdir(parents=True, exist_ok=True)
    (paths.config_dir() / "provider.json").write_text(content, encoding="utf-8")
    assert load_profile() == default_profile()


def test_save_and_load_round_trip_with_the_logo_copied_in(tmp_path) -> None:
    from PIL import Image

    picture = tmp_path / "Our Logo.PNG"
    Image.new("RGB", (120, 60), "#2a6f4e").save(picture, format="PNG")
    saved = save_profile(default_profile().model_copy(update={"name": "Small Steps Co-op"}), logo_from=picture)
    assert saved.logo == "provider-logo.png"
    assert (paths.config_dir() / "provider-logo.png").read_bytes() == picture.read_bytes()
    loaded = load_profile()
    assert loaded == saved
    assert logo_path(loaded) == paths.config_dir() / "provider-logo.png"


def test_a_picture_that_is_not_one_is_refused(tmp_path) -> None:
    fake = tmp_path / "logo.png"
    fake.write_bytes(b"not a picture")
    with pytest.raises(ProfileError) as refused:
        save_profile(default_profile(), logo_from=fake)
    assert "logo" in refused.value.errors
    with pytest.raises(ProfileError):
        save_profile(default_profile(), logo_from=tmp_path / "notes.txt")


@pytest.mark.parametrize("name", ["../logo.png", "/etc/logo.png", "C:\\logo.png", "logo.gif"])
def test_the_logo_is_a_bare_picture_file_name(name) -> None:
    assert not validate(ProviderProfile, {"name": "A", "logo": name}).ok
    assert validate(ProviderProfile, {"name": "A", "logo": "logo.jpeg"}).ok


def test_a_missing_logo_file_leaves_the_logo_off() -> None:
    assert logo_path(ProviderProfile(name="A", logo="gone.png")) is None


def test_documents_carry_the_saved_provider(fresh) -> None:
    save_profile(default_profile().model_copy(update={"name": "Small Steps Co-op", "phone": "01904 496 0111"}))
    service, case_id = fresh
    pdf = docs.make_document(service, case_id, "expression-of-interest", made_on=MADE_ON)
    assert info(pdf)["Author"] == "Small Steps Co-op"
    text = text_of(pdf)
    assert "Small Steps Co-op" in text and "01904 496 0111" in text
    assert "Northern Lights" not in text
