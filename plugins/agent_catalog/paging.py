"""Long listings cut into pages of bounded size.

A comparison page with one row per agent grows with the catalog, and the tools matrix grows
faster still (agents x tools: 8 MB of HTML at 1,000 agents). Browsers, MkDocs and Material's
search indexer all pay for that on every build. So a listing longer than `PAGE_SIZE` rows is
split: the first page keeps the listing's URL (`compare/tools/`), the next ones follow it
(`compare/tools/2/`, `compare/tools/3/`, ...), each with the same pager.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Generic, TypeVar

PAGE_SIZE = 100
"""Rows per page: a 100-agent tools matrix is about 200 KB of HTML."""

T = TypeVar("T")


@dataclass
class Chunk(Generic[T]):
    """One page of a listing: its rows and where it sits among the listing's pages."""

    items: list[T]
    number: int
    """1-based."""
    uri: str
    uris: list[str]
    """Every page of the listing, in order (one element: the listing is not split)."""
    first: int
    """1-based position of the first row in the whole listing."""
    total: int

    @property
    def last(self) -> int:
        return self.first + len(self.items) - 1

    @property
    def split(self) -> bool:
        return len(self.uris) > 1


def page_uri(base_uri: str, number: int) -> str:
    """`compare/tools.md` for page 1, `compare/tools/2.md` for page 2, ..."""
    if number == 1:
        return base_uri
    return posixpath.join(base_uri[: -len(".md")], f"{number}.md")


def paginate(items: list[T], base_uri: str, size: int = PAGE_SIZE) -> list[Chunk[T]]:
    size = max(1, size)
    count = max(1, -(-len(items) // size))
    uris = [page_uri(base_uri, n) for n in range(1, count + 1)]
    return [
        Chunk(
            items[(n - 1) * size : n * size], n, uris[n - 1], uris, (n - 1) * size + 1, len(items)
        )
        for n in range(1, count + 1)
    ]
