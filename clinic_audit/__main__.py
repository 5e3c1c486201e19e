import sys

from clinic_audit.cli import main

sys.exit(main())
