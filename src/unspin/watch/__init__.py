"""``unspin watch``: follow feeds and pages over time, keep every version, alert on facts.

- :mod:`.schedule`: when a feed or page is checked next (pure);
- :mod:`.versions`: content hashes and boring changes (pure);
- :mod:`.rules`: ``watch.toml``, the alert rules and channels;
- :mod:`.channels`: webhook, SMTP and the Atom feed;
- :mod:`.poll`: one pass over what is due, against the store.
"""

from __future__ import annotations

from .poll import PassResult, RealClock, Watcher
from .rules import Config, Rule
from .rules import load as load_config
from .schedule import Policy
from .status import atom, overview

__all__ = [
    "Config",
    "PassResult",
    "Policy",
    "RealClock",
    "Rule",
    "Watcher",
    "atom",
    "load_config",
    "overview",
]
