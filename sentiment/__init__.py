"""Pantau domain: sentiment labels the tone of mentions toward the institution."""
