"""jrnl-rej: keeps a job search honest."""

# The one place the version is written: the package metadata (pyproject.toml) and
# `jrnl-rej --version` both read it from here.
__version__ = "0.1.0"
