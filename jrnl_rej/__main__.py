"""`python -m jrnl_rej` runs the command line."""

from .cli import main

main()
