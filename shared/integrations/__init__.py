"""Outbound integrations: messenger webhooks, message texts, directory pull over HTTP."""
