"""Golden outputs: the same input gives the same pages, URLs, `agents.json`, `llms.txt` and raw files.

The digests in `tests/golden/` were captured before the catalog was assembled by one pipeline
(`build_site`); a change of output shows here file by file, and is either a named bug fix (the
digest is re-captured in the same commit, which says why) or a regression.
Re-capture with `AGENT_CATALOG_GOLDEN=write python -m pytest tests/test_golden_outputs.py`.
"""

from __future__ import annotations

import json
import os

import pytest
from conftest import CORPUS
from golden_sites import GOLDEN, corpus_project, digest, seed_project

CASES = {"seeds": seed_project, "corpus-sample": corpus_project}


@pytest.mark.parametrize("name", CASES)
def test_outputs_match_the_golden_digest(tmp_path, name):
    if name == "corpus-sample" and not CORPUS.is_dir():
        pytest.skip("no ../shared/corpus here")
    got = digest(CASES[name](tmp_path / name))
    stored = GOLDEN / f"outputs-{name}.json"
    if os.environ.get("AGENT_CATALOG_GOLDEN") == "write":
        stored.write_text(json.dumps(got, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    want = json.loads(stored.read_text(encoding="utf-8"))
    assert any(k.startswith("markdown/") for k in got), "the hook saw the generated pages"
    assert any(k.startswith("site/raw/") for k in got) and "site/llms.txt" in got
    changed = sorted(k for k in want.keys() & got.keys() if want[k] != got[k])
    assert (sorted(want.keys() - got.keys()), sorted(got.keys() - want.keys()), changed) == (
        [],
        [],
        [],
    )
