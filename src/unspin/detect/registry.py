"""The registry of detector rules: each a named, measured object.

A rule is a detector function ``Context -> list[Change]`` registered with its name, the change
kinds it may report, the severity it gives by default, and its priority: ``compare.resolve``
runs the rules in priority order, lowest first, handing each the rewrite spans the rules before
it explained; a rule's :class:`Finding` is its changes and the spans it explains in turn.

Every change records the rule that found it (``Change.rule``, ``"rule"`` in JSON): the rule's
name, and after a colon the branch of it that fired where a rule has several (``words.words:sibling``, ``figures.numbers:hedge``). So
``benchmarks.rules`` can count each rule's and each branch's true and false flags on the
development sets and measure what switching it off costs.

Each rule's docstring opens with what it reports and gives one example.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..records import KINDS, SEVERITIES, Change

Detector = Callable[..., list[Change]]


@dataclass(frozen=True)
class Rule:
    name: str  # "<module>.<function>"; a change's "rule" adds ":<branch>" where there are several
    kinds: tuple[str, ...]
    severity: str  # the severity it gives by default, before the verifier sets confidence
    priority: int
    detect: Detector

    @property
    def doc(self) -> str:
        return (self.detect.__doc__ or "").strip()

    def run(self, ctx, claimed: tuple[tuple[int, int], ...] = ()) -> Finding:
        """What the rule finds in ``ctx``, given the rewrite spans earlier rules explained: its
        changes, each stamped with the rule's name, and the spans it explains."""
        view = ctx.view(claimed)
        changes = [replace(c, rule=self.name + (f":{c.rule}" if c.rule else ""))
                   for c in self.detect(view)]  # fmt: skip
        return Finding(self.name, tuple(changes), tuple(view.explained))


@dataclass(frozen=True)
class Finding:
    """One rule's output: its changes, and the rewrite spans it explains (reported or not: a
    quotation matched word for word is explained, so no later rule reports words inside it)."""

    rule: str
    changes: tuple[Change, ...]
    explained: tuple[tuple[int, int], ...]


REGISTRY: dict[str, Rule] = {}
# the modules of detect/ that hold rules; importing one registers its rules
MODULES = ("claims", "figures", "names", "polarity", "pronouns", "quotes", "roles", "words")


def rule(*, kinds: tuple[str, ...], severity: str, priority: int) -> Callable[[Detector], Detector]:
    """Register the decorated detector as a rule named after its module and function."""

    def register(detect: Detector) -> Detector:
        name = f"{detect.__module__.rsplit('.', 1)[-1]}.{detect.__name__}"
        unknown = set(kinds) - set(KINDS)
        if unknown or severity not in SEVERITIES:
            raise ValueError(f"rule {name}: unknown kind or severity {sorted(unknown) or severity}")
        clash = [r.name for r in REGISTRY.values() if r.priority == priority and r.name != name]
        if clash:
            raise ValueError(f"rule {name}: priority {priority} is taken by {clash[0]}")
        REGISTRY[name] = Rule(name, tuple(kinds), severity, priority, detect)
        return detect

    return register


def rules(off: frozenset[str] = frozenset()) -> tuple[Rule, ...]:
    """The registered rules in priority order, less those named in ``off``."""
    for module in MODULES:
        importlib.import_module(f"{__package__}.{module}")
    unknown = off - REGISTRY.keys()
    if unknown:
        raise ValueError(f"no such rule: {', '.join(sorted(unknown))}")
    return tuple(sorted((r for r in REGISTRY.values() if r.name not in off),
                        key=lambda r: r.priority))  # fmt: skip
