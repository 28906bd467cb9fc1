"""The one exception calibrate raises: every message already says where and what to do."""
from __future__ import annotations

USAGE = 2     # bad option, unreadable or wrong file, mapping that does not fit: no report
FINDINGS = 1  # the report could not be trusted as asked (playbook problems)


class CalibrateError(Exception):
    """Stops the run. `messages` are complete lines for people; `exit_code` is the CLI's contract."""

    def __init__(self, messages: list[str] | str, exit_code: int = USAGE):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        self.exit_code = exit_code
        super().__init__("\n".join(self.messages))
