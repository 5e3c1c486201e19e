"""Built-in checklists, shipped as package data."""
