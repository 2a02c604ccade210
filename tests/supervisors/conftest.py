"""The supervisors' door's tests share the staff fixtures (agents with logins, a supervisor, requests)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "agents"))  # agent_helpers, as tests/agents has it

from tests.agents.conftest import assigned, make_agent, make_request, offered, service, supervisor  # noqa: E402,F401
