"""The `clinic-audit` command line: main.py builds it, one module per group of commands."""
