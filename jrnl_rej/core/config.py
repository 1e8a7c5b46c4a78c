"""`jrnl-rej.toml`: finding the journal root, reading the config and refusing bad values early."""

from __future__ import annotations

import os
from collections import namedtuple

from .errors import JrnlError
from .text import clean, closest

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

CONFIG_NAME = "jrnl-rej.toml"

DEFAULT_THRESHOLDS = {
    "reply_window_days": 1,
    "reply_lapse_days": 14,
    "prep_days": 3,
    "silent_after_days": 21,
    "check_in_after_days": 14,
    "revisit_after_months": 3,
    "revisit_until_months": 6,
    "momentum_lookback_days": 14,
}


# What each threshold may be, (least, most): one rule and one message for all of them
# (checked in parse). The silence cut-off needs a day at least: on day 0 every new
# application would already be silent.
THRESHOLD_RANGES = {key: (0, 120) if key.endswith("_months") else (0, 3650) for key in DEFAULT_THRESHOLDS}
THRESHOLD_RANGES["silent_after_days"] = (1, 3650)


class Thresholds(namedtuple("Thresholds", DEFAULT_THRESHOLDS, defaults=DEFAULT_THRESHOLDS.values())):
    """The [thresholds] table: days and months the rules count with (config.thresholds.silent_after_days)."""

    __slots__ = ()
TOP_KEYS = ("index", "exclude", "date_order", "plain_notes", "thresholds", "rules")
PLAIN_NOTES = ("error", "skip")  # what a .md file with no front matter at all is
RULES_KEYS = ("ignore", "severity")


class Config(namedtuple("Config", "index exclude date_order thresholds ignore severity plain_notes")):
    """The settings of jrnl-rej.toml, checked (see parse), with the defaults filled in.

    A named tuple (see diagnostics.py for why not a dataclass); `severity` is a fresh
    dictionary for each Config; `thresholds` a Thresholds record
    (a plain dict of some of them is taken too).
    """

    __slots__ = ()
    index: str
    exclude: tuple[str, ...]
    date_order: str | None
    thresholds: Thresholds
    ignore: frozenset[str]
    severity: dict[str, str]
    plain_notes: str  # "error" (the default) or "skip": such files are notes, not applications

    def __new__(cls, index: str = "INDEX.md", exclude: tuple[str, ...] = (), date_order: str | None = None,
                thresholds: Thresholds | dict[str, int] | None = None, ignore: frozenset[str] = frozenset(),
                severity: dict[str, str] | None = None, plain_notes: str = "error"):  # fmt: skip
        if not isinstance(thresholds, Thresholds):
            thresholds = Thresholds(**(thresholds or {}))
        severity = {} if severity is None else severity
        return super().__new__(cls, index, exclude, date_order, thresholds, ignore, severity, plain_notes)

    def fingerprint(self) -> str:
        """What a cached parse depends on."""
        return repr((self.date_order,))

    def key(self) -> tuple:
        """The whole config as plain values in a fixed order: what cached findings depend on."""
        return (
            self.index,
            self.exclude,
            self.date_order,
            tuple(sorted(self.thresholds._asdict().items())),
            tuple(sorted(self.ignore)),
            tuple(sorted(self.severity.items())),
            self.plain_notes,
        )


def find_config_root(start: str) -> str | None:
    """The nearest folder at or above `start` that holds jrnl-rej.toml; else None."""
    folder = os.path.abspath(start)
    while True:
        if os.path.isfile(os.path.join(folder, CONFIG_NAME)):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def load(root: str | Path) -> Config:
    """The journal's config. Raises JrnlError for one that cannot be read or is wrong."""
    return from_source(read_source(root))


def read_source(root: str | Path) -> bytes | None:
    """The bytes of the journal's jrnl-rej.toml; None when there is none. Raises JrnlError."""
    from ..journal.writer import is_inside, read_regular

    path = os.path.join(root, CONFIG_NAME)
    if os.path.lexists(path) and not is_inside(root, path):
        raise JrnlError(f"{CONFIG_NAME}: it links outside the journal; not reading it")
    try:
        return read_regular(path, 1024 * 1024)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise JrnlError(f"{CONFIG_NAME}: cannot read it: {exc.strerror or exc}") from None


def from_source(raw: bytes | None) -> Config:
    """The config these bytes of jrnl-rej.toml say (None: no file). Raises JrnlError."""
    if raw is None:
        return Config()
    import tomllib  # here: a journal without a config file never needs it

    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise JrnlError(f"{CONFIG_NAME}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise JrnlError(f"{CONFIG_NAME}: not valid TOML: {exc}") from None
    return parse(data)


def _unknown(key: str, valid: tuple[str, ...] | list[str], where: str) -> JrnlError:
    hint = closest(key, valid)
    suggestion = f" (did you mean '{hint}'?)" if hint else f" (valid: {', '.join(valid)})"
    return JrnlError(f"{CONFIG_NAME}: unknown key '{where}{key}'{suggestion}")


def parse(data: dict) -> Config:
    for key in data:
        if key not in TOP_KEYS:
            raise _unknown(key, TOP_KEYS, "")
    index = data.get("index", "INDEX.md")
    if not isinstance(index, str) or not index.strip() or not index.endswith(".md"):
        raise JrnlError(f"{CONFIG_NAME}: 'index' must be a Markdown file name such as \"INDEX.md\"")
    if "\x00" in index:
        raise JrnlError(f"{CONFIG_NAME}: 'index' holds a NUL character, which no file name can; "
                        "write a name such as \"INDEX.md\"")  # fmt: skip
    norm = os.path.normpath(index).replace(os.sep, "/")
    if os.path.isabs(index) or norm.startswith("../") or norm == "..":
        raise JrnlError(f"{CONFIG_NAME}: 'index' must be a path inside the journal")
    exclude = data.get("exclude", [])
    if isinstance(exclude, str):
        exclude = [exclude]
    if not isinstance(exclude, list) or not all(isinstance(g, str) for g in exclude):
        raise JrnlError(f"{CONFIG_NAME}: 'exclude' must be a list of globs, like [\"drafts/**\"]")
    if any("\x00" in glob for glob in exclude):
        raise JrnlError(f"{CONFIG_NAME}: 'exclude' holds a NUL character, which no path can; remove it")
    date_order = data.get("date_order")
    if date_order is not None and date_order not in ("DMY", "MDY"):
        raise JrnlError(f"{CONFIG_NAME}: 'date_order' must be \"DMY\" or \"MDY\", not {date_order!r}")

    plain_notes = data.get("plain_notes", "error")
    if plain_notes not in PLAIN_NOTES:
        raise JrnlError(f"{CONFIG_NAME}: 'plain_notes' must be \"error\" or \"skip\", not {plain_notes!r}")

    thresholds = dict(DEFAULT_THRESHOLDS)
    table = data.get("thresholds", {})
    if not isinstance(table, dict):
        raise JrnlError(f"{CONFIG_NAME}: [thresholds] must be a table")
    for key, value in table.items():
        if key not in DEFAULT_THRESHOLDS:
            raise _unknown(key, list(DEFAULT_THRESHOLDS), "thresholds.")
        least, most = THRESHOLD_RANGES[key]
        if isinstance(value, bool) or not isinstance(value, int) or not least <= value <= most:
            unit = "months" if key.endswith("_months") else "days"
            raise JrnlError(
                f"{CONFIG_NAME}: 'thresholds.{key}' must be a whole number of {unit} "
                f"from {least} to {most}, not {_as_toml(value)}"
            )
        thresholds[key] = value
    if thresholds["reply_lapse_days"] < thresholds["reply_window_days"]:
        raise JrnlError(
            f"{CONFIG_NAME}: 'thresholds.reply_lapse_days' must not be less than "
            "'thresholds.reply_window_days'"
        )
    if thresholds["revisit_until_months"] < thresholds["revisit_after_months"]:
        raise JrnlError(
            f"{CONFIG_NAME}: 'thresholds.revisit_until_months' must not be less than "
            "'thresholds.revisit_after_months'"
        )

    rules = data.get("rules", {})
    if not isinstance(rules, dict):
        raise JrnlError(f"{CONFIG_NAME}: [rules] must be a table")
    for key in rules:
        if key not in RULES_KEYS:
            raise _unknown(key, RULES_KEYS, "rules.")
    # The registry loads only to check names: an empty [rules] (as the memo's config has) needs none.
    named = rules.get("ignore", []) != [] or rules.get("severity", {}) != {}
    ignore, severity = _rule_settings(rules) if named else ([], {})
    return Config(
        index=norm,
        exclude=tuple(exclude),
        date_order=date_order,
        thresholds=Thresholds(**thresholds),
        ignore=frozenset(ignore),
        severity=dict(severity),
        plain_notes=plain_notes,
    )


def _as_toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return clean('"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return clean(repr(value))


def _rule_settings(rules: dict) -> tuple[list, dict]:
    """[rules] ignore and severity, checked against the rule registry (loaded only for this)."""
    from ..rules import RULES

    ignore = rules.get("ignore", [])
    if isinstance(ignore, str):
        ignore = [ignore]
    if not isinstance(ignore, list):
        raise JrnlError(f"{CONFIG_NAME}: 'rules.ignore' must be a list of rule names")
    for name in ignore:
        _check_rule_name(name, "rules.ignore", RULES)
        if RULES[name].severity == "error":
            raise JrnlError(
                f"{CONFIG_NAME}: 'rules.ignore' names {name}, an error; errors cannot be turned off"
            )
    severity = rules.get("severity", {})
    if not isinstance(severity, dict):
        raise JrnlError(f"{CONFIG_NAME}: 'rules.severity' must be a table of rule = \"level\"")
    for name, level in severity.items():
        _check_rule_name(name, "rules.severity", RULES)
        if RULES[name].severity == "error":
            raise JrnlError(
                f"{CONFIG_NAME}: 'rules.severity' names {name}, an error; its level cannot change"
            )
        if level not in ("error", "warning", "info"):
            raise JrnlError(
                f"{CONFIG_NAME}: 'rules.severity.{name}' must be \"error\", \"warning\" or \"info\", "
                f"not {level!r}"
            )
    return ignore, severity


def _check_rule_name(name: object, where: str, rules: dict) -> None:
    if not isinstance(name, str) or name not in rules:
        hint = closest(str(name), list(rules))
        suggestion = f" (did you mean '{hint}'?)" if hint else ""
        raise JrnlError(f"{CONFIG_NAME}: '{where}' names an unknown rule {name!r}{suggestion}")
