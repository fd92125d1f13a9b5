"""The main window's screens: first run, unlock, the case list and the case workspace."""
