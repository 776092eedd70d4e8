"""JSON routes of one workflow area."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
