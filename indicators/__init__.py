"""Pantau domain: plans, indicators against targets, and reports."""
