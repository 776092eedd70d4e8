"""A service document (title and labelled rows) as an inline PDF response: API and pages alike."""

from __future__ import annotations

from fastapi.responses import Response

from claimdesk.adapters.documents import render_lines


def pdf_response(document: tuple[str, list[tuple[str, str]]], name: str) -> Response:
    title, rows = document
    return Response(
        render_lines(title, rows),
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}.pdf"'},
    )
