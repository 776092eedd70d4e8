"""No import cycles inside claimdesk: every module can be read (and imported) before its users."""

from __future__ import annotations

import grimp
import networkx as nx


def test_the_package_has_no_import_cycles() -> None:
    graph = grimp.build_graph("claimdesk")
    imports = nx.DiGraph(
        (module, imported)
        for module in graph.modules
        for imported in graph.find_modules_directly_imported_by(module)
    )
    cycles = [frozenset(c) for c in nx.strongly_connected_components(imports) if len(c) > 1]
    assert [sorted(c) for c in cycles] == []
