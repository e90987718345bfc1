"""Theme files that no reader's browser loads, left out of a catalog's site.

A catalog is the theme's frame plus thousands of pages, and every file of the site is stored
and deployed. Two sets of Material's static files are never fetched by a reader's browser:

- the source maps beside its minified script and stylesheets (`assets/javascripts/*.map`,
  `assets/stylesheets/*.map`; the script's alone is about a megabyte): a browser fetches one
  only when its developer tools are open, to show Material's own sources instead of the
  minified ones (the script's last line still names its map; developer tools then say it is
  missing, and nothing else changes);
- lunr's stemmers and word splitters (`assets/javascripts/lunr/`), which only Material's search
  worker loads, for a search language other than English: when Pagefind answers the search box,
  that worker is replaced by one that reads Pagefind's bundle (`search_index.py`), so they
  would be dead files.

Only files that come from a theme folder are left out; a file of the same name in `docs/` is
the author's and stays.
"""

from __future__ import annotations

from typing import Any

from mkdocs.structure.files import File, Files

SOURCE_MAP_FOLDERS = ("assets/javascripts/", "assets/stylesheets/")
LUNR_FOLDER = "assets/javascripts/lunr/"


def unused(files: Files, config: Any, pagefind: bool) -> list[File]:
    """The theme's files in `files` that no reader's browser loads. `pagefind`: whether
    Pagefind's worker takes the place of Material's search worker."""
    theme_dirs = {str(d) for d in config.theme.dirs}
    out = []
    for f in files:
        if f.src_dir not in theme_dirs or f.generated_by is not None:
            continue
        uri = f.src_uri
        if uri.endswith(".map") and uri.startswith(SOURCE_MAP_FOLDERS):
            out.append(f)
        elif pagefind and uri.startswith(LUNR_FOLDER):
            out.append(f)
    return out


def leave_out(files: Files, config: Any, pagefind: bool) -> int:
    """Removes them from the build's files (MkDocs then neither copies nor serves them);
    returns how many."""
    gone = unused(files, config, pagefind)
    for f in gone:
        files.remove(f)
    return len(gone)
