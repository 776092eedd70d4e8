"""Anti-fraud (反欺诈): signals, red flags, scoring, model training and evaluation."""
