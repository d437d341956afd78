"""The detector rules as registered objects: each named, with its kinds, severity, priority and
an example in its docstring that makes it fire; every change says which rule found it."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

import unspin
from unspin.detect import registry
from unspin.records import KINDS

compare_module = importlib.import_module("unspin.compare")
SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "port-strike"
EXAMPLE = re.compile(r"Example: ('.*?'|\".*?\") -> ('.*?'|\".*?\")\s*$", re.S | re.M)


def test_rules_are_registered_in_one_priority_order():
    rules = compare_module.RULES
    assert len(rules) == len(registry.REGISTRY) >= 10
    priorities = [r.priority for r in rules]
    assert priorities == sorted(set(priorities))
    for r in rules:
        assert r.kinds and set(r.kinds) <= set(KINDS), r.name
        assert r.doc, f"{r.name} has no docstring"


@pytest.mark.parametrize("rule", compare_module.RULES, ids=lambda r: r.name)
def test_each_rules_example_makes_it_fire(rule):
    found = EXAMPLE.search(rule.doc)
    assert found, f"{rule.name}: no 'Example: source -> rewrite' line in its docstring"
    source, rewrite = (ast.literal_eval(g) for g in found.groups())
    changes = unspin.compare(source, rewrite).changes
    mine = [c for c in changes if c.rule.split(":")[0] == rule.name]
    assert mine, f"{rule.name} did not fire on its own example: {[c.rule for c in changes]}"
    assert all(c.kind in rule.kinds for c in mine)


def test_every_change_names_the_rule_that_found_it():
    source = unspin.load(str(SAMPLES / "source.txt"))
    for name in ("farm-spin.html", "other-outlet.json"):
        result = unspin.compare(source, unspin.load(str(SAMPLES / name)))
        assert result.changes
        for c in result.changes:
            if c.rule.startswith("verifier."):
                continue
            assert c.kind in registry.REGISTRY[c.rule.split(":")[0]].kinds, (c.rule, c.kind)
        assert all(d["rule"] == c.rule for d, c in
                   zip(result.to_dict()["changes"], result.changes, strict=True))  # fmt: skip


def test_a_rule_switched_off_reports_nothing():
    source = "The strike involves 3,100 dock workers at the port."
    rewrite = "The strike involves 1,300 dock workers at the port."
    assert any(c.rule == "figures.numbers:changed"
               for c in unspin.compare(source, rewrite).changes)  # fmt: skip
    off = registry.rules(off=frozenset({"figures.numbers"}))
    assert not any(c.rule.startswith("figures.numbers")
                   for c in unspin.compare(source, rewrite, rules=off).changes)  # fmt: skip
    with pytest.raises(ValueError, match="no such rule"):
        registry.rules(off=frozenset({"figures.nothing"}))


def test_a_rule_runs_alone_and_keeps_out_of_spans_explained_before_it():
    """A rule is a function of the context and of the spans earlier rules explained: run alone
    it reports the changed figure and explains its words; given those words as explained
    already (as ``resolve`` hands them on), it reports nothing there."""
    ctx = compare_module.context("The strike involves 3,100 dock workers at the port.",
                                 "The strike involves 1,300 dock workers at the port.")  # fmt: skip
    numbers = registry.REGISTRY["figures.numbers"]
    alone = numbers.run(ctx)
    assert [c.rewrite.text for c in alone.changes] == ["1,300"]
    assert alone.explained and not ctx.claimed  # the shared context is left as it was
    after = numbers.run(ctx, claimed=alone.explained)
    assert after.changes == () and after.explained == ()
