"""Pantau: media monitoring and SKM survey indicators for government PR bureaus."""

__version__ = "0.1.0"
