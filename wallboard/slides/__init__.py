"""The wallboard's slides, one module each; ``SLIDES`` maps playlist names to their classes."""

from __future__ import annotations

from wallboard.slides.base import Slide
from wallboard.slides.clock import ClockSlide
from wallboard.slides.disputes import DisputesSlide
from wallboard.slides.impact import ImpactSlide
from wallboard.slides.initiatives import InitiativesSlide
from wallboard.slides.map import MapSlide
from wallboard.slides.poster import PosterSlide
from wallboard.slides.principles import PrinciplesSlide
from wallboard.slides.problems import ProblemsSlide
from wallboard.slides.rankings import RankingsSlide
from wallboard.slides.trend import TrendSlide

SLIDES: dict[str, type[Slide]] = {
    "initiatives": InitiativesSlide, "map": MapSlide, "rankings": RankingsSlide,
    "trend": TrendSlide, "poster": PosterSlide, "problems": ProblemsSlide,
    "impact": ImpactSlide, "disputes": DisputesSlide, "clock": ClockSlide,
    "principles": PrinciplesSlide,
}

__all__ = ["SLIDES", "Slide"]
