"""A real HTTP server on 127.0.0.1 that serves recorded Hugging Face responses, and misbehaves on request.

`FakeHub` answers `/api/daily_papers?date=|week=|month=&limit=&p=` from the
lists it is given (paging them like the real API); `/api/papers/{id}`,
`/api/arxiv/{id}/repos` and `/papers/{id}.md` from `papers`, `repos` and
`full_texts` (404 for anything else); `/api/papers/search?q=` from
`search_items` (the items whose title and abstract hold every word); and `script()` queues
misbehaviours for one list: 429s, 5xx, resets, truncated or HTML bodies,
hangs, bodies that never end, redirects (a `Reply` with a Location). Every
request is recorded with its headers, so tests can check what was sent
(User-Agent, token) and how many requests were open at once.
"""

from __future__ import annotations

import asyncio
import json
import socket
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


class Sleeps:
    """The client's clock in tests against the server: records every wait the client asks for, and waits only a
    moment (pass it as the client's `sleep`)."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        await asyncio.sleep(0)


@dataclass
class Reply:
    """Answer with this status, body and headers (the body may be anything, not just JSON)."""

    status: int = 200
    body: bytes | str | Any = b"[]"
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = "application/json; charset=utf-8"
    """None: no Content-Type header at all."""
    reason: str | None = None
    """The reason phrase after the status code (None: the standard one); sent as Latin-1, like any header."""


@dataclass
class Reset:
    """Close the connection with a TCP reset, without answering."""


@dataclass
class Truncate:
    """Send headers promising the whole body, then only part of it, then close."""

    keep: int = 100


@dataclass
class Hang:
    """Accept the request and answer nothing for this long (longer than the client's timeout), or until `until`
    is set: a test that acts while the request waits ends the wait itself, however slow the machine."""

    seconds: float = 5.0
    until: threading.Event | None = None


@dataclass
class Endless:
    """A 200 JSON answer with no Content-Length that never ends: items, `chunk` bytes at a time, until the client goes.

    With `pause` 0 it floods (only a size cap stops it); with a pause shorter than
    the client's read timeout it dribbles (only a deadline for the whole answer stops it).
    """

    chunk: int = 64 * 1024
    pause: float = 0.0
    seconds: float = 30.0
    """The server gives up after this long, whatever the client does (a bound on the test, not a behaviour)."""


@dataclass
class Pass:
    """Answer as the real list would (useful after a queue of misbehaviours)."""


@dataclass
class Seen:
    path: str
    params: dict[str, str]
    headers: dict[str, str]
    at: float


class FakeHub:
    """The server's state: lists by key ('date=2026-06-12'), scripted misbehaviour, and what it saw."""

    def __init__(self, delay: float = 0.0) -> None:
        self.lists: dict[str, list[Any]] = {}
        self.future: set[str] = set()
        self.scripts: dict[str, list[Any]] = {}
        self.seen: list[Seen] = []
        self.delay = delay
        self.in_flight = 0
        self.max_in_flight = 0
        self.hung_up = 0
        """Endless answers the client stopped reading (closed the connection)."""
        self.lock = threading.Lock()
        self.url = ""
        self.papers: dict[str, Any] = {}
        """Paper id -> the flat `GET /api/papers/{id}` object."""
        self.repos: dict[str, Any] = {}
        """Paper id -> the `GET /api/arxiv/{id}/repos` object."""
        self.full_texts: dict[str, str | bytes] = {}
        """Paper id -> the Markdown of `GET /papers/{id}.md`."""
        self.search_items: list[Any] = []
        """What `GET /api/papers/search` searches."""

    def script(self, list_key: str, *behaviours: Any) -> None:
        """Queue behaviours for the next requests of one list (by its key, any page) or one path (`/papers/ID.md`)."""
        self.scripts.setdefault(list_key, []).extend(behaviours)

    def requests_to(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == path]

    def requests_for(self, list_key: str) -> list[Seen]:
        kind, _, key = list_key.partition("=")
        return [s for s in self.seen if s.params.get(kind) == key]

    def answer(self, path: str, params: dict[str, str]) -> Any:
        with self.lock:
            queue = self.scripts.get(path)
            behaviour = queue.pop(0) if queue else Pass()
        if not isinstance(behaviour, Pass):
            return behaviour
        if path != "/api/daily_papers":
            return self._other(path, params)
        kind = next((k for k in ("date", "week", "month") if k in params), None)
        if kind is None:
            return Reply(400, {"error": "missing date"})
        list_key = f"{kind}={params[kind]}"
        with self.lock:
            queue = self.scripts.get(list_key)
            behaviour = queue.pop(0) if queue else Pass()
        if not isinstance(behaviour, Pass):
            return behaviour
        if list_key in self.future:
            return Reply(400, {"error": '"date" must be less than or equal to today'})
        items = self.lists.get(list_key, [])
        limit = int(params.get("limit", 50))
        page = int(params.get("p", 0))
        return Reply(200, items[page * limit : (page + 1) * limit])

    def _other(self, path: str, params: dict[str, str]) -> Any:
        """The papers, repos, full-text and search endpoints."""
        not_found = Reply(404, {"error": "Not Found"})
        if path == "/api/papers/search":
            words = params.get("q", "").casefold().split()
            found = [item for item in self.search_items if all(word in _searchable(item) for word in words)]
            return Reply(200, found[: int(params.get("limit", 50))])
        if path.startswith("/api/papers/"):
            paper = self.papers.get(path.removeprefix("/api/papers/"))
            return not_found if paper is None else Reply(200, paper)
        if path.startswith("/api/arxiv/") and path.endswith("/repos"):
            repos = self.repos.get(path.removeprefix("/api/arxiv/").removesuffix("/repos"))
            return not_found if repos is None else Reply(200, repos)
        if path.startswith("/papers/") and path.endswith(".md"):
            text = self.full_texts.get(path.removeprefix("/papers/").removesuffix(".md"))
            if text is None:
                return Reply(404, "Not Found", content_type="text/plain; charset=utf-8")
            return Reply(200, text, content_type="text/markdown; charset=utf-8")
        return not_found


def _searchable(item: Any) -> str:
    paper = item.get("paper", item) if isinstance(item, dict) else {}
    return " ".join(" ".join(str(paper.get(key, "")).split()) for key in ("title", "summary")).casefold()


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        hub = self.server.hub
        parts = urlsplit(self.path)
        params = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        with hub.lock:
            hub.seen.append(Seen(parts.path, params, dict(self.headers), time.monotonic()))
            hub.in_flight += 1
            hub.max_in_flight = max(hub.max_in_flight, hub.in_flight)
        try:
            if hub.delay:
                time.sleep(hub.delay)
            self._perform(hub.answer(parts.path, params))
        finally:
            with hub.lock:
                hub.in_flight -= 1

    def _perform(self, behaviour: Any) -> None:
        if isinstance(behaviour, Reset):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            return
        if isinstance(behaviour, Hang):
            if behaviour.until is not None:
                behaviour.until.wait(behaviour.seconds)
            else:
                time.sleep(behaviour.seconds)
            self.close_connection = True
            return
        if isinstance(behaviour, Endless):
            self._endless(behaviour)
            return
        if isinstance(behaviour, Truncate):
            body = json.dumps(self.server.hub.lists.get("date=2026-06-12", [])).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: behaviour.keep])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_WR)
            self.close_connection = True
            return
        body = behaviour.body
        if not isinstance(body, (bytes, str)):
            body = json.dumps(body)
        data = body.encode() if isinstance(body, str) else body
        self.send_response(behaviour.status, behaviour.reason)
        if behaviour.content_type is not None:
            self.send_header("Content-Type", behaviour.content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in behaviour.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _endless(self, behaviour: Endless) -> None:
        item = json.dumps(self.server.hub.lists.get("date=2026-06-12", [{"paper": {"id": "2401.00001"}}])[0]) + ","
        data = (item * (behaviour.chunk // len(item) + 1)).encode()[: behaviour.chunk]
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Connection", "close")  # no length, not chunked: the body ends when the connection does
        self.end_headers()
        self.close_connection = True
        stop = time.monotonic() + behaviour.seconds
        try:
            self.wfile.write(b"[")
            while time.monotonic() < stop:
                self.wfile.write(data)
                self.wfile.flush()
                if behaviour.pause:
                    time.sleep(behaviour.pause)
        except OSError:  # the client hung up: what a client that stops reading must do
            self.server.hub.hung_up += 1


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    hub: FakeHub


@contextmanager
def serve(hub: FakeHub, host: str = "127.0.0.1") -> Iterator[FakeHub]:
    """Run `hub` on a free port of `host` (a loopback address: 127.0.0.2 is another host) for the block."""
    server = _Server((host, 0), _Handler)
    server.hub = hub
    hub.url = f"http://{host}:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield hub
    finally:
        server.shutdown()
        server.server_close()


def daily_items(template: list[Any], day: str, count: int | None = None, *, id_prefix: str | None = None) -> list[Any]:
    """The recorded 2026-06-12 list re-dated to `day`, with ids made unique to that day (and `count` items)."""
    import copy

    items = []
    source = template if count is None else [template[n % len(template)] for n in range(count)]
    stamp = day.replace("-", "")
    prefix = id_prefix or f"{stamp[2:6]}"
    for n, item in enumerate(source):
        item = copy.deepcopy(item)
        item["paper"]["id"] = f"{prefix}.{int(stamp[6:]) * 1000 + n:05d}"
        item["paper"]["submittedOnDailyAt"] = f"{day}T08:00:00.000Z"
        items.append(item)
    return items
