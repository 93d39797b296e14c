"""Pantau domain: the satisfaction survey (SKM, PermenPANRB 14/2017)."""
