"""Clinic Audit: guided safety inspections of microneedling clinics."""

__version__ = "0.1.0"
