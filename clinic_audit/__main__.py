import sys

from clinic_audit.cli.main import main

sys.exit(main())
