"""Supplier Pulse touch kiosk: badge in, rate a supplier, badge out (PySide6 Widgets)."""

__version__ = "0.1.0"
