"""Marsad (مرصد): Arabic news to a knowledge base an analyst can trust."""

__version__ = "0.1.0"
