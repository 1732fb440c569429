"""The touch kiosk for plant terminals: badge tap to rating in three taps."""
