"""The YAML files shipped in `data/` (tool classes, areas), loaded with libyaml when PyYAML has
it: they are read on every build, and the pure-Python parser took 0.04 s of CPU for the two of
them (libyaml: 0.005 s), about 6% of the plugin's own work on a 100-agent catalog. They are our own trusted files;
agent files go through `yaml_fields`, which bounds what libyaml cannot."""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: str) -> Any:
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_LOADER)  # noqa: S506 - a safe loader
