"""The `clinic-audit` command line."""

from clinic_audit.cli.commands import main

__all__ = ["main"]
