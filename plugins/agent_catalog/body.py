"""Prompt bodies made readable and safe to render as part of a catalog page.

Agent bodies are untrusted Markdown written for a model, not for MkDocs. Before one becomes part
of a page: a body flattened onto one line gets its structure back as far as it can be guessed;
raw HTML is escaped (pseudo-tags like `<role>` then read as text); links with script schemes and
relative links that point nowhere are neutralised; unbalanced code fences are closed; headings are
shifted below the page title. Each repair is reported, nothing is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

Finding = tuple[str, str, str, str, "int | None"]  # severity, rule, message, fix, line

_LANGS = {
    "python", "py", "markdown", "md", "bash", "sh", "shell", "json", "yaml", "yml", "toml",
    "ts", "typescript", "js", "javascript", "sql", "text", "txt", "html", "css", "go", "rust",
    "java", "diff", "console", "ini", "xml",
}  # fmt: skip
_STARTERS = {
    "You", "At", "When", "If", "The", "This", "These", "Use", "Always", "Before", "For",
    "After", "In", "Your", "Only", "Every", "Each", "A", "An", "Do", "Don't", "Never", "Follow",
    "Know", "Read", "Write", "All", "Any", "It", "We", "Check", "Run", "Keep", "Prefer",
}  # fmt: skip
_CONNECTORS = {"and", "of", "the", "for", "to", "with", "vs", "vs.", "&", "or", "in", "on", "a"}


@dataclass
class PreparedBody:
    markdown: str
    findings: list[Finding] = field(default_factory=list)


# --------------------------------------------------------------------------- flattened files


def restore_flattened(text: str) -> str:
    """Re-insert the line structure of Markdown that was flattened onto one line."""
    parts = re.split(r"```", text)
    out: list[str] = []
    for n, part in enumerate(parts):
        if n % 2 == 1:  # inside a fence
            m = re.match(r"\s*([A-Za-z0-9_+-]+)\s", part)
            lang = ""
            if m and m.group(1).lower() in _LANGS:
                lang, part = m.group(1), part[m.end() :]
            out.append(f"\n\n```{lang}\n{part.strip()}\n```\n\n")
        else:
            out.append(_restore_prose(part))
    text = "".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _restore_prose(text: str) -> str:
    text = re.sub(r"(^|\s)---(\s|$)", "\n\n---\n\n", text)
    text = _restore_tables(text)
    text = re.sub(r"(^|\s)(#{1,6}) (?=\S)", r"\n\n\2 ", text)
    lines = []
    for line in text.split("\n"):
        m = re.match(r"(#{1,6}) (.*)$", line)
        if m:
            title, rest = _split_heading(m.group(2))
            line = f"{m.group(1)} {title}" + (f"\n\n{rest}" if rest else "")
        lines.append(line)
    text = "\n".join(lines)
    # list items: " - Item" and " 1. Item"
    text = re.sub(r"(?<=\S) - (?=[\w`*\"'(\[])", "\n- ", text)
    text = re.sub(r"(?<=[^\d\s]) (\d{1,2})\. (?=[A-Z`*\"'(\[])", r"\n\1. ", text)
    text = re.sub(r"(?<=[^\n])\n(- |\d{1,2}\. )", r"\n\1", text)
    # a list starts after a blank line
    text = re.sub(r"([^\n])\n(- |1\. )", r"\1\n\n\2", text)
    return text


def _split_heading(words_text: str) -> tuple[str, str]:
    words = words_text.split(" ")
    depth = 0
    cut = None
    for i, w in enumerate(words):
        if i >= 10:
            cut = i
            break
        if depth == 0 and i > 0:
            if w in ("-", "*", "|") or re.match(r"^\d{1,2}\.$", w):
                cut = i
                break
            if w in _STARTERS:
                cut = i
                break
            if w[:1].islower() and w not in _CONNECTORS:
                cut = i - 1 if i > 1 and words[i - 1][:1].isupper() else i
                break
        depth += w.count("(") - w.count(")")
    if cut is None or cut == 0:
        return words_text, ""
    return " ".join(words[:cut]), " ".join(words[cut:])


def _restore_tables(text: str) -> str:
    """Rebuild tables: a delimiter row `|---|---|` tells how many cells each row has."""
    out: list[str] = []
    pos = 0
    for m in re.finditer(r"\|(?:\s*:?-{3,}:?\s*\|)+", text):
        if m.start() < pos:
            continue
        ncols = m.group(0).count("|") - 1
        # the header row: the ncols cells right before the delimiter row
        k = m.start() - 1
        while k >= 0 and text[k] == " ":
            k -= 1
        if k < 0 or text[k] != "|":
            continue
        start, seen = k, 0
        while start > pos and seen < ncols:
            start -= 1
            if text[start] == "|":
                seen += 1
        if seen < ncols:
            continue
        rows = [text[start : k + 1], m.group(0)]
        i = m.end()
        while True:
            j = i
            while j < len(text) and text[j] == " ":
                j += 1
            if j >= len(text) or text[j] != "|":
                break
            e, seen = j + 1, 0
            while e < len(text) and seen < ncols:
                if text[e] == "|" and text[e - 1] != "\\":
                    seen += 1
                e += 1
            if seen < ncols:
                break
            rows.append(text[j:e])
            i = e
        out.append(text[pos:start].rstrip())
        out.append("\n\n" + "\n".join(rows) + "\n\n")
        pos = i
    out.append(text[pos:].lstrip() if out else text[pos:])
    return "".join(out)


# --------------------------------------------------------------------------- every body

_FENCE = re.compile(r"^(\s{0,3})(`{3,}|~{3,})(.*)$")
_LINK = re.compile(r"(!?)\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?(\s+\"[^\"]*\")?\s*\)")
_UNSAFE_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|file)\s*:", re.I)
_SAFE_SCHEME = re.compile(r"^(https?|mailto|ftp):", re.I)


def prepare_body(
    text: str, name: str, first_line: int = 1, allow_html: bool = False
) -> PreparedBody:
    """Make a body safe and tidy to embed in a generated page; report each repair."""
    result = PreparedBody("")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    fence: str | None = None
    fence_line = 0
    shift = _heading_shift(lines)
    dropped_h1 = False
    for n, line in enumerate(lines):
        lineno = first_line + n
        m = _FENCE.match(line)
        if fence is not None:
            if (
                m
                and m.group(2)[0] == fence[0]
                and len(m.group(2)) >= len(fence)
                and not m.group(3).strip()
            ):
                fence = None
            out.append(line)
            continue
        if m:
            fence, fence_line = m.group(2), lineno
            out.append(line)
            continue
        h = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if h:
            level = len(h.group(1))
            if (
                level == 1
                and not dropped_h1
                and not any(x.strip() for x in out)
                and _same(h.group(2), name)
            ):
                dropped_h1 = True
                continue
            line = (
                "#" * min(6, level + shift) + " " + _inline(h.group(2), result, lineno, allow_html)
            )
            out.append(line)
            continue
        ref = _REFDEF.match(line)
        if ref:
            out.append(_refdef(ref, result, lineno))
            continue
        out.append(_inline(line, result, lineno, allow_html))
    if fence is not None:
        out.append(fence)
        result.findings.append(
            (
                "warning",
                "body-unclosed-fence",
                f"the code block opened at line {fence_line} is never closed; "
                "everything after it reads as code",
                f"add a line with {fence} where the code block ends",
                fence_line,
            )
        )
    result.markdown = "\n".join(out).strip("\n") + "\n"
    return result


_TITLE_NOISE = re.compile(r"^(?:the\s+)|\s+(?:sub-?agent|agent)\s*$", re.I)


def _same(title: str, name: str) -> bool:
    """`# Backend Architect Agent` repeats the name `backend-architect`: the page has it."""

    def norm(s: str) -> str:
        return re.sub(r"[^a-z0-9]+", "", _TITLE_NOISE.sub("", s.strip()).lower())

    return norm(title) == norm(name) != ""


def _heading_shift(lines: list[str]) -> int:
    """Shift every heading one level down when the body has its own H1s (the page has one)."""
    in_fence = False
    for line in lines:
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and re.match(r"^#\s", line):
            return 1
    return 0


def _inline(line: str, result: PreparedBody, lineno: int, allow_html: bool) -> str:
    """Treat one line outside code blocks: links neutralised, HTML escaped (not in code spans)."""
    pieces = re.split(r"(`+[^`]*`+)", line)
    for i, piece in enumerate(pieces):
        if i % 2 == 1:
            continue
        piece = _LINK.sub(lambda m: _link(m, result, lineno), piece)
        if not allow_html:
            piece = _escape_html(piece)
        pieces[i] = piece
    return "".join(pieces)


def _escape_html(text: str) -> str:
    text = re.sub(r"&(?!(#\d+|#x[0-9a-fA-F]+|[A-Za-z]{2,8});)", "&amp;", text)
    return text.replace("<", "&lt;")


# A link reference definition: `[label]: target "title"`, used by `[text][label]` links.
_REFDEF = re.compile(
    r"^ {0,3}\[([^\]\n]+)\]:[ \t]*(<[^>\n]*>|\S+)"
    r"(?:[ \t]+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?[ \t]*$"
)


def _refdef(m: re.Match, result: PreparedBody, lineno: int) -> str:
    """Kept when its target is absolute or an anchor; otherwise written out as text, so the
    `[text][label]` links that use it read as text too (as inline links do)."""
    label, target = m.group(1), m.group(2).strip("<>")
    verdict = _judge(target, result, lineno)
    if verdict == "keep":
        return m.group(0)
    shown = "(link removed: unsafe URL)" if verdict == "unsafe" else f"`{target}`"
    return f"\\[{_escape_html(label)}\\]: {shown}"


def _judge(target: str, result: PreparedBody, lineno: int) -> str:
    """`keep` an absolute or anchor link; report and return `unsafe` or `relative` otherwise."""
    if _UNSAFE_SCHEME.match(target):
        result.findings.append(
            (
                "warning",
                "body-unsafe-link",
                f"a link uses a script or data URL (`{target[:40]}`); it is shown as text",
                "link to an http(s) address instead",
                lineno,
            )
        )
        return "unsafe"
    if not target or target.startswith("#") or _SAFE_SCHEME.match(target):
        return "keep"
    result.findings.append(
        (
            "info",
            "body-relative-link",
            f"the relative link `{target[:80]}` points outside the catalog; it is shown as text",
            "use an absolute https:// URL for links in agent files",
            lineno,
        )
    )
    return "relative"


def _link(m: re.Match, result: PreparedBody, lineno: int) -> str:
    bang, label, target = m.group(1), m.group(2), m.group(3)
    verdict = _judge(target, result, lineno)
    if verdict == "keep":
        return m.group(0)
    if verdict == "unsafe":
        return f"{label} (link removed: unsafe URL)"
    return f"{label} (`{target}`)" if not bang else f"image `{label or target}` (`{target}`)"
