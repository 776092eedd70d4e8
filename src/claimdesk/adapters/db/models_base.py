"""The declarative base every table module registers on (models.py and the models_* files).

Its own module so the table modules import it without importing models.py, which imports
them: no cycle.
"""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass
