"""`python -m jrnl_rej` runs the command line, as the installed `jrnl-rej` does."""

from .entry import run

run()
