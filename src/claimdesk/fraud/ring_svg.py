"""Draw one fraud ring as a small SVG picture (no plotting library: plain SVG text)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

SIZE = 480
MARGIN = 40
COLOURS = {
    "insured": "#d9534f",
    "phone": "#5bc0de",
    "bank_account": "#f0ad4e",
    "address": "#5cb85c",
    "repair_shop": "#337ab7",
    "doctor": "#9b59b6",
    "hospital": "#8e7cc3",
}


def ring_svg(graph: nx.Graph, seed: int = 0) -> str:
    """Insureds as red circles, shared attributes coloured by kind, laid out by spring_layout."""
    import networkx as nx  # lazy: see fraud/rings.party_graph

    positions = nx.spring_layout(graph, seed=seed) if graph.number_of_nodes() else {}
    points = {node: _scaled(x, y) for node, (x, y) in positions.items()}
    edges = [_line(points[a], points[b]) for a, b in graph.edges]
    nodes = [_node(points[node], data) for node, data in graph.nodes(data=True)]
    header = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" '
        f'viewBox="0 0 {SIZE} {SIZE}" font-family="sans-serif" font-size="10">'
    )
    return "\n".join(
        [header, '<rect width="100%" height="100%" fill="white"/>', *edges, *nodes, "</svg>"]
    )


def _scaled(x: float, y: float) -> tuple[float, float]:
    half = (SIZE - 2 * MARGIN) / 2
    return (MARGIN + half * (float(x) + 1), MARGIN + half * (float(y) + 1))


def _line(a: tuple[float, float], b: tuple[float, float]) -> str:
    return f'<line x1="{a[0]:.1f}" y1="{a[1]:.1f}" x2="{b[0]:.1f}" y2="{b[1]:.1f}" stroke="#999"/>'


def _node(point: tuple[float, float], data: dict[str, object]) -> str:
    kind = str(data.get("kind", "insured"))
    colour = COLOURS.get(kind, "#777")
    label = escape(f"{data.get('label', '')}")
    return (
        f"<g><title>{escape(kind)}: {label}</title>"
        f'<circle cx="{point[0]:.1f}" cy="{point[1]:.1f}" r="8" fill="{colour}"/>'
        f'<text x="{point[0] + 10:.1f}" y="{point[1] + 4:.1f}">{label}</text></g>'
    )
