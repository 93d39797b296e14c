"""Pantau domain: the scheduled daily run, its history and alerts."""
