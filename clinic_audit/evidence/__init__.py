"""Evidence that holds up: signing reports (PAdES), making keys, checking signed reports.

This package lives in the core although it drives pyHanko, because pyHanko is not
ReportLab: it reads and writes PDF objects (an incremental update with a signature, an
embedded file), never lays out a page, and imports neither Qt nor ReportLab. The report
layer (``clinic_audit.reports``) lays the pages out and calls in here for the signature;
``clinic-audit verify`` calls in here without building anything. pyHanko is imported
inside the functions that need it, so that starting the app does not pay for it.
"""
