"""What the store refuses, as exceptions whose message says why and what to do.

Apart from the store so that screens can catch them before SQLAlchemy is loaded. Every
message comes from the catalog (``ErrorCode``); ``code`` and ``params`` say which.
"""

from __future__ import annotations

from typing import Any

from clinic_audit.messages.catalogue import ErrorCode


class StoreError(Exception):
    """The store cannot do what was asked; the message says why and what to do."""

    def __init__(self, code: ErrorCode, **params: Any):
        self.code = code
        self.params = params
        super().__init__(code.text(**params))


class AuditFinalizedError(StoreError):
    pass


class AuditNotFoundError(StoreError):
    pass


class AuditSignedError(StoreError):
    """A signed record is not changed: its signatures must be cleared first."""
