"""Attacks on the product, each shown refused (issue 22)."""
