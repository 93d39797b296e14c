"""Pantau domain: collectors gather mentions from news, social media and clippings."""
