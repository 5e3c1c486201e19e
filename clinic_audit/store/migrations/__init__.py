"""Alembic's migrations of the store, one per schema version, for SQLite and PostgreSQL."""
