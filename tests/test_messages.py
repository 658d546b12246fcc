"""What a newcomer's mistake reads like: the message names the mistake and its fix.

Each row edits one line of a good record and gives the complete list of messages the check
prints for it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES, run_cli

GOOD = FIXTURES / "good"
MODEL = "models/opt-175b.yaml"
PAPER = "papers/kwon2023-pagedattention.yaml"


@pytest.mark.parametrize(
    ("path", "old", "new", "messages"),
    [
        # Strict types: what the JSON Schema rejects, the check rejects, saying how to fix it.
        (
            MODEL,
            "year: 2022",
            "year: '2022'",
            [
                "models/opt-175b.yaml:5:7: error: year: '2022' is quoted text; write 2022 without "
                "quotes"
            ],
        ),
        (
            MODEL,
            "open_weights: true",
            "open_weights: 'no'",
            [
                "models/opt-175b.yaml:10:15: error: open_weights: 'no' is quoted text; write false "
                "without quotes"
            ],
        ),
        (
            MODEL,
            "params_b: 175",
            'params_b: "175"',
            [
                'models/opt-175b.yaml:6:11: error: params_b: "175" is quoted text; write 175 '
                "without quotes"
            ],
        ),
        (
            MODEL,
            "year: 2022",
            "year: 2022.5",
            ["models/opt-175b.yaml:5:7: error: year: 2022.5 should be a whole number"],
        ),
        # YAML reads some unquoted words and numbers as something else than text.
        (
            MODEL,
            "name: OPT-175B",
            "name: yes",
            [
                "models/opt-175b.yaml:3:7: error: name: yes is YAML's boolean true, not text; to "
                "write the word, quote it: 'yes'"
            ],
        ),
        (
            PAPER,
            'arxiv: "2309.06180"',
            "arxiv: 2309.06180",
            [
                "papers/kwon2023-pagedattention.yaml:10:8: error: arxiv: 2309.06180 is read by "
                "YAML as a number; quote ids and other text that looks like a number: '2309.06180'"
            ],
        ),
        (
            MODEL,
            "orgs: [Meta AI]",
            "orgs: [Meta AI, 2022]",
            [
                "models/opt-175b.yaml:11:17: error: orgs[1]: 2022 is read by YAML as a number; "
                "quote ids and other text that looks like a number: '2022'"
            ],
        ),
        # Syntax: the line and the words point at the mistake, not where YAML gave up.
        (
            MODEL,
            "name: OPT-175B",
            "name: 'OPT-175B",
            [
                "models/opt-175b.yaml:3:7: error: invalid YAML: this quoted text runs on to line "
                "4, where the next ' closes it; add the closing ' on this line (or remove the "
                "opening one)"
            ],
        ),
        (
            MODEL,
            "name: OPT-175B",
            'name: "OPT-175B',
            [
                "models/opt-175b.yaml:3:7: error: invalid YAML: this quoted text is never "
                'closed; add the closing " (or remove the opening one)'
            ],
        ),
        (
            MODEL,
            "orgs: [Meta AI]",
            "orgs:\n\t- Meta AI",
            [
                "models/opt-175b.yaml:12:1: error: invalid YAML: this line is indented with a "
                "tab; YAML indents with spaces only: replace the tab with spaces"
            ],
        ),
        (
            MODEL,
            "name: OPT-175B",
            "name: OPT: 175B",
            [
                "models/opt-175b.yaml:3:10: error: invalid YAML: mapping values are not allowed "
                "in this context (text that contains ': ' must be quoted)"
            ],
        ),
        (
            MODEL,
            "summary: Meta's",
            "summary: [OPT](../models/opt-175b.md) is Meta's",
            [
                "models/opt-175b.yaml:4:15: error: invalid YAML: while parsing a block mapping, "
                "did not find expected key (text that starts with '[' must be quoted: YAML reads "
                "it as a list)"
            ],
        ),
    ],
    ids=[
        "quoted-year",
        "quoted-bool",
        "quoted-float",
        "float-year",
        "yes-name",
        "numeric-arxiv",
        "numeric-list-item",
        "runaway-quote",
        "unclosed-quote",
        "tab-indent",
        "colon-in-text",
        "bracket-starts-text",
    ],
)
def test_a_mistake_gives_one_message_that_says_how_to_fix_it(
    tmp_path: Path, path: str, old: str, new: str, messages: list[str]
) -> None:
    root = tmp_path / "atlas"
    shutil.copytree(GOOD, root)
    text = (root / path).read_text("utf-8")
    assert old in text
    (root / path).write_text(text.replace(old, new), "utf-8")
    result = run_cli("--root", str(root), "check")
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines()[:-1] == messages
