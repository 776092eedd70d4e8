"""Auto claims (车险) settlement: product terms as data and a pure engine (理算).

交强险 pays first within its limits, then 商业险 (车损险, 第三者责任险) by liability share, less
deductible and salvage; the assessed amount comes from the signed survey or the tender.
"""
