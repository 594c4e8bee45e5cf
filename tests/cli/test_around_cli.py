"""Issue 15's commands, the real console script in a subprocess against a real server on 127.0.0.1:
add, search, fetch --full-text / --linked, sync --linked, import of a copied page, list --sort rising."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, load_fixture
from console import DAILY, one_line
from hf_server import FakeHub

from reader.core.paper import unresolved_id
from reader.storage.library import Library

MINIMAX = "2606.13392"
PAGE_A = FIXTURES / "hf_papers_page_daily.txt"
PAGE_B = FIXTURES / "hf_papers_page_search.txt"
HOSTILE = "# [bold]T[/bold]\n\n\x1b[2J\x1b]52;c;ZXZpbA==\x07[@click=app.quit]quit[/] <b>scriptword</b>\n"


@pytest.fixture
def served(hub: FakeHub) -> FakeHub:
    hub.papers[MINIMAX] = load_fixture("hf_paper_2606.13392.json")
    hub.repos[MINIMAX] = load_fixture("hf_arxiv_repos_2606.13392.json")
    hub.full_texts[MINIMAX] = (FIXTURES / "hf_full_text_2606.13392.md").read_text(encoding="utf-8")
    hub.search_items = load_fixture("hf_search_kazakh.json")
    return hub


def starred(home: Path, *paper_ids: str) -> None:
    with Library.open(home / "library.db") as lib:
        for paper_id in paper_ids:
            lib.star(paper_id)


def plain(text: str) -> bool:
    return not any(ch in text for ch in "\x1b\x07\x9b\u202e")


def test_add_by_id_and_url_with_a_quiet_line_for_a_404(cli, served: FakeHub, home: Path) -> None:
    done = cli("add", "https://huggingface.co/papers/2606.13392", "2699.00001", "--api-url", served.url)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"{MINIMAX}  added  MiniMax Sparse Attention",
        "Added 1 paper, updated 0; 1 failed.",
    ]
    assert one_line(done.stderr) == "paper-reader: 2699.00001: 2699.00001 is not on Hugging Face (HTTP 404)"
    again = cli("add", "https://arxiv.org/abs/2606.13392v2", extra_env={"PAPER_READER_API_URL": served.url})
    assert again.returncode == 0 and again.stderr == ""
    assert again.stdout.splitlines()[-1] == "Added 0 papers, updated 0."


def test_add_offline_and_nonsense_are_one_line_each(cli, home: Path) -> None:
    done = cli("add", "not-a-paper\x1b[2J", "2606.13392")
    assert done.returncode == 1 and plain(done.stderr)
    lines = done.stderr.splitlines()
    assert lines[0] == "paper-reader: not-a-paper: not an arXiv id or an arxiv.org or huggingface.co/papers URL"
    assert lines[1].startswith("paper-reader: 2606.13392: cannot connect to 127.0.0.1:9") and len(lines) == 2


def test_search_prints_results_and_add_stores_them(cli, served: FakeHub, home: Path) -> None:
    done = cli("search", "kazakh", "dataset", "--api-url", served.url)
    assert done.returncode == 0, done.stderr
    lines = [line.split("\t") for line in done.stdout.splitlines()]
    assert lines[0] == ["2404.04487", "2024-04-06", "1", "", "KazQAD: Kazakh Open-Domain Question Answering Dataset"]
    assert not (home / "library.db").exists() or Library.open(home / "library.db").count() == 0
    stored = cli("search", "kazakh", "dataset", "--add", "--api-url", served.url)
    assert stored.returncode == 0
    assert stored.stderr == f"Stored {len(lines)} papers: {len(lines)} added.\n"
    marked = cli("search", "kazakh", "dataset", "--api-url", served.url)
    assert all(line.split("\t")[3] == "*" for line in marked.stdout.splitlines())
    nothing = cli("search", "zebra", "--api-url", served.url)
    assert nothing.returncode == 1 and nothing.stdout == "" and nothing.stderr == ""


def test_search_offline_is_one_line(cli, home: Path) -> None:
    done = cli("search", "kazakh")
    assert done.returncode == 1
    assert one_line(done.stderr).startswith("paper-reader: search failed: offline: cannot connect to 127.0.0.1:9")


def test_fetch_full_text_of_starred_papers(cli, served: FakeHub, home: Path) -> None:
    assert cli("import", DAILY).returncode == 0
    starred(home, MINIMAX, "2606.00467")
    done = cli("fetch", "--full-text", "--interval", "0", "--api-url", served.url)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Fetched 1 full text of 2 papers (1 not on Hugging Face).\n"
    assert one_line(done.stderr) == "paper-reader: 2606.00467: Hugging Face has no full text of this paper (HTTP 404)"
    listed = cli("list", "text:exp-free")
    assert listed.returncode == 0 and listed.stdout.split("\t")[0] == MINIMAX
    assert cli("list", "has:text").stdout.count("\n") == 1
    again = cli("fetch", "--full-text", "--interval", "0", "--api-url", served.url)
    assert again.stdout == "Fetched 0 full texts of 2 papers (2 stored already).\n" and again.stderr == ""
    assert len(served.requests_to(f"/papers/{MINIMAX}.md")) == 1


def test_fetch_full_text_of_a_query_keeps_markup_literal(cli, served: FakeHub, home: Path) -> None:
    assert cli("import", DAILY).returncode == 0
    served.full_texts[MINIMAX] = HOSTILE
    done = cli("fetch", "--full-text", "--interval", "0", "--api-url", served.url, "title:minimax")
    assert done.returncode == 0, done.stderr
    with Library.open(home / "library.db") as lib:
        text = lib.full_text(MINIMAX)
    assert text == "# [bold]T[/bold]\n\n[@click=app.quit]quit[/] <b>scriptword</b>\n"
    listed = cli("list", "text:scriptword")
    assert listed.stdout.startswith(MINIMAX) and plain(listed.stdout)


def test_fetch_needs_what_to_fetch_and_a_good_query(cli, home: Path) -> None:
    assert cli("fetch").returncode == 2
    bad = cli("fetch", "--full-text", "upvotes>=")
    assert bad.returncode == 2 and one_line(bad.stderr).startswith("paper-reader: query error at column 1")


def test_sync_linked_fetches_the_linked_repositories_of_starred_papers(cli, served: FakeHub, home: Path) -> None:
    served.lists["date=2026-06-12"] = load_fixture("hf_daily_2026-06-12.json")
    assert cli("import", DAILY).returncode == 0
    starred(home, MINIMAX)
    done = cli("sync", "--date", "2026-06-12", "--linked", "--api-url", served.url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "Linked repositories: 1 starred paper fetched."
    assert cli("list", "has:model").stdout.split("\t")[0] == MINIMAX
    again = cli("sync", "--date", "2026-06-12", "--linked", "--api-url", served.url)
    assert again.stdout.splitlines()[-1] == "Linked repositories: 0 starred papers fetched (1 fetched today already)."
    assert len(served.requests_to(f"/api/papers/{MINIMAX}")) == 1


def test_fetch_linked_of_a_query(cli, served: FakeHub, home: Path) -> None:
    assert cli("import", DAILY).returncode == 0
    done = cli("fetch", "--linked", "--api-url", served.url, "title:minimax")
    assert done.returncode == 0 and done.stdout == "Fetched 1 paper of 1 paper.\n"


def test_import_a_copied_page_of_each_shape_and_resolve_it(cli, served: FakeHub, home: Path) -> None:
    done = cli("import", PAGE_A, PAGE_B)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Imported ")
    unresolved = cli("list", "is:unresolved")
    assert unresolved.returncode == 0
    local = unresolved_id("KazQAD: Kazakh Open-Domain Question Answering Dataset")
    assert local in unresolved.stdout
    assert cli("list", "kazqad").stdout.split("\t")[0] == local
    with Library.open(home / "library.db") as lib:
        lib.star(local)
    added = cli("add", MINIMAX, "--api-url", served.url)
    assert added.returncode == 0, added.stderr
    assert "2404.04487  found by title (was " + local + ", from a copied page)" in added.stdout
    listed = cli("list", "is:starred")
    assert listed.stdout.split("\t")[0] == "2404.04487"
    assert local not in cli("list").stdout


def test_a_text_file_that_is_no_known_page_is_one_line(cli, home: Path, tmp_path: Path) -> None:
    odd = tmp_path / "odd.txt"
    odd.write_text("Get trending papers in your email inbox!\n\nA title\n\nan abstract\n\nstray\n", encoding="utf-8")
    done = cli("import", odd, DAILY)
    assert done.returncode == 1 and done.stdout == ""
    assert one_line(done.stderr) == (
        f"paper-reader: {odd}: a copied papers page, but titles and abstracts do not pair up "
        "(an odd number of lines); nothing imported"
    )
    assert not (home / "library.db").exists() or Library.open(home / "library.db").count() == 0


def test_list_sort_rising_prints_the_gain(cli, home: Path) -> None:
    from reader.core.paper import Paper

    with Library.open(home / "library.db") as lib:
        for seen, ups in (("2026-06-01T00:00:00.000Z", (10, 5)), ("2026-06-06T00:00:00.000Z", (45, 6))):
            papers = [Paper(id=f"2606.0000{n}", title=f"P{n}", daily_date="2026-06-01", upvotes=u)
                      for n, u in enumerate(ups, start=1)]  # fmt: skip
            lib.store_list("date=2026-06-01", papers, seen_at=seen)
        lib.import_papers([Paper(id="2606.00009", title="Quiet", daily_date="2026-06-02", upvotes=99)])
    done = cli("list", "--sort", "rising")
    assert done.returncode == 0
    assert done.stdout.splitlines() == [
        "2606.00001\t2026-06-01\t45\t+35\tP1",
        "2606.00002\t2026-06-01\t6\t+1\tP2",
        "2606.00009\t2026-06-02\t99\t+0\tQuiet",
    ]


def test_hostile_search_results_print_as_plain_text(cli, served: FakeHub, home: Path) -> None:
    item = load_fixture("hf_search_kazakh.json")[0]
    item["paper"]["title"] = "\x1b[2J\x1b]52;c;ZXZpbA==\x07[@click=app.quit]Kazakh[/] \u202eevil"
    item["paper"]["id"] = "2404.04488"
    served.search_items = [item, {"paper": {"id": "../../etc/passwd", "title": "kazakh"}}, "kazakh"]
    done = cli("search", "kazakh", "--add", "--api-url", served.url)
    assert done.returncode == 0 and plain(done.stdout) and plain(done.stderr)
    assert done.stdout == "2404.04488\t2024-04-06\t1\t\t[@click=app.quit]Kazakh[/] evil\n"
    assert cli("list", "kazakh").stdout == "2404.04488\t2024-04-06\t1\t[@click=app.quit]Kazakh[/] evil\n"
