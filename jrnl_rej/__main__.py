"""`python -m jrnl_rej` runs the command line."""

from .entry import main

main()
