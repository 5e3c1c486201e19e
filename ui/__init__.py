"""The PySide6 desktop app (installed as clinic_audit.ui)."""
