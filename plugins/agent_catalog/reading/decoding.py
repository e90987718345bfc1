"""Bytes to text, never raising: agent files come from strangers and from every editor.

UTF-8 (with or without BOM) and UTF-16 with a BOM are decoded; anything else is decoded as UTF-8
with invalid bytes replaced, and the replacement is reported so nothing is lost silently.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

from ..model import Finding


@dataclass
class Decoded:
    text: str
    findings: list[Finding] = field(default_factory=list)
    """Each with its line: where the first replaced character is, else line 1."""
    binary: bool = False


def decode(data: bytes) -> Decoded:
    out = _decode(data)
    at = out.text.find("\ufffd")
    line = out.text.count("\n", 0, at) + 1 if at >= 0 else 1
    out.findings = [
        f._replace(line=line if f.rule == "encoding-invalid" else 1) for f in out.findings
    ]
    return out


def _decode(data: bytes) -> Decoded:
    if data.startswith(codecs.BOM_UTF8):
        return _utf8(data[len(codecs.BOM_UTF8) :], bom=True)
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return _utf16(data[len(bom) :], enc)
    enc = _bomless_utf16(data)
    if enc:
        return _utf16(data, enc)
    return _utf8(data, bom=False)


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII text leaves a NUL in every other byte (a Windows editor's
    "Unicode" without the mark). Binary junk has NULs too, but not in that rhythm."""
    if len(data) < 8 or b"\x00" not in data[:64]:
        return None
    half = len(data) // 2
    if data[1::2].count(0) > half * 0.9 and data[0::2].count(0) < half * 0.1:
        return "utf-16-le"
    if data[0::2].count(0) > half * 0.9 and data[1::2].count(0) < half * 0.1:
        return "utf-16-be"
    return None


def _utf16(data: bytes, enc: str) -> Decoded:
    text = data.decode(enc, errors="replace")
    out = Decoded(text)
    out.findings.append(
        Finding(
            "error",
            "encoding-utf16",
            "the file is UTF-16; Claude Code reads agent files as UTF-8, finds no "
            "frontmatter in it and skips the agent (the catalog decoded it)",
            "save the file as UTF-8 without a byte-order mark",
        )
    )
    if "\ufffd" in text:
        out.findings.append(_replaced(text.count("\ufffd")))
    return out


def _utf8(data: bytes, bom: bool) -> Decoded:
    nul = data.count(b"\x00")
    text = data.decode("utf-8", errors="replace")
    out = Decoded(text)
    if bom:
        out.findings.append(
            Finding(
                "warning",
                "encoding-bom",
                "the file starts with a UTF-8 byte-order mark, before the opening `---`; "
                "readers that keep the mark (Claude Code reads files as plain UTF-8) may see "
                "no frontmatter",
                "save the file as UTF-8 without a BOM",
            )
        )
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    if bad > 0:
        out.findings.append(_replaced(bad))
    if nul:
        out.binary = nul > max(8, len(data) // 100)
        out.text = text.replace("\x00", "")
        out.findings.append(
            Finding(
                "error",
                "binary-content",
                f"the file contains {nul} NUL byte(s); it is binary or corrupted",
                "remove the NUL bytes (re-save the file as plain UTF-8 text)",
            )
        )
    return out


def _replaced(count: int) -> Finding:
    return Finding(
        "warning",
        "encoding-invalid",
        f"{count} byte sequence(s) are not valid UTF-8 and were replaced with U+FFFD",
        "re-save the file as UTF-8",
    )
