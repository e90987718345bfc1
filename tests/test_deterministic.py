"""The same files give the same pages, whatever Python's hash seed: builds are reproducible,
and a diff of two published catalogs shows only what changed in the agents. (The pages as
written for a host: the plugin's HTML block markers hold a nonce drawn per process.)"""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import PLUGINS, REPO

SCRIPT = """
import hashlib
from pathlib import Path
from agent_catalog.options import Options
from agent_catalog.pipeline import build_site
site = build_site(Options(base=Path("."), sources=("seeds",), include=("*.txt",)))
text = "".join(k + v for k, v in sorted(site.markdown_pages().items()))
blobs = b"".join(k.encode() + v for k, v in sorted(site.files.items()))
print(hashlib.sha256(text.encode() + blobs).hexdigest())
"""


def test_pages_do_not_depend_on_the_hash_seed():
    digests = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(PLUGINS)}
        out = subprocess.run(
            [sys.executable, "-c", SCRIPT],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        digests.add(out.stdout.strip())
    assert len(digests) == 1, digests
