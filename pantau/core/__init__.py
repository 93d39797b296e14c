"""Pantau's core: what every domain stands on (settings, database, errors, periods, time,
report rendering, spreadsheet writing). It imports no domain and no wiring."""
