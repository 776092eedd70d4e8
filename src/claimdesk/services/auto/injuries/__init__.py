"""人伤 (bodily injury) on auto claims: use cases, 死亡伤残 items, the one-off fast-track flag."""
