"""`paper-reader digest` through the real console script: each paper once, an e-mail the stdlib parses, and HTML
that a real HTML parser finds no injected tag in."""

from __future__ import annotations

import email
import email.policy
import json
from pathlib import Path

import html5lib
import pytest
from console import DAILY, MINIMAX, SEARCH

HOSTILE_ITEM = {
    "paper": {
        "id": "2606.99999",
        "title": "<script>alert(1)</script> & <img src=x onerror=alert(2)> [/] \x1b]0;pwned\x07",
        "summary": "abstract",
        "authors": [{"name": "Eve <b>Bold</b>"}, {"name": "Mallory\r\nBcc: victim@example.org"}],
        "publishedAt": "2026-06-12T00:00:00.000Z",
        "submittedOnDailyAt": "2026-06-12T00:00:00.000Z",
        "upvotes": 1,
    },
    "title": "<script>alert(1)</script> & <img src=x onerror=alert(2)> [/] \x1b]0;pwned\x07",
}


def test_each_paper_is_reported_once_and_nothing_new_prints_nothing(cli, home: Path) -> None:
    assert cli("import", DAILY).returncode == 0
    first = cli("digest", "minimax")
    assert first.returncode == 0, first.stderr
    assert (
        first.stdout.startswith("1 new paper: minimax\n") and "https://huggingface.co/papers/2606.13392" in first.stdout
    )
    again = cli("digest", "minimax")
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "")  # cron sends nothing
    assert cli("import", SEARCH).returncode == 0  # new papers arrive
    third = cli("digest", "kazakh")
    assert third.returncode == 0 and "new paper" in third.stdout
    assert cli("digest", "minimax", "OR", "kazakh").stdout.count("https://huggingface.co/papers/") >= 1  # a new name
    assert cli("digest", "kazakh").stdout == ""
    since = cli("digest", "--since", "2000-01-01", "--name", "backlog", "minimax")
    assert since.returncode == 0 and MINIMAX in since.stdout  # --since overrides the record


def test_the_email_is_a_complete_message_with_escaped_html(cli, home: Path, tmp_path: Path) -> None:
    feed = json.loads(DAILY.read_text(encoding="utf-8"))
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps([*feed[:3], HOSTILE_ITEM]), encoding="utf-8")
    assert cli("import", hostile).returncode == 0
    (home / "config.toml").write_text('[views]\nAgents = "date:2026-06-12 OR date:2026-06-11"\n', encoding="utf-8")
    done = cli("digest", "--view", "agents", "--format", "email", "--to", "Me <me@example.org>")
    assert done.returncode == 0, done.stderr
    message = email.message_from_string(done.stdout, policy=email.policy.default)
    assert message["To"] == "Me <me@example.org>" and "@" in message["From"]
    assert message["Date"].datetime is not None and message["Message-ID"].startswith("<")
    assert message["Subject"] == "4 new papers: Agents"
    assert message.get_content_type() == "multipart/alternative"
    assert "Bcc" not in message and message.get_all("To") == ["Me <me@example.org>"]
    text = message.get_body(("plain",)).get_content()
    page = message.get_body(("html",)).get_content()
    assert "<script>alert(1)</script>" in text  # plain text is shown as text...
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout
    tree = html5lib.parse(page, namespaceHTMLElements=False)
    tags = {element.tag for element in tree.iter()}
    assert tags <= {"html", "head", "meta", "title", "body", "h1", "ol", "li", "p", "strong", "a", "br"}, tags
    assert not any(name.startswith("on") for element in tree.iter() for name in element.attrib)
    assert all(a.attrib["href"].startswith("https://") for a in tree.iter("a"))
    strong = ["".join(element.itertext()) for element in tree.iter("strong")]
    assert "<script>alert(1)</script> & <img src=x onerror=alert(2)> [/]" in strong  # ...and in HTML as text


def test_html_and_markdown_digests(cli, home: Path) -> None:
    assert cli("import", DAILY).returncode == 0
    page = cli("digest", "--format", "html", "--name", "a", "minimax").stdout
    assert html5lib.parse(page, namespaceHTMLElements=False).find(".//h1").text == "1 new paper: a"
    assert cli("digest", "--format", "markdown", "--name", "b", "minimax").stdout.startswith("# 1 new paper: b\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf"], "paper-reader: unknown format 'pdf' (formats: text, markdown, html, email)"),
        (["--since", "yesterday"], "paper-reader: --since takes 'last' or a day like 2026-06-12, not 'yesterday'"),
        (["--format", "email", "--to", "me@example.org\nBcc: x@y"], "paper-reader: not a mail address: "),
        (["--view", "Nope"], "paper-reader: no view named 'Nope'"),
        (["date>"], "paper-reader: query error at column 1"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(cli, home: Path, args: list[str], message: str) -> None:
    assert cli("import", DAILY).returncode == 0
    done = cli("digest", *args)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines()[0].startswith(message)


def test_no_library_is_nothing_new(cli) -> None:
    done = cli("digest")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
