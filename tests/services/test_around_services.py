"""Issue 15's services against a real HTTP server on 127.0.0.1: linked repositories, full texts, adding,
searching online and resolving papers from copied pages."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
from conftest import FIXTURES, load_fixture
from hf_server import FakeHub, Hang, Reply, Reset, daily_items

from reader.core.paper import unresolved_id
from reader.query import PaperFilter
from reader.services.around import fetch_full_text, fetch_full_texts, fetch_linked, fetch_linked_for
from reader.services.online import add_papers, resolve_unresolved, search_online, search_online_rows, store_online
from reader.services.sync import ListSpec, sync_lists
from reader.sources.client import ApiClient, ClientSettings
from reader.sources.hf_page import parse_papers_page
from reader.storage.library import Library

MINIMAX = "2606.13392"
FULL_TEXT = (FIXTURES / "hf_full_text_2606.13392.md").read_text(encoding="utf-8")
TODAY = date(2026, 6, 14)


def fast(hub: FakeHub, **overrides: Any) -> ClientSettings:
    values: dict[str, Any] = {"api_url": hub.url, "backoff": 0.01, "max_backoff": 0.05, "read_timeout": 2.0}
    values.update(overrides)
    return ClientSettings(**values)


@pytest.fixture
def served(hub: FakeHub) -> FakeHub:
    """The hub with the recorded paper object, its repos, its full text and the recorded search."""
    hub.papers[MINIMAX] = load_fixture("hf_paper_2606.13392.json")
    hub.repos[MINIMAX] = load_fixture("hf_arxiv_repos_2606.13392.json")
    hub.full_texts[MINIMAX] = FULL_TEXT
    hub.search_items = load_fixture("hf_search_kazakh.json")
    return hub


# --- linked repositories ----------------------------------------------------------------------


async def test_linked_repositories_are_fetched_once_a_day(library: Library, served: FakeHub) -> None:
    async with ApiClient(fast(served)) as client:
        first = await fetch_linked(library, client, MINIMAX)
        again = await fetch_linked(library, client, MINIMAX)
    assert first.problem is None and first.fetched and not again.fetched
    linked = first.linked
    assert linked is not None and linked == again.linked == library.linked(MINIMAX)
    assert [r.repo_id for r in linked.models][:2] == ["MiniMaxAI/MiniMax-M3", "unsloth/MiniMax-M3-GGUF"]
    assert len(linked.models) == 5 and linked.total("model") == 5 and linked.total("space") == 2
    assert len(served.requests_to(f"/api/papers/{MINIMAX}")) == 1
    assert len(served.requests_to(f"/api/arxiv/{MINIMAX}/repos")) == 1
    assert library.paper_by_id(MINIMAX).upvotes == 138  # the paper's own counters came along
    assert library.select(PaperFilter(text="has:model has:dataset has:space")) == [library.pk_of(MINIMAX)]


async def test_linked_failures_are_one_quiet_line(library: Library, served: FakeHub) -> None:
    async with ApiClient(fast(served, api_url="http://127.0.0.1:9", attempts=2)) as client:
        offline = await fetch_linked(library, client, MINIMAX)
    assert (offline.linked, offline.problem) == (None, "offline")
    async with ApiClient(fast(served)) as client:
        missing = await fetch_linked(library, client, "2606.99999")
        served.script(f"/api/papers/{MINIMAX}", Reply(200, b"<html>nope</html>", content_type="text/html"))
        html = await fetch_linked(library, client, MINIMAX)
        served.script(f"/api/papers/{MINIMAX}", Reply(200, [1, 2]))
        wrong = await fetch_linked(library, client, MINIMAX)
        served.script(f"/api/papers/{MINIMAX}", Reply(400, {"error": "bad id"}))
        refused = await fetch_linked(library, client, MINIMAX)
    assert missing.problem == "not on Hugging Face (HTTP 404)" and missing.missing
    assert html.problem is not None and "expected JSON" in html.problem and "\n" not in html.problem
    assert wrong.problem == "not a Hugging Face answer (expected a JSON object, found list)"
    assert refused.problem == "Hugging Face refused it (HTTP 400)"
    assert library.linked(MINIMAX) is None


async def test_stored_links_stay_when_the_network_fails(library: Library, served: FakeHub) -> None:
    async with ApiClient(fast(served)) as client:
        await fetch_linked(library, client, MINIMAX)
    served.script(f"/api/papers/{MINIMAX}", Reset(), Reset())
    async with ApiClient(fast(served, attempts=2)) as client:
        outcome = await fetch_linked(library, client, MINIMAX, force=True)
    assert outcome.linked == library.linked(MINIMAX) and outcome.linked is not None
    assert outcome.problem is not None and "broke" in outcome.problem


async def test_linked_of_many_papers_skips_fresh_ones(library: Library, served: FakeHub) -> None:
    async with ApiClient(fast(served)) as client:
        first = await fetch_linked_for(library, client, [MINIMAX, "2606.99999"])
        second = await fetch_linked_for(library, client, [MINIMAX, "2606.99999"])
    assert first.failed == [] and first.missing == {"2606.99999"} and first.already == 0
    assert second.already == 1 and [pid for pid, _ in second.done] == ["2606.99999"]


# --- full texts -------------------------------------------------------------------------------


async def test_a_full_text_is_fetched_once_and_stored(library: Library, served: FakeHub) -> None:
    async with ApiClient(fast(served)) as client:
        first = await fetch_full_text(library, client, MINIMAX)
        second = await fetch_full_text(library, client, MINIMAX)
    assert first.markdown == FULL_TEXT == second.markdown == library.full_text(MINIMAX)
    assert first.fetched and not second.fetched
    (seen,) = served.requests_to(f"/papers/{MINIMAX}.md")
    assert "text/markdown" in seen.headers.get("Accept", "")
    assert library.select(PaperFilter(text="text:exp-free")) == [library.pk_of(MINIMAX)]


async def test_a_missing_full_text_is_asked_for_once(library: Library, served: FakeHub) -> None:
    async with ApiClient(fast(served)) as client:
        first = await fetch_full_text(library, client, "2606.00001")
        second = await fetch_full_text(library, client, "2606.00001")
    assert first.missing and second.missing and first.markdown is None
    assert first.problem == "Hugging Face has no full text of this paper (HTTP 404)"
    assert len(served.requests_to("/papers/2606.00001.md")) == 1


HOSTILE = (
    "# [bold]Title[/bold]\n\n\x1b[2J\x1b]52;c;ZXZpbA==\x07[@click=app.quit]quit[/] <script>alert(1)</script>\n"
    "\u202eevil\u202c and \x9b31m C1\n"
)


async def test_a_hostile_full_text_is_stored_as_literal_text(library: Library, served: FakeHub) -> None:
    served.full_texts[MINIMAX] = HOSTILE.encode("utf-8") + b"\xff bad byte"
    async with ApiClient(fast(served)) as client:
        outcome = await fetch_full_text(library, client, MINIMAX)
    stored = library.full_text(MINIMAX)
    assert outcome.markdown == stored
    assert stored is not None
    assert "[bold]Title[/bold]" in stored and "[@click=app.quit]quit[/]" in stored and "<script>" in stored
    assert not any(ch in stored for ch in "\x1b\x07\u202e\u202c\x9b")
    assert "\ufffd bad byte" in stored


@pytest.mark.parametrize(
    ("behaviour", "problem"),
    [
        (Reply(200, b"<html></html>", content_type="text/html"), "expected Markdown"),
        (Reply(200, b"{}", content_type="application/json"), "expected Markdown"),
        (Reply(403, b"no", content_type="text/plain"), "HTTP 403"),
    ],
)
async def test_a_full_text_that_is_not_markdown_is_refused(
    library: Library, served: FakeHub, behaviour: Reply, problem: str
) -> None:
    served.script(f"/papers/{MINIMAX}.md", behaviour)
    async with ApiClient(fast(served)) as client:
        outcome = await fetch_full_text(library, client, MINIMAX)
    assert outcome.markdown is None and problem in (outcome.problem or "")
    assert library.full_text(MINIMAX) is None and not library.full_text_missing(MINIMAX)


async def test_fetching_ahead_goes_one_at_a_time_and_stops_when_offline(library: Library, served: FakeHub) -> None:
    others = ["2606.00467", "2606.12730"]
    served.full_texts.update({pid: f"# {pid}\n" for pid in others})
    seen: list[tuple[str, str | None, int, int]] = []
    async with ApiClient(fast(served)) as client:
        report = await fetch_full_texts(
            library, client, [MINIMAX, *others], interval=0, progress=lambda *a: seen.append(a)
        )
    assert report.failed == [] and [d for *_, d, _ in seen] == [1, 2, 3]
    assert served.max_in_flight == 1
    async with ApiClient(fast(served, api_url="http://127.0.0.1:9", attempts=1)) as client:
        offline = await fetch_full_texts(library, client, ["2606.13594", "2606.13174"], interval=0)
    assert offline.stopped == "offline" and len(offline.done) == 1


async def test_fetching_ahead_waits_between_full_texts(library: Library, served: FakeHub) -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    served.full_texts.update({"2606.00467": "# one\n", "2606.12730": "# two\n"})
    async with ApiClient(fast(served)) as client:
        report = await fetch_full_texts(
            library, client, [MINIMAX, "2606.00467", "2606.12730"], interval=3.0, sleep=sleep
        )
    assert waits == [3.0, 3.0] and report.failed == []


# --- papers from anywhere ---------------------------------------------------------------------


async def test_add_by_id_and_url(home: Any, served: FakeHub) -> None:
    kazqad = copy.deepcopy(load_fixture("hf_search_kazakh.json")[0]["paper"])
    served.papers["2404.04487"] = kazqad
    with Library.open(home / "library.db") as lib:
        async with ApiClient(fast(served)) as client:
            report = await add_papers(
                lib, client, ["https://arxiv.org/pdf/2606.13392v1", "huh", "2404.04487", "2699.00001"]
            )
        assert sorted(report.added) == ["2404.04487", MINIMAX]
        assert report.failed == [
            ("huh", "not an arXiv id or an arxiv.org or huggingface.co/papers URL"),
            ("2699.00001", "2699.00001 is not on Hugging Face (HTTP 404)"),
        ]
        assert lib.count() == 2


async def test_search_online_rows_say_which_are_stored(library: Library, served: FakeHub) -> None:
    async with ApiClient(fast(served)) as client:
        papers = await search_online(client, "kazakh dataset")
        rows = await search_online_rows(library, client, "kazakh dataset")
    assert [p.id for p in papers] == [row.paper.id for row in rows] and len(papers) >= 4
    assert not any(row.stored for row in rows)
    pk = store_online(library, rows[0].paper)
    assert library.pk_of(rows[0].paper.id) == pk
    (seen, *_) = served.requests_to("/api/papers/search")
    assert seen.params == {"q": "kazakh dataset", "limit": "20"}


async def test_resolving_finds_copied_papers_by_exact_title(library: Library, served: FakeHub) -> None:
    page = parse_papers_page((FIXTURES / "hf_papers_page_daily.txt").read_text(encoding="utf-8"), TODAY)
    library.import_papers(page)
    local = unresolved_id(page[0].title)
    library.star(local)
    async with ApiClient(fast(served)) as client:
        resolved = await resolve_unresolved(library, client)
    # Three are in the recorded search (one title wrapped there); the fourth is not on Hugging Face.
    assert sorted(new for _, new in resolved) == ["2107.10637", "2404.04487", "2503.01493"]
    assert library.state("2404.04487").starred
    assert [p.title for p in library.unresolved_papers()] == ["Sparse Retrieval Heads for [bold]Long[/bold] Contexts"]
    assert library.count() == 30 + 4


async def test_a_sync_resolves_copied_papers_after_its_lists(library: Library, served: FakeHub) -> None:
    page = parse_papers_page((FIXTURES / "hf_papers_page_daily.txt").read_text(encoding="utf-8"), TODAY)
    library.import_papers(page)
    served.lists["date=2026-06-12"] = daily_items(load_fixture("hf_daily_2026-06-12.json"), "2026-06-12", 3)
    async with ApiClient(fast(served)) as client:
        report = await sync_lists(library, [ListSpec("date", "2026-06-12")], client, today=TODAY)
    assert len(report.resolved) == 3 and len(library.unresolved_papers()) == 1


async def test_resolving_stops_quietly_when_the_search_hangs(library: Library, served: FakeHub) -> None:
    page = parse_papers_page((FIXTURES / "hf_papers_page_daily.txt").read_text(encoding="utf-8"), TODAY)
    library.import_papers(page)
    served.script("/api/papers/search", Hang(1.0))
    async with ApiClient(fast(served, read_timeout=0.2, attempts=1)) as client:
        assert await resolve_unresolved(library, client) == []
    assert len(library.unresolved_papers()) == 4


async def test_a_title_not_found_is_not_searched_for_at_every_sync(library: Library, served: FakeHub) -> None:
    page = parse_papers_page((FIXTURES / "hf_papers_page_daily.txt").read_text(encoding="utf-8"), TODAY)
    library.import_papers(page)
    async with ApiClient(fast(served)) as client:
        assert len(await resolve_unresolved(library, client)) == 3
        assert await resolve_unresolved(library, client) == []
    assert len(served.requests_to("/api/papers/search")) == 4  # the missing title was asked for once
