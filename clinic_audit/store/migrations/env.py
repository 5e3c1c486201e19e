"""Alembic runs the migrations on the connection the store hands it (schema.migrate),
inside the store's own transaction: a failed step leaves the store as it was."""

from alembic import context

from clinic_audit.store.schema import metadata

context.configure(
    connection=context.config.attributes["connection"],
    target_metadata=metadata,
    render_as_batch=True,  # SQLite changes most columns only by copying the table
)
with context.begin_transaction():
    context.run_migrations()
