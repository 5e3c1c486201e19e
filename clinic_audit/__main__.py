import sys

from clinic_audit.cli.commands import main

sys.exit(main())
