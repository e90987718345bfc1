"""Crawl a built site's files as a browser would resolve them, and list what is broken.

Every `href`/`src` on every page is resolved against the page's own address as published
(`https://<host>/<subpath>/...`), so a link that assumes the site sits at the root of a domain
is caught exactly as GitHub project pages would break it. Fragments must name an element id
(or `<a name>`) in the target page.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

ATTRS = {"a": "href", "link": "href", "script": "src", "img": "src", "iframe": "src"}


@dataclass(frozen=True)
class Broken:
    page: str
    target: str
    why: str

    def __str__(self) -> str:
        return f"{self.page}: {self.target} ({self.why})"


def page_url(base: str, site: Path, html_file: Path) -> str:
    rel = html_file.relative_to(site).as_posix()
    return base + (rel.removesuffix("index.html") if rel.endswith("index.html") else rel)


def target_file(site: Path, base_path: str, path: str) -> Path | None:
    """The file a server would answer `path` with, or None (outside the site or missing)."""
    if not path.startswith(base_path):
        return None
    rel = unquote(path[len(base_path) :])
    candidate = site / rel
    if candidate.is_dir() or rel == "" or rel.endswith("/"):
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def broken_links(site: Path, base: str) -> tuple[list[Broken], int]:
    """(broken links, number of internal links checked) for the site published at `base`."""
    site = Path(site)
    origin = urlsplit(base)
    base_path = origin.path

    @cache
    def parsed(html_file: Path) -> BeautifulSoup:
        return BeautifulSoup(html_file.read_text(encoding="utf-8"), "lxml")

    @cache
    def anchors(html_file: Path) -> frozenset[str]:
        soup = parsed(html_file)
        ids = {el["id"] for el in soup.find_all(id=True)}
        return frozenset(ids | {el["name"] for el in soup.find_all("a", attrs={"name": True})})

    broken: list[Broken] = []
    checked = 0
    for html_file in sorted(site.rglob("*.html")):
        here = page_url(base, site, html_file)
        for tag, attr in ATTRS.items():
            for el in parsed(html_file).find_all(tag, attrs={attr: True}):
                raw = el[attr].strip()
                url = urlsplit(urljoin(here, raw))
                if (url.scheme, url.netloc) != (origin.scheme, origin.netloc):
                    continue  # another site: not ours to check offline
                checked += 1
                name = html_file.relative_to(site).as_posix()
                target = target_file(site, base_path, url.path)
                if target is None:
                    broken.append(Broken(name, raw, f"no file for {url.path}"))
                elif url.fragment and target.suffix == ".html":
                    view = catalog_view(parsed(target), url.fragment)
                    if view is not None:
                        if not view:
                            broken.append(Broken(name, raw, "no agent matches this catalog view"))
                    elif unquote(url.fragment) not in anchors(target):
                        broken.append(Broken(name, raw, "no such anchor"))
    return broken, checked


VIEW_KEYS = {"q", "sort", "dir", "format", "model", "capability", "reach", "area", "tool", "plugin"}
"""What the catalog table's hash may hold (`assets/catalog.js`): `#tool=Read&model=...`."""


def catalog_view(page: BeautifulSoup, fragment: str) -> bool | None:
    """For a link into the catalog table's view (`agents/#tool=Read`): does any row match every
    facet of it? None when the page has no catalog table or the fragment is an anchor."""
    if page.select_one("[data-ac-catalog]") is None or "=" not in fragment:
        return None
    view = parse_qs(fragment, keep_blank_values=True)
    if not set(view) <= VIEW_KEYS:
        return None
    facets = {k: v[0] for k, v in view.items() if k not in ("q", "sort", "dir")}
    for row in page.select("[data-ac-catalog] tbody tr"):
        if all(value in row.get(f"data-{k}", "").split("|") for k, value in facets.items()):
            return True
    return False
