"""The shipped 5x5 matrix and risk policy text: what a person sees for each rating."""

from __future__ import annotations

import copy
import itertools
import json

import pytest

from advisor_app.domain.risk import (
    DOLS_NOTICE,
    Impact,
    Likelihood,
    Rating,
    RiskMatrix,
    assessment_severities,
    dols_guidance,
    rating_severity,
    severity,
)
from advisor_app.domain.validation import validate
from advisor_app.paths import resource
from tests.domain.risk_examples import assessment, shipped_matrix, shipped_policy

MATRIX = shipped_matrix()
BAND_ORDER = ["low", "moderate", "high", "very_high"]


@pytest.mark.parametrize(("likelihood", "impact", "score", "words", "colour"), [
    ("rare", "insignificant", 1, "Low risk", "#2E7D32"),
    ("possible", "insignificant", 3, "Low risk", "#2E7D32"),
    ("unlikely", "minor", 4, "Moderate risk", "#FBC02D"),
    ("unlikely", "moderate", 6, "Moderate risk", "#FBC02D"),
    ("rare", "severe", 5, "Moderate risk", "#FBC02D"),
    ("unlikely", "major", 8, "High risk", "#F57C00"),
    ("possible", "moderate", 9, "High risk", "#F57C00"),
    ("likely", "moderate", 12, "High risk", "#F57C00"),
    ("possible", "severe", 15, "Very high risk", "#C62828"),
    ("likely", "major", 16, "Very high risk", "#C62828"),
    ("almost_certain", "severe", 25, "Very high risk", "#C62828"),
])
def test_severity_from_the_shipped_matrix(likelihood, impact, score, words, colour):
    result = severity(MATRIX, likelihood, impact)
    assert (result.score, result.words, result.colour) == (score, words, colour)


def test_severity_says_the_band_score_and_ratings_in_words():
    result = severity(MATRIX, Likelihood.LIKELY, Impact.MODERATE)
    assert result.summary == "High risk (score 12 of 25: likely, moderate)"
    assert result.band_id == "high"
    assert "safeguards" in result.advice


def test_every_cell_of_the_matrix_has_a_band_holding_its_score():
    for likelihood, impact in itertools.product(Likelihood, Impact):
        result = severity(MATRIX, likelihood, impact)
        band = next(b for b in MATRIX.bands if b.id == result.band_id)
        assert band.min_score <= result.score <= band.max_score
        assert result.score == MATRIX.likelihood_level(likelihood).value * MATRIX.impact_level(impact).value


def test_a_worse_likelihood_or_impact_never_gives_a_milder_band():
    def rank(l: Likelihood, i: Impact) -> int:
        return BAND_ORDER.index(severity(MATRIX, l, i).band_id)

    levels_l, levels_i = list(Likelihood), list(Impact)
    for a, b in itertools.product(range(5), range(5)):
        if a < 4:
            assert rank(levels_l[a + 1], levels_i[b]) >= rank(levels_l[a], levels_i[b])
        if b < 4:
            assert rank(levels_l[a], levels_i[b + 1]) >= rank(levels_l[a], levels_i[b])


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


@pytest.mark.parametrize("band", MATRIX.bands, ids=lambda band: band.id)
def test_band_words_are_readable_on_their_colour(band):
    light, dark = sorted((_luminance(band.colour), _luminance(band.text_colour)), reverse=True)
    assert (light + 0.05) / (dark + 0.05) >= 4.5  # WCAG AA for normal text


def test_an_unrated_consequence_has_no_severity_yet():
    assert rating_severity(MATRIX, None) is None
    assert rating_severity(MATRIX, Rating(likelihood="rare", impact="minor")).words == "Low risk"


def test_every_severity_on_the_form():
    a = assessment(residual_risk={"description": ""})
    found = assessment_severities(MATRIX, a)
    assert list(found) == ["doing_nothing.person", "doing_nothing.friends_and_family", "doing_nothing.community",
                           "doing_nothing.provider", "residual_risk"]
    assert found["doing_nothing.community"].words == "High risk"
    assert found["residual_risk"] is None


def _raw() -> dict:
    return json.loads(resource("provider", "risk_matrix.json").read_text(encoding="utf-8"))


def test_a_matrix_missing_a_level_is_refused():
    raw = _raw()
    raw["likelihood"] = raw["likelihood"][:4]
    result = validate(RiskMatrix, raw)
    assert result.errors == {"_form": "The likelihood scale must list each of its five levels once."}


def test_a_matrix_whose_bands_overlap_or_leave_a_gap_is_refused():
    overlapping = _raw()
    overlapping["bands"][1]["min_score"] = 3
    assert validate(RiskMatrix, overlapping).errors == {
        "_form": "Score 3 must fall in exactly one band (it falls in 2)."}
    gap = _raw()
    gap["bands"][2]["min_score"] = 9
    assert validate(RiskMatrix, gap).errors == {"_form": "Score 8 must fall in exactly one band (it falls in 0)."}


def test_a_band_colour_must_be_a_hex_colour():
    raw = copy.deepcopy(_raw())
    raw["bands"][0]["colour"] = "green"
    assert "bands.0.colour" in validate(RiskMatrix, raw).errors


def test_the_shipped_policy_text_loads():
    policy = shipped_policy()
    assert any("never coerce" in line for line in policy.stance)
    assert any("positive risks" in line for line in policy.stance)
    assert policy.dols_guidance.title == "Deprivation of liberty: what to do next"
    assert any("Court of Protection" in p for p in policy.dols_guidance.paragraphs)


def test_the_deprivation_of_liberty_guidance_shows_only_when_the_answer_is_yes():
    policy = shipped_policy()
    assert dols_guidance(policy, assessment(deprivation_of_liberty=False)) is None
    assert dols_guidance(policy, assessment(deprivation_of_liberty=None)) is None
    yes = assessment(deprivation_of_liberty=True)
    assert yes.needs_dols_process
    assert dols_guidance(policy, yes) is policy.dols_guidance
    assert DOLS_NOTICE.startswith("This may amount to a deprivation of liberty.")
