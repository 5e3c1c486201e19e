"""The ReportLab PDF report (installed as clinic_audit.reports)."""
