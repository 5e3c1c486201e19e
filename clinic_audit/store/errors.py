"""What the store refuses, as exceptions whose message says why and what to do.

Apart from the store so that screens can catch them before SQLAlchemy is loaded.
"""


class StoreError(Exception):
    """The store cannot do what was asked; the message says why and what to do."""


class AuditFinalizedError(StoreError):
    pass


class AuditNotFoundError(StoreError):
    pass


class AuditSignedError(StoreError):
    """A signed record is not changed: its signatures must be cleared first."""
