"""Offline-first kiosks: the local store (directory snapshot + outbox) and its sync worker."""
