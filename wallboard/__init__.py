"""The office wallboard: a full-screen playlist of slides over the shared domain (PySide6)."""
