"""`playbook check-message` as the user sees it: exact lines, JSON shape, exit codes."""
from __future__ import annotations

import json
import pathlib

DRAFT = "Hello Sam,\n\nPlease c\u0430lm down, it is not\u200b our fault.\nWe understand that uploads fail.\n{eta}\nYou will hear from me again by {next_update_time}.\n"


def test_text_output_names_file_line_column_rule_and_what_to_write(project: pathlib.Path, run_cli) -> None:
    (project / "draft.txt").write_text(DRAFT, encoding="utf-8")
    result = run_cli("check-message", "draft.txt", "--template", "acknowledgement")
    assert result.output == (
        "draft.txt:3:8: banned-phrase: c\u0430lm down: say instead: I understand this is stopping your team from "
        "onboarding new customers.\n"
        "draft.txt:3:25: banned-phrase: not<U+200B> our fault: say instead: Here is what we know so far, and here is "
        "what we are still confirming.\n"
        "draft.txt:5:1: unknown-placeholder: {eta}: the template 'acknowledgement' has no placeholder {eta}; write the "
        "text it stands for (its placeholders are {customer_name}, {ticket_id}, {impact}, {owner_name}, "
        "{next_update_time})\n"
        "draft.txt:6:32: unfilled-placeholder: {next_update_time}: replace it with: Exact time of the next update, "
        "with time zone.\n"
        "4 finding(s)\n")
    assert result.exit_code == 1


def test_json_output_from_standard_input(project: pathlib.Path, run_cli) -> None:
    from click.testing import CliRunner

    from scripts.cli import cli

    result = CliRunner().invoke(cli, ["check-message", "-", "--template", "war-room-brief", "--format", "json"],
                                input="Impact: all forms\nPlease CALM DOWN.\n")
    assert json.loads(result.output) == {"findings": [
        {"rule": "banned-phrase", "line": 2, "column": 8, "text": "CALM DOWN",
         "suggestion": "say instead: I understand this is stopping your team from onboarding new customers."}]}
    assert result.exit_code == 1


def test_a_clean_draft_exits_0(project: pathlib.Path, run_cli) -> None:
    (project / "ok.txt").write_text("Hello Sam,\nWe understand that your forms fail.\n"
                                    "You will hear from me again by 15:00 UTC.\n", encoding="utf-8")
    result = run_cli("check-message", "ok.txt", "--template", "acknowledgement")
    assert (result.output, result.exit_code) == ("no findings: the draft follows the policy\n", 0)


def test_usage_errors_exit_2(project: pathlib.Path, run_cli) -> None:
    (project / "d.txt").write_text("hi", encoding="utf-8")
    (project / "bad.txt").write_bytes(b"caf\xe9")
    (project / "drafts").mkdir()
    (project / "huge.txt").write_bytes(b"a" * 1_000_001)
    cases = [
        (("check-message", "drafts"), "Error: drafts is a directory; give a draft file or - for standard input"),
        (("check-message", "/dev/null"), "Error: /dev/null is not a regular file; give a draft file or - for standard input"),
        (("check-message", "huge.txt"), "Error: huge.txt: 1,000,001 bytes is not a message draft (the limit is "
                                        "1,000,000 bytes); give the draft itself"),
        (("check-message", "d.txt", "--template", "periodic-updat"),
         "Error: unknown template 'periodic-updat'; use one of acknowledgement, periodic-update, resolution, "
         "status-page-notice, war-room-brief, executive-brief, daily-summary"),
        (("check-message", "d.txt", "--channel", "fax"), "Error: unknown channel 'fax'; use one of email, chat, status-page"),
        (("check-message", "missing.txt"), "Error: missing.txt: no such file; give a draft file or - for standard input"),
        (("check-message", "bad.txt"), "Error: bad.txt: not UTF-8 text (unexpected end of data at byte 3); "
                                       "save the draft as UTF-8"),
    ]
    for args, message in cases:
        result = run_cli(*args)
        assert result.exit_code == 2, result.output
        assert result.output.splitlines()[-1] == message
        assert "Traceback" not in result.output
