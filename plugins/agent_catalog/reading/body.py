"""Prompt bodies made readable and safe to render as part of a catalog page.

Agent bodies are untrusted Markdown written for a model, not for MkDocs. Before one becomes part
of a page: a body flattened onto one line gets its structure back as far as it can be guessed;
raw HTML is escaped (pseudo-tags like `<role>` then read as text); links with script schemes and
relative links that point nowhere are neutralised; unbalanced code fences are closed; headings are
shifted below the page title. Each repair is reported, nothing is dropped.

Security: the site's Markdown extensions must not turn agent text into live markup or file
reads. Besides raw HTML, that means Markdown links whose URL (once the browser drops tabs and
newlines and decodes entities) uses a scheme other than http(s)/mailto/ftp, including links
split over lines and reference definitions; `attr_list` braces (`{: onclick=...}`), which set
any attribute; and `pymdownx.snippets` markers (`--8<-- "file"`), which include files from the
building machine. The plugin also sanitises the final HTML (nh3); this module is the first line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..model import Finding
from .fences import closes
from .lines import marked_lines

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

_FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,})(.*)$")
_FENCE_LANG = re.compile(r"\.?([\w#.+-]*)")
_FENCE_OR_H1 = re.compile(r"\n(?:([ \t]*(?:`{3}|~{3}))|#[^\S\n])")
"""Lines that open or close a fence (as `_FENCE`) or are an H1 (`# ` as `^#\\s` on a line),
found after the newline that starts them (`^` with `re.M` costs a try at every character)."""
_ATX = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BARE_AMP = re.compile(r"&(?!(#\d+|#x[0-9a-fA-F]+|[A-Za-z]{2,8});)")


_EDITS = re.compile(r"&|<|\{|\]\(")
"""What `_inline` may rewrite: `&`, `<` (HTML), `{` (attribute lists), `](` (links)."""
_SPECIAL = re.compile(r"\n(?:#|[ \t]*[`~\[])|`|&|<|\{|\]\(")
"""Where a line `prepare_body` must look at one by one starts: after a newline, what may open a
fence, a heading or a reference definition; anywhere, `_EDITS` or a backtick (which may leave the
rest of the paragraph in doubt). In a typical body most lines have neither, and are copied
without a Python step per line. (Every branch starts with a literal, so the regex engine skips
ahead in C.)"""
_FENCE_LEAD = frozenset("`~ \t")
_REFDEF_LEAD = frozenset(" [")


_LINK = re.compile(
    r"(!?)\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?(\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
)
"""An inline link or image, with any of Markdown's three title quotings."""
_UNSAFE_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|file)\s*:", re.I)
_SAFE_SCHEME = re.compile(r"^(https?|mailto|ftp):", re.I)
_SAFE_SCHEMES = {"http", "https", "mailto", "ftp"}
_DEST_START = re.compile(r"\]\(|\[[^\[\]\n]*\]:")
"""Where a link destination starts: `](` (inline) or `[id]:` (a reference definition, which
may also stand in a quote or a list item: `> [id]: url`)."""
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_URL_NOISE = re.compile(r"[\x00-\x20<>]+")
"""What browsers (and Markdown) drop or skip around and inside a URL before reading its scheme."""
_DEST_PEEK = 512
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters (a tab or a line break aside) in a link target: never part of a real
address, and MkDocs writes unresolved targets raw into the build log."""
_ATTR_LIST = re.compile(r"\{")
"""Every `{` in prose is escaped: `attr_list` reads any `{...}` after an element as attributes
(`{ x data-md-component=source }` opens with a bare word), so no opening is left to guess."""
_SNIPPET = re.compile(r"^([ \t]*;*-+)(8<-+)", re.M)
MAX_BODY_CHARS = 256_000
"""Four times the longest real body (64 kB): beyond it a body is cut (Markdown, search and
the browser all pay for every character of a page)."""


BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Unicode's bidirectional embeddings, overrides and isolates: they reorder the text around
them on screen but not when it is copied or run ("Trojan Source")."""


def _show_bidi_controls(text: str, result: PreparedBody, first_line: int) -> str:
    """Each bidi control becomes a visible escape (`\\u202e`), in prose and code blocks alike,
    so a command shows in the order it runs and a copy button copies what it shows; the raw
    file keeps its bytes."""
    m = BIDI_CONTROLS.search(text)
    if m is None:
        return text
    result.findings.append(
        Finding(
            "warning",
            "body-bidi-control",
            "the body holds Unicode bidirectional controls, which make text show in another "
            "order than it is copied or run; each is shown as an escape such as `\\u202e`",
            "delete the bidirectional control characters (an editor with 'show invisibles' "
            "finds them)",
            first_line + text.count("\n", 0, m.start()),
        )
    )
    return show_bidi(text)


def show_bidi(text: str) -> str:
    """Every bidi control in `text` as its visible escape (`\\u202e`): also for text taken
    from a body elsewhere (a command's description from its first line)."""
    return BIDI_CONTROLS.sub(lambda c: f"\\u{ord(c.group(0)):04x}", text)


def prepare_body(
    text: str, name: str, first_line: int = 1, allow_html: bool = False
) -> PreparedBody:
    """Make a body safe and tidy to embed in a generated page; report each repair."""
    result = PreparedBody("")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_BODY_CHARS:
        cut = text.rfind("\n", 0, MAX_BODY_CHARS)
        cut = cut if cut > MAX_BODY_CHARS // 2 else MAX_BODY_CHARS  # else cut the long line
        result.findings.append(
            Finding(
                "error",
                "body-too-large",
                f"the body is {len(text):,} characters; only the first {cut:,} are shown",
                "an agent's prompt should be far shorter: move reference material to files "
                "the agent reads when needed",
                first_line + text.count("\n", 0, cut),
            )
        )
        text = text[:cut]
    text = _show_bidi_controls(text, result, first_line)
    lines = text.split("\n")
    out: list[str] = []
    code: set[int] = set()
    """Indices in `out` of lines inside code blocks (fence lines included)."""
    fence: str | None = None
    fence_line = 0
    shift = _heading_shift(text)
    dropped_h1 = False
    drop_at = len(lines)
    tainted = False
    """An unpaired backtick earlier in this paragraph: code spans cannot be trusted."""
    start = 0
    for n in [*marked_lines(text, _SPECIAL), len(lines)]:
        if start < n:  # lines with nothing to treat, copied in one go
            run = lines[start:n]
            if fence is not None:
                code.update(range(len(out), len(out) + len(run)))
            elif tainted and any(not x.strip() for x in run):
                tainted = False  # a blank line ends the paragraph
            out += run
        if n == len(lines):
            break
        start = n + 1
        line = lines[n]
        lead = line[:1]
        lineno = first_line + n
        m = _FENCE.match(line) if lead in _FENCE_LEAD else None
        if fence is not None or m:
            tainted = False
        if fence is not None:
            if m and closes(fence, m.group(2), m.group(3)):
                line, fence = fence, None  # closed exactly as opened: see `_open_fence`
            code.add(len(out))
            out.append(line)
            continue
        opening = _open_fence(m, result, lineno) if m else None
        if opening is not None:
            fence, fence_line = m.group(2), lineno
            code.add(len(out))
            out.append(opening)
            continue
        h = _ATX.match(line) if line.startswith("#") else None
        if h:
            level = len(h.group(1))
            if (
                level == 1
                and not dropped_h1
                and not any(x.strip() for x in out)
                and _same(h.group(2), name)
            ):
                dropped_h1 = True
                drop_at = len(out)
                continue
            text, stray = _inline(h.group(2), result, lineno, allow_html, not tainted)
            tainted = tainted or stray
            out.append("#" * min(6, level + shift) + " " + text)
            continue
        ref = _REFDEF.match(line) if lead in _REFDEF_LEAD else None
        if ref:
            out.append(_refdef(ref, result, lineno))
            continue
        text, stray = _inline(line, result, lineno, allow_html, not tainted)
        tainted = (tainted or stray) and bool(line.strip())
        out.append(text)
    if fence is not None:
        out.append(fence)
        result.findings.append(
            Finding(
                "warning",
                "body-unclosed-fence",
                f"the code block opened at line {fence_line} is never closed; "
                "everything after it reads as code",
                f"add a line with {fence} where the code block ends",
                fence_line,
            )
        )
    markdown = "\n".join(out)
    if "](" in markdown or "]:" in markdown:
        _defuse_links(out, code, result, first_line, drop_at)
        markdown = "\n".join(out)
    if allow_html and _LOCAL_SRC.search(markdown):
        _defuse_local_sources(out, code, result, first_line)
        markdown = "\n".join(out)
    result.markdown = _defuse_snippets(markdown, result, first_line).strip("\n") + "\n"
    return result


def _open_fence(m: re.Match, result: PreparedBody, lineno: int) -> str | None:
    """The opening line of a code block, rewritten so every Markdown reader agrees it is one.

    Lines inside a code block are left unescaped, so this module and the site's Markdown must
    never disagree about where code starts and ends, or text this module took for code would
    reach the page as raw HTML. Python-Markdown's `fenced_code` (always on in MkDocs) only opens
    a fence at column 0 with a bare language, and closes it with the very same fence; `{attrs}`
    after the fence may set any attribute (`onclick`). So the fence moves to column 0, keeps its
    language only, and is later closed by the same string. A backtick line holding more backticks
    is inline code, not a fence.
    """
    fence, info = m.group(2), m.group(3).strip()
    if fence[0] == "`" and "`" in info:
        return None
    lang = _FENCE_LANG.match(info)
    dropped = info[lang.end() :].strip()
    if dropped:
        result.findings.append(
            Finding(
                "info",
                "body-fence-info",
                f"the code block's opening line carries `{dropped[:60]}` after the language; "
                "only the language is kept",
                f"write the language alone after the fence (`{fence}{lang.group(1) or 'text'}`)",
                lineno,
            )
        )
    return fence + lang.group(1)


_TITLE_NOISE = re.compile(r"^(?:the\s+)|\s+(?:sub-?agent|agent)\s*$", re.I)


def _same(title: str, name: str) -> bool:
    """`# Backend Architect Agent` repeats the name `backend-architect`: the page has it."""

    def norm(s: str) -> str:
        return re.sub(r"[^a-z0-9]+", "", _TITLE_NOISE.sub("", s.strip()).lower())

    return norm(title) == norm(name) != ""


def _heading_shift(text: str) -> int:
    """Shift every heading one level down when the body has its own H1s (the page has one)."""
    in_fence = False
    for m in _FENCE_OR_H1.finditer("\n" + text):  # only those lines, in one pass over the text
        if m.group(1):
            in_fence = not in_fence
        elif not in_fence:
            return 1
    return 0


_TICKS = re.compile(r"`+")


def _code_spans(line: str) -> list[tuple[int, int]] | None:
    """The code spans of `line`, or None when their pairing is not beyond doubt.

    Beyond doubt: no backslash before a backtick, and the backtick runs pair up in order, each
    with the next one of the same length. Every Markdown reader (Python-Markdown's old pattern
    and its newer scanner, CommonMark) then finds the same spans; other lines are read as prose.
    """
    runs = [m.span() for m in _TICKS.finditer(line)]
    if len(runs) % 2 or any(a > 0 and line[a - 1] == "\\" for a, _ in runs):
        return None
    pairs = list(zip(runs[::2], runs[1::2], strict=True))
    if any(a_end - a != b_end - b for (a, a_end), (b, b_end) in pairs):
        return None
    return [(a, b_end) for (a, _), (_, b_end) in pairs]


def _inline(
    line: str, result: PreparedBody, lineno: int, allow_html: bool, trust_code: bool = True
) -> tuple[str, bool]:
    """Treat one line outside code blocks: links neutralised, HTML escaped (not in code spans).

    Returns the line and whether its backticks leave doubt. Markdown pairs backticks across the
    lines of a paragraph, so after a doubtful line this module's idea of the code spans may not
    be the page's: the caller passes `trust_code=False` for the rest of the paragraph, and all
    of it is escaped (at worst a `&lt;` shows inside code).
    """
    if not _EDITS.search(line):  # the usual line: nothing to rewrite, only doubt to judge
        return line, ("`" in line and _code_spans(line) is None) if trust_code else True
    spans = _code_spans(line) if trust_code else None
    pieces: list[str] = []
    pos = 0
    for start, end in spans or []:
        pieces += [line[pos:start], line[start:end]]
        pos = end
    pieces.append(line[pos:])
    for i in range(0, len(pieces), 2):
        piece = _LINK.sub(lambda m: _link(m, result, lineno), pieces[i])
        if not allow_html:
            piece = _escape_html(piece)
        pieces[i] = _ATTR_LIST.sub(r"\\{", piece)
    return "".join(pieces), spans is None


def _escape_html(text: str) -> str:
    text = _BARE_AMP.sub("&amp;", text)
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
    if _UNSAFE_SCHEME.match(target) or _CONTROL.search(target):
        what = "control characters" if _CONTROL.search(target) else "a script or data URL"
        result.findings.append(
            Finding(
                "warning",
                "body-unsafe-link",
                f"a link uses {what} (`{target[:40]}`); it is shown as text",
                "link to an http(s) address instead",
                lineno,
            )
        )
        return "unsafe"
    if not target or target.startswith("#") or _SAFE_SCHEME.match(target):
        return "keep"
    result.findings.append(
        Finding(
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


# --------------------------------------------------------------------------- security passes


def _defuse_links(
    out: list[str], code: set[int], result: PreparedBody, first_line: int, drop_at: int
) -> None:
    """Break every link, in prose, whose destination would reach the browser as a script URL.

    Works on runs of prose lines, not single lines: a link's label and destination may be split
    over lines, labels may nest brackets, and a reference definition may put its URL on the next
    line; the per-line link rewrite above misses those. The destination is read the way a browser
    reads an `href`: entities decoded, tabs and newlines dropped, case ignored.
    """
    for start, end in _prose_runs(out, code):
        chunk = "\n".join(out[start:end])
        if "](" in chunk or "]:" in chunk:
            lineno = first_line + start + (start >= drop_at)  # past a dropped title: +1
            fixed = _defuse_chunk(chunk, result, lineno)
            if fixed != chunk:
                out[start:end] = fixed.split("\n")


def _prose_runs(out: list[str], code: set[int]) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of lines outside code blocks, for rewrites that keep the
    number of lines (a tag or a link may span the lines of a run)."""
    start = 0
    while start < len(out):
        if start in code:
            start += 1
            continue
        end = start
        while end < len(out) and end not in code:
            end += 1
        yield start, end
        start = end


def _defuse_chunk(chunk: str, result: PreparedBody, first_line: int) -> str:
    parts: list[str] = []
    pos = 0
    for m in _DEST_START.finditer(chunk):
        if m.start() < pos:
            continue
        peek = chunk[m.end() : m.end() + _DEST_PEEK]
        if m.group(0) == "](":
            close = peek.find(")")
            peek = peek if close < 0 else peek[:close]
        else:
            peek = "\n".join(peek.split("\n")[:2])  # a reference URL may sit on the next line
        if _CONTROL.search(peek):  # MkDocs logs link targets it cannot resolve, raw
            scheme_name = "control-character"
            dest = ""
        else:
            scheme_name = None
            dest = _URL_NOISE.sub("", html.unescape(peek) if "&" in peek else peek).lower()
        scheme = _SCHEME.match(dest) if ":" in dest else None
        if scheme and scheme.group(1) in _SAFE_SCHEMES:
            continue
        line = first_line + chunk.count("\n", 0, m.start())
        if scheme_name is None and not scheme:
            # a relative destination the per-line rewrite did not see (a label over two
            # lines, an odd title): shown as text too, so no extension embeds a local file
            if m.group(0) != "](" or not dest or dest.startswith("#") or _in_code(chunk, m):
                continue
            result.findings.append(
                Finding(
                    "info",
                    "body-relative-link",
                    f"a relative link (`{peek.strip()[:80]}`) points outside the catalog; "
                    "it is shown as text",
                    "use an absolute https:// URL for links in agent files",
                    line,
                )
            )
            parts.append(chunk[pos : m.start()] + "]\\(")
            pos = m.end()
            continue
        result.findings.append(
            Finding(
                "warning",
                "body-unsafe-link",
                (
                    f"a link uses a `{scheme.group(1)[:20]}:` URL, which could run script in "
                    "a reader's browser; it is shown as text"
                    if scheme_name is None
                    else "a link's address holds control characters, which could drive the "
                    "terminal that shows the build log; it is shown as text"
                ),
                "link to an http(s) address instead",
                line,
            )
        )
        # a backslash before `(` or `[` keeps the text as written but makes it plain text
        if m.group(0) == "](":
            parts.append(chunk[pos : m.start()] + "]\\(")
        else:
            bracket = m.start() + m.group(0).index("[")
            parts.append(chunk[pos:bracket] + "\\" + chunk[bracket : m.end()])
        pos = m.end()
    parts.append(chunk[pos:])
    return "".join(parts)


_LOCAL_SRC = re.compile(r"""(?<![\w-])src\s*=(?!\s*["']?\s*(?:https?:|//|data:|#))""", re.I)
"""A raw HTML `src` (under `allow_html`) that is not a web address: `pymdownx.b64` would read
that file from the building machine and inline it."""


def _defuse_local_sources(
    out: list[str], code: set[int], result: PreparedBody, first_line: int
) -> None:
    """Rename relative `src` attributes of raw HTML in prose to `data-src`, so no Markdown
    extension reads the file they name. Works on runs of prose lines (a tag may span lines);
    code blocks and code spans keep their text."""
    for start, end in _prose_runs(out, code):
        chunk = "\n".join(out[start:end])
        parts, pos = [], 0
        for m in _LOCAL_SRC.finditer(chunk):
            if _in_code(chunk, m):
                continue
            result.findings.append(
                Finding(
                    "info",
                    "body-relative-link",
                    "a raw HTML `src` names a local file; it is not loaded (an extension such "
                    "as `pymdownx.b64` would read it from the machine building the site)",
                    "use an absolute https:// URL for images in agent files",
                    first_line + start + chunk.count("\n", 0, m.start()),
                )
            )
            parts.append(chunk[pos : m.start()] + "data-src")
            pos = m.start() + 3
        if parts:
            out[start:end] = ("".join(parts) + chunk[pos:]).split("\n")


def _in_code(chunk: str, m: re.Match) -> bool:
    """Whether the match stands inside a code span of its line (paired beyond doubt)."""
    start = chunk.rfind("\n", 0, m.start()) + 1
    end = chunk.find("\n", m.start())
    spans = _code_spans(chunk[start : end if end >= 0 else len(chunk)])
    col = m.start() - start
    return bool(spans) and any(a <= col < b for a, b in spans)


def _defuse_snippets(text: str, result: PreparedBody, first_line: int) -> str:
    """Keep `--8<--` lines from including files when the site uses `pymdownx.snippets`.

    Snippets runs before any other Markdown processing, inside code blocks too, so every line is
    treated; a zero-width space after the dashes leaves the text as it reads.
    """
    if "8<-" not in text:
        return text

    def sub(m: re.Match) -> str:
        result.findings.append(
            Finding(
                "warning",
                "body-snippet-marker",
                "a line starts with `--8<--`, the marker with which `pymdownx.snippets` includes "
                "files from the machine building the site; it is shown as text",
                "write it in an indented code block or change the dashes",
                first_line + text.count("\n", 0, m.start()),
            )
        )
        return m.group(1) + "\u200b" + m.group(2)

    return _SNIPPET.sub(sub, text)
