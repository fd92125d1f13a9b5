"""The open case's stage pages, each built the first time it is shown."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from advisor_app.domain import journey
from advisor_app.domain.journey import Stage
from advisor_app.ui.stages import StagePage, has_page


class StagePages(Mapping):
    """The case's stage pages, each built the first time it is asked for (opening a case builds
    only the stage shown). ``stage in pages`` and iterating give every stage that has a page, in
    journey order; ``values()`` and ``items()`` give only the pages built so far."""

    def __init__(self, build: Callable[[Stage], StagePage]):
        self._build = build
        self._built: dict[Stage, StagePage] = {}

    def stages(self) -> list[Stage]:
        return [s for s in journey.ORDER if has_page(s) and journey.is_built(s)]

    def __getitem__(self, stage: Stage) -> StagePage:
        if stage not in self._built:
            if stage not in self.stages():
                raise KeyError(stage)
            self._built[stage] = self._build(stage)
        return self._built[stage]

    def __contains__(self, stage: object) -> bool:
        return stage in self.stages()

    def __iter__(self) -> Iterator[Stage]:
        return iter(self.stages())

    def __len__(self) -> int:
        return len(self.stages())

    def is_built(self, stage: Stage) -> bool:
        return stage in self._built

    def values(self):  # type: ignore[override]
        return list(self._built.values())

    def items(self):  # type: ignore[override]
        return list(self._built.items())

    def clear(self) -> None:
        self._built.clear()
