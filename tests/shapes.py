"""The published JSON shapes (schemas/*.schema.json), held against every JSON the tests see.

`conftest.run` and `conftest.run_process` hand each command line and its output to
`check_output`, so every `check`, `report`, `today` and `export` run with `--format json`
in any test is validated, whatever that test then looks at.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
COMMANDS = ("check", "report", "today", "export")  # each prints the shape of schemas/<command>.schema.json
_GLOBAL_WITH_VALUE = ("--journal", "--today", "--color")


@cache
def validator(command: str):
    try:
        from jsonschema import Draft202012Validator
    except ImportError:  # pragma: no cover - the [test] extra installs it
        pytest.fail("jsonschema is missing: pip install -e '.[test]'")
    schema = json.loads((SCHEMAS / f"{command}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def errors(command: str, data: object) -> list[str]:
    """Every way `data` differs from the command's published shape, one line each."""
    found = validator(command).iter_errors(data)
    return [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in found]


def validate(command: str, data: object) -> object:
    problems = errors(command, data)
    assert not problems, f"{command} --format json does not match schemas/{command}.schema.json:\n" + "\n".join(
        problems[:10]
    )
    return data


def json_command(argv: list[str]) -> str | None:
    """The command of `argv` when it prints one of the published shapes, else None."""
    args = [str(a) for a in argv]
    i = 0
    while i < len(args) and args[i].startswith("-"):
        i += 2 if args[i] in _GLOBAL_WITH_VALUE else 1
    if i >= len(args) or args[i] not in COMMANDS:
        return None
    rest = args[i + 1 :]
    wants = any(a == "--format=json" for a in rest) or any(
        a == "--format" and b == "json" for a, b in zip(rest, rest[1:], strict=False)
    )
    if not wants or "-o" in rest or "--output" in rest or any(a.startswith("--output=") for a in rest):
        return None
    return args[i]


def check_output(argv: list[str], stdout: str | bytes, code: int) -> None:
    """Validate what a command printed, when it is a published JSON shape and the command did its job."""
    command = json_command(argv)
    if command is None or code not in (0, 1):
        return
    text = stdout.decode("utf-8", "surrogateescape") if isinstance(stdout, bytes) else stdout
    validate(command, json.loads(text))
