"""The ReportLab PDF report (installed as clinic_audit.reports).

``build_report(audit, checklist, summary, photos, page_size, generated_at) -> bytes`` and
``build_report_file(output=…, store=…, audit_id=… | portable_file=…) -> Path``.
"""

from clinic_audit.reports.build import build_report, build_report_file

__all__ = ["build_report", "build_report_file"]
