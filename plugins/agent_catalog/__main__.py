"""`python -m agent_catalog ...` runs the `agent-catalog` command."""

import sys

from .cli import main

sys.exit(main())
