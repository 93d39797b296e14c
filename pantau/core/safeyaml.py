"""YAML from users (plans, column mappings) read with bounds.

PyYAML's SafeLoader refuses Python objects but still expands aliases: 483 bytes of nested
aliases ("billion laughs") took 72 s and 3 GB, and a 5,000-deep nested list ended in a
RecursionError (a 500 on the web). `BoundedLoader` allows a few aliases (a plan written by
hand never needs more) and a nesting depth far beyond any real file; past either it raises
`YamlLimitError`, a `yaml.YAMLError` whose `problem` is an Indonesian sentence, so callers
report it like any other YAML mistake.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_ALIASES = 20
MAX_DEPTH = 40


class YamlLimitError(yaml.MarkedYAMLError):
    """The document breaks a bound (too many aliases, too deep)."""


class BoundedLoader(yaml.SafeLoader):
    """SafeLoader with at most MAX_ALIASES aliases and MAX_DEPTH levels of nesting."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise YamlLimitError(
                    problem=f"terlalu banyak alias (*nama); paling banyak {MAX_ALIASES}",
                    problem_mark=self.peek_event().start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise YamlLimitError(
                    problem=f"susunan bertingkat terlalu dalam (lebih dari {MAX_DEPTH} tingkat)",
                    problem_mark=self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def safe_load(text: str) -> Any:
    """`yaml.safe_load` within the bounds above (raises yaml.YAMLError)."""
    return yaml.load(text, Loader=BoundedLoader)  # noqa: S506 - a SafeLoader subclass
