"""No import cycles inside claimdesk: every module can be read (and imported) before its users."""

from __future__ import annotations

import grimp
import networkx as nx

# rules/contract.py ⇄ rules/contract_mapping.py: the contract schemas move to the edge
# (issue 10, typed adjudication seam), which removes this one.
KNOWN = [frozenset({"claimdesk.rules.contract", "claimdesk.rules.contract_mapping"})]


def test_the_package_has_no_import_cycles() -> None:
    graph = grimp.build_graph("claimdesk")
    imports = nx.DiGraph(
        (module, imported)
        for module in graph.modules
        for imported in graph.find_modules_directly_imported_by(module)
    )
    cycles = [frozenset(c) for c in nx.strongly_connected_components(imports) if len(c) > 1]
    assert [sorted(c) for c in cycles if c not in KNOWN] == []
