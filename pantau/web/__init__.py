"""Pantau web app: public survey form, officer, analyst and planner pages, JSON API."""
