"""Tables of one workflow area (imported by models.py so Alembic sees them)."""

from __future__ import annotations
