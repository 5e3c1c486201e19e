"""The bundle's entry point: the same `clinic-audit` command as the installed package."""

import multiprocessing
import sys

from clinic_audit.cli.main import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
