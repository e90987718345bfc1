"""A MkDocs hook for the golden tests: records the Markdown of every page the catalog generated.

Runs after the plugins' own `on_files` (MkDocs appends hooks to the plugins), and writes each
generated page's Markdown under `$GOLDEN_MARKDOWN_DIR`, so the golden test can hash the Markdown as
well as the built site without relying on any of the package's own functions. The markers of the
catalog's HTML blocks hold a nonce drawn per process (`site/html_blocks.py`): it is written as
`NONCE`, so the digest is the same from build to build.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_NONCE = re.compile(rb"(<!--/?ac-html-)[0-9a-f]{32}(-->)")


def on_files(files, config):
    out = Path(os.environ["GOLDEN_MARKDOWN_DIR"])
    for f in files:
        if f.generated_by and f.generated_by != "<unknown>" and f.src_uri.endswith(".md"):
            target = out / f.src_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_NONCE.sub(rb"\1NONCE\2", f.content_bytes))
    return files
