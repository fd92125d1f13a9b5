"""The shipped JSON Schemas are exactly what the domain models say."""

import pytest

from advisor_app.paths import resource
from devtools.schema_files import SCHEMAS, render


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_shipped_schema_matches_the_models(name):
    assert resource("schemas", name).read_text(encoding="utf-8") == render(name), "run `make schemas`"
