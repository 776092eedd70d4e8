"""预赔 (advance payment) estimates: an interval of the final payable amount from similar
closed claims. Pure code: no database, no framework."""
