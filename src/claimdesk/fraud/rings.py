"""Fraud rings (团伙欺诈): insureds linked by a shared phone, bank account, address, shop, doctor.

A bipartite graph joins each insured to its attribute values; attributes shared by very many
insureds (a hospital switchboard, a large partner repair shop) are hubs and are left out, or
they would join everyone. Connected groups at or above a size are returned with their links.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

LINK_KINDS = ("phone", "bank_account", "address", "repair_shop", "doctor")
# Kinds the graph accepts: the hospital of a visit is linked too, and left out as a hub by degree.
GRAPH_KINDS = (*LINK_KINDS, "hospital")


@dataclass(frozen=True)
class ClaimParty:
    """One claim with the insured and the contact and service attributes it carries."""

    claim_id: str
    insured_id: str
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RingGroup:
    insured_ids: tuple[str, ...]
    claim_ids: tuple[str, ...]
    links: tuple[tuple[str, str, int], ...]  # (kind, value, how many members share it)


def _insured(insured_id: str) -> str:
    return f"insured:{insured_id}"


def _attribute(kind: str, value: str) -> str:
    return f"{kind}:{''.join(value.split())}"


def party_graph(parties: Iterable[ClaimParty]) -> nx.Graph:
    """Insureds and attribute values as nodes; an edge for each value an insured used."""
    # Imported here: networkx costs every server and worker process ~0.2 s CPU at start-up
    # (this module is reached through the fraud ports), and only the ring pages draw graphs.
    import networkx as nx

    graph = nx.Graph()
    for party in parties:
        node = _insured(party.insured_id)
        graph.add_node(node, kind="insured", label=party.insured_id)
        claims = graph.nodes[node].setdefault("claims", set())
        claims.add(party.claim_id)
        for kind, value in party.attributes.items():
            if kind in GRAPH_KINDS and value.strip():
                graph.add_node(_attribute(kind, value), kind=kind, label=value)
                graph.add_edge(node, _attribute(kind, value))
    return graph


def find_rings(
    parties: Iterable[ClaimParty], min_size: int = 3, max_attribute_degree: int = 10
) -> list[RingGroup]:
    """Connected groups of at least `min_size` insureds, hub attributes excluded."""
    graph = party_graph(parties)
    hubs = [
        node
        for node, data in graph.nodes(data=True)
        if data["kind"] != "insured" and graph.degree(node) > max_attribute_degree
    ]
    graph.remove_nodes_from(hubs)
    import networkx as nx  # lazy: see party_graph

    groups = [_group(graph, component) for component in nx.connected_components(graph)]
    rings = [group for group in groups if len(group.insured_ids) >= min_size]
    return sorted(rings, key=lambda group: (-len(group.insured_ids), group.insured_ids))


def _group(graph: nx.Graph, component: set[str]) -> RingGroup:
    insureds = sorted(node for node in component if graph.nodes[node]["kind"] == "insured")
    links = sorted(
        (graph.nodes[node]["kind"], graph.nodes[node]["label"], graph.degree(node))
        for node in component
        if graph.nodes[node]["kind"] != "insured" and graph.degree(node) > 1
    )
    claims = sorted(claim for node in insureds for claim in graph.nodes[node]["claims"])
    labels = tuple(graph.nodes[node]["label"] for node in insureds)
    return RingGroup(labels, tuple(claims), tuple(links))


def ring_subgraph(parties: Iterable[ClaimParty], group: RingGroup) -> nx.Graph:
    """The insureds of one group and the attributes that link them, for drawing."""
    graph = party_graph(parties)
    members = {_insured(insured) for insured in group.insured_ids}
    shared = {_attribute(kind, value) for kind, value, _ in group.links}
    return graph.subgraph(members | shared).copy()
