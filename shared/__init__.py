"""Supplier Pulse: code both apps import (config, database, domain rules, imports, CLI)."""

__version__ = "0.1.0"
