"""The stored adjudication types, as the adjudication slice names them.

They are plain dataclasses over the engine's types, so they live in `rules/stored.py` where the
read side (`analytics/claim_page.py`) may import them too.
"""

from claimdesk.rules.stored import StoredAdjudication, StoredOverride

__all__ = ["StoredAdjudication", "StoredOverride"]
