"""The kiosk's screens, one per module; each gets its data from the window and only draws it."""
