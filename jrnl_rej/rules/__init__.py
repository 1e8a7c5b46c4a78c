"""The rules, one module per family; importing this package fills the registry.

The registry (Rule, RULES, ORDER, the `rule` decorator, Context) is in registry.py.
A new rule: a function with `@rule(...)` in its family's module, and its name in ORDER.

A rule is a function that looks at one Application (and, for rules that compare
applications, the whole journal through the Context) and yields findings.
The engine stamps each finding with the rule's name and configured severity.

A rule reads its thresholds from the config's Thresholds record
(`ctx.config.thresholds.silent_after_days`).
"""

from . import journal, reading, replies, timeline, waiting  # noqa: F401  (fills RULES)
from .registry import ORDER, RULES, Context, Rule, iter_checks, register, rule  # noqa: F401
