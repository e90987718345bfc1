"""A MkDocs hook for the golden tests: records the Markdown of every page the catalog generated.

Runs after the plugins' own `on_files` (MkDocs appends hooks to the plugins), and writes each
generated page's Markdown under `$GOLDEN_MARKDOWN_DIR`, so the golden test can hash the Markdown as
well as the built site without relying on any of the package's own functions.
"""

from __future__ import annotations

import os
from pathlib import Path


def on_files(files, config):
    out = Path(os.environ["GOLDEN_MARKDOWN_DIR"])
    for f in files:
        if f.generated_by and f.generated_by != "<unknown>" and f.src_uri.endswith(".md"):
            target = out / f.src_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(f.content_bytes)
    return files
