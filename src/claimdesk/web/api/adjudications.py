"""What-if adjudication over HTTP: `POST /api/adjudications` (same engine as the CLI)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api/adjudications", tags=["adjudication"])
