"""Touch widgets of the kiosk: faces, PIN pad, on-screen keyboard, supplier tiles, chips."""
