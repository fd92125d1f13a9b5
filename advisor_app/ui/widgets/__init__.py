"""Reusable widgets: translated text, field bindings, form sections and lists, autosave."""
