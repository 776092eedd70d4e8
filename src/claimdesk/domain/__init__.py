"""Plain dataclasses and invariants: no framework, no ORM, no clock."""
