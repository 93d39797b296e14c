"""Tools that built the labelled data in `sentiment/data/` (development only)."""
