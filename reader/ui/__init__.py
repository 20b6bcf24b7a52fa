"""The terminal app (Textual). Everything here sits on the pure core in `reader`."""
