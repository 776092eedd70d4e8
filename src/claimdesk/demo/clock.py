"""The demo's clock, stepped by the loaders to each event's moment."""

from __future__ import annotations

from datetime import datetime


class SteppingClock:
    """The demo's clock: set to each event's moment so claims spread over the year."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment
