"""预赔: the estimate interval of a new claim's payable amount (issue 15)."""
