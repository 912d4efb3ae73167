"""Rhythm: the customer-success operating rhythm as a product."""

__version__ = "0.1.0"
