"""Partners slice (合作机构): registry, price agreements, imports, salvage, recoveries."""
