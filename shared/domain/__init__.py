"""Domain rules in plain Python + SQL (no Qt): ratings, metrics, influence, nudges, disputes."""
