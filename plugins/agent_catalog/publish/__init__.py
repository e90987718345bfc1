"""Publishing: the files beside the pages (agents.json and CSV, llms.txt, raw files)."""
