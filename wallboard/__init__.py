"""The office wallboard: a live client-centricity monitor and supplier posters."""
