"""Reading: one file's bytes to an agent (decoding, frontmatter, YAML fields, body safety,
examples, tool names), each step reporting its findings as values."""
