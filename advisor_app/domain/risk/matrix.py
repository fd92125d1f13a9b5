"""Severity from a 5 by 5 likelihood-by-impact matrix. The words, colours and bands are
provider data (``resources/provider/risk_matrix.json``); the score is likelihood x impact."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Mapping

from pydantic import ConfigDict, Field, StringConstraints, model_validator

from advisor_app.domain.fields import ShortText, Text
from advisor_app.domain.messages import Msg
from advisor_app.domain.validation import Model


class Likelihood(StrEnum):
    RARE = "rare"
    UNLIKELY = "unlikely"
    POSSIBLE = "possible"
    LIKELY = "likely"
    ALMOST_CERTAIN = "almost_certain"


class Impact(StrEnum):
    INSIGNIFICANT = "insignificant"
    MINOR = "minor"
    MODERATE = "moderate"
    MAJOR = "major"
    SEVERE = "severe"


class Rating(Model):
    """What the assessors choose. The severity is always computed from it, never typed."""

    likelihood: Likelihood
    impact: Impact


HexColour = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]
Words = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class _Level(Model):
    value: int = Field(ge=1, le=5)
    words: Words
    description: Text = ""


class LikelihoodLevel(_Level):
    id: Likelihood


class ImpactLevel(_Level):
    id: Impact


class Band(Model):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    min_score: int = Field(ge=1, le=25)
    max_score: int = Field(ge=1, le=25)
    words: Words
    colour: HexColour
    text_colour: HexColour  # for words drawn on the colour, chosen for contrast
    advice: Text = ""

    def holds(self, score: int) -> bool:
        return self.min_score <= score <= self.max_score


SCORES = sorted({l * i for l in range(1, 6) for i in range(1, 6)})  # the 14 scores a 5x5 can give


class RiskMatrix(Model):
    version: int = Field(default=1, ge=1)
    likelihood: list[LikelihoodLevel]
    impact: list[ImpactLevel]
    bands: list[Band] = Field(min_length=1)

    @model_validator(mode="after")
    def _complete(self) -> "RiskMatrix":
        # Provider data is checked once, when loaded, so a lookup can never fall through.
        for name, levels, ids in (("likelihood", self.likelihood, set(Likelihood)),
                                  ("impact", self.impact, set(Impact))):
            if {level.id for level in levels} != ids or len(levels) != 5:
                raise ValueError(Msg("The {name} scale must list each of its five levels once.", name=name))
            if sorted(level.value for level in levels) != [1, 2, 3, 4, 5]:
                raise ValueError(Msg("The {name} scale must number its levels 1 to 5.", name=name))
        for score in SCORES:
            holding = [band.id for band in self.bands if band.holds(score)]
            if len(holding) != 1:
                raise ValueError(Msg("Score {score} must fall in exactly one band (it falls in {n}).",
                                     score=score, n=len(holding)))
        return self

    def likelihood_level(self, likelihood: Likelihood) -> LikelihoodLevel:
        return next(level for level in self.likelihood if level.id == likelihood)

    def impact_level(self, impact: Impact) -> ImpactLevel:
        return next(level for level in self.impact if level.id == impact)

    def band_for(self, score: int) -> Band:
        return next(band for band in self.bands if band.holds(score))


class Severity(Model):
    """What a person sees: the band's words on its colour, with the score behind it."""

    model_config = ConfigDict(frozen=True)

    score: int
    band_id: str
    words: ShortText
    colour: HexColour
    text_colour: HexColour
    advice: Text = ""
    likelihood_words: ShortText
    impact_words: ShortText

    @property
    def summary(self) -> Msg:
        return Msg("{words} (score {score} of 25: {likelihood}, {impact})", words=self.words, score=self.score,
                   likelihood=self.likelihood_words.lower(), impact=self.impact_words.lower())


def severity(matrix: RiskMatrix, likelihood: Likelihood | str, impact: Impact | str) -> Severity:
    l_level = matrix.likelihood_level(Likelihood(likelihood))
    i_level = matrix.impact_level(Impact(impact))
    score = l_level.value * i_level.value
    band = matrix.band_for(score)
    return Severity(score=score, band_id=band.id, words=band.words, colour=band.colour,
                    text_colour=band.text_colour, advice=band.advice,
                    likelihood_words=l_level.words, impact_words=i_level.words)


def rating_severity(matrix: RiskMatrix, rating: Rating | None) -> Severity | None:
    """The severity of a rating on the form, or None while it has not been rated."""
    return severity(matrix, rating.likelihood, rating.impact) if rating else None


def load_risk_matrix(data: Mapping[str, Any]) -> RiskMatrix:
    """From the parsed JSON of ``risk_matrix.json``; raises pydantic's ValidationError if it is wrong."""
    return RiskMatrix.model_validate(data)
