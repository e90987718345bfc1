"""Property tests: no input makes the reader raise, and well-formed agents come back exactly."""

from __future__ import annotations

from pathlib import Path

import yaml
from agent_catalog.checks.rules import MODEL_ALIASES
from agent_catalog.model import SEVERITIES, Agent, Skipped
from agent_catalog.reading.reader import read_agent_bytes
from agent_catalog.reading.tool_names import CLAUDE_TOOLS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reader_support import judged

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces real files are made of, so random files reach the reader's corners quickly.
PIECES = [
    "---", "---\n", "\n", "\r\n", "\t", "  ", "name:", "description:", "tools:", "model:",
    ": ", "*", "**/*", "[]", "{", "}", "- ", "|", ">-", '"', "'", "\\n", "<example>",
    "</example>", "user: ", "```", "~~~", "# ", "[x](../y.md)", "&a ", "*a", "\ufeff", "\x00",
    "mcp__s__t", "Bash(git *)", ",", "#", "%", "@", "`", "é", "\u2028",
]  # fmt: skip
pieces = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=40).map(
    lambda parts: "".join(parts)
)


def _check(result: Agent | Skipped) -> None:
    judged(result)
    assert isinstance(result, (Agent, Skipped))
    for d in result.diagnostics:
        assert d.severity in SEVERITIES and d.rule and d.message
    if isinstance(result, Agent):
        assert result.name
        assert isinstance(result.body, str) and isinstance(result.description, str)


@FAST
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(data):
    _check(read_agent_bytes(data, Path("x.md"), "x.md"))


@FAST
@given(pieces, st.sampled_from(["utf-8", "utf-16", "utf-8-sig"]))
def test_arbitrary_agent_shaped_text_never_raises(text, encoding):
    data = text.encode(encoding, errors="surrogatepass")
    _check(read_agent_bytes(data, Path("agents/x.md"), "agents/x.md"))


names = st.from_regex(r"[a-z][a-z0-9]{0,10}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)
prose = (
    st.text(
        st.characters(
            blacklist_categories=("Cs", "Cc"),
            blacklist_characters="\\\u2028\u2029\x85\ufeff\ufffd",
        )
        | st.just("\n"),
        min_size=1,
        max_size=300,
    )
    .map(str.strip)
    .filter(bool)
)
tools = st.one_of(
    st.none(),
    st.lists(
        st.sampled_from(sorted(CLAUDE_TOOLS))
        | st.from_regex(r"mcp__[a-z]{1,6}__[a-z_]{1,8}", fullmatch=True)
        | st.sampled_from(["Bash(git *)", "Bash(npm run test:*)", "Agent(a, b)"]),
        unique=True,
        max_size=8,
    ),
)
models = st.one_of(
    st.none(),
    st.sampled_from(sorted(MODEL_ALIASES)),
    st.sampled_from(["claude-sonnet-4-20250514", "claude-opus-4-1", "claude-haiku-4-5"]),
)


@FAST
@given(names, prose, tools, models, st.booleans(), st.booleans())
def test_well_formed_agents_round_trip(name, description, tool_list, model, as_list, crlf):
    meta: dict = {"name": name, "description": description}
    if tool_list is not None:
        meta["tools"] = tool_list if as_list else ", ".join(tool_list)
    if model is not None:
        meta["model"] = model
    text = "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n\nBody.\n"
    if crlf:
        text = text.replace("\n", "\r\n")
    agent = read_agent_bytes(text.encode("utf-8"), Path(f"{name}.md"), f"{name}.md")
    judged(agent)
    assert isinstance(agent, Agent)
    assert agent.name == name
    assert agent.description == description
    assert agent.tools == tool_list
    assert agent.model == model
    assert agent.body == "Body.\n"
    rules = {d.rule for d in agent.diagnostics}
    assert rules <= {"crlf"}, agent.diagnostics
