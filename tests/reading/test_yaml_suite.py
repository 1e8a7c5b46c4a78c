"""The fast composer (reading/plain.py) agrees with PyYAML on the YAML test suite's flat
mappings: a vendored subset of https://github.com/yaml/yaml-test-suite (MIT; its license
and the way the subset was chosen are in tests/reading/yaml_suite/)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_plain import assert_same, fm

SUITE = json.loads((Path(__file__).parent / "yaml_suite" / "flat_mappings.json").read_text(encoding="utf-8"))
CASES = SUITE["cases"]


def test_the_subset_is_all_there():
    assert len(CASES) == 54 and len({case["id"] for case in CASES}) == 54


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_the_fast_composer_agrees_with_pyyaml_on_the_suites_flat_mappings(case):
    text = case["yaml"] if case["yaml"].endswith("\n") else case["yaml"] + "\n"
    assert_same(fm(text))
