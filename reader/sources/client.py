"""HTTP to the Hugging Face API: moves bytes, with limits, retries and manners, and parses nothing.

At most `max_in_flight` requests at once; connection errors and 5xx are
retried with exponential backoff and jitter, except a name that does not
resolve or a refused connection (offline at once: waiting does not help); a 429 waits as long as the server
asks (bounded); bodies are capped in size and must be JSON. `HF_TOKEN` is sent
only to huggingface.co hosts over https, on every hop of a redirect too.
"""

from __future__ import annotations

import asyncio
import email.utils
import errno
import functools
import random
import re
import socket
import ssl
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from types import TracebackType
from urllib.parse import urlsplit

import httpx

from reader import __version__
from reader.core.text import clean_line
from reader.sources import API_URL_ENV, DEFAULT_API_URL, RETRY_BACKOFF_ENV, TOKEN_ENV
from reader.sources.fetcher import Answer, FetchError

UNREACHABLE_ERRNOS = frozenset({errno.ECONNREFUSED, errno.ENETUNREACH, errno.EHOSTUNREACH})
"""Connect failures that say no server is there to reach: not transient the way a reset or a timeout is."""

USER_AGENT = f"paper-reader/{__version__} (terminal reader for Hugging Face Daily Papers; python-httpx)"


@dataclass(frozen=True)
class ClientSettings:
    """How the client talks to the API; every limit is a setting so tests can make it quick."""

    api_url: str = DEFAULT_API_URL
    """Base URL of the API (a mirror, or a local server in tests)."""
    token: str | None = None
    """Hugging Face token, sent only to huggingface.co over https."""
    max_in_flight: int = 4
    """Requests open at once, whatever the number of lists."""
    connect_timeout: float = 10.0
    """Seconds to wait for a connection."""
    read_timeout: float = 30.0
    """Seconds to wait for the next bytes of an answer."""
    request_deadline: float = 120.0
    """Seconds one attempt may take in all, so a body that dribbles forever still ends."""
    attempts: int = 4
    """Tries per request on connection errors and 5xx."""
    backoff: float = 1.0
    """Seconds before the first retry; doubled each time, with jitter."""
    max_backoff: float = 20.0
    """Longest wait between two retries."""
    max_rate_limit_wait: float = 300.0
    """Longest time one request waits in all on 429 answers before giving up."""
    max_body_bytes: int = 32 * 1024 * 1024
    """Larger answers are refused (a Daily page of 100 items is about 300 KB)."""


Sleep = Callable[[float], Awaitable[None]]


def is_hf_host(url: str) -> bool:
    """Whether `url` is https on huggingface.co or one of its subdomains (the only place the token goes)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return parts.scheme == "https" and (host == "huggingface.co" or host.endswith(".huggingface.co"))


def settings_from_env(env: Mapping[str, str], api_url: str | None = None) -> ClientSettings:
    """The base URL (flag > PAPER_READER_API_URL > huggingface.co), the token, and the retry backoff if set."""
    url = (api_url or env.get(API_URL_ENV) or DEFAULT_API_URL).rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValueError(f"API URL must be http(s)://host[:port], not {url!r}")
    settings = ClientSettings(api_url=url, token=env.get(TOKEN_ENV) or None)
    backoff = env.get(RETRY_BACKOFF_ENV, "").strip()
    if not backoff:
        return settings
    try:
        seconds = float(backoff)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= settings.max_backoff:  # NaN and inf fail this too
        raise ValueError(
            f"{RETRY_BACKOFF_ENV} must be seconds from 0 to {settings.max_backoff:g}, not {clean_line(backoff)[:40]!r}"
        )
    return replace(settings, backoff=seconds)


def rate_limit_wait(headers: Mapping[str, str], now: datetime | None = None) -> float | None:
    """Seconds the server asks us to wait: `Retry-After` (seconds or a date), else `RateLimit: ...;t=N`."""
    retry_after = headers.get("retry-after", "").strip()
    if retry_after:
        if retry_after.isdigit():
            return float(retry_after)
        try:
            when = email.utils.parsedate_to_datetime(retry_after)
        except (TypeError, ValueError):
            when = None
        if when is not None:
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
    match = re.search(r"(?:^|;)\s*t\s*=\s*(\d+)", headers.get("ratelimit", ""))
    return float(match.group(1)) if match else None


def backoff_delay(retry: int, settings: ClientSettings) -> float:
    """Exponential backoff with jitter: about backoff * 2**(retry-1), between half and all of it."""
    base = min(settings.max_backoff, settings.backoff * 2 ** (retry - 1))
    return base * random.uniform(0.5, 1.0)


@functools.cache
def tls_context() -> ssl.SSLContext:
    """The one TLS context of the process (certifi's CAs, as httpx makes it): loading the CA file costs ~25 ms of
    CPU, which every refresh, search or full text of the reader would otherwise pay again."""
    return httpx.create_ssl_context(trust_env=False)


class ApiClient:
    """An async client for one sync: open it with `async with`, then `get` paths of the API.

    It is a `sources.fetcher.Fetcher`, what `services.sync` asks for."""

    def __init__(self, settings: ClientSettings, *, sleep: Sleep = asyncio.sleep) -> None:
        self.settings = settings
        self._sleep = sleep
        self._slots = asyncio.Semaphore(settings.max_in_flight)
        self._http: httpx.AsyncClient | None = None
        self.requests_sent = 0
        self.max_seen_in_flight = 0
        self._in_flight = 0
        self._unreachable: str | None = None
        """Why the server could not be reached, once it could not: later requests fail at once with it."""

    async def __aenter__(self) -> ApiClient:
        s = self.settings
        self._http = httpx.AsyncClient(
            base_url=s.api_url,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            timeout=httpx.Timeout(s.read_timeout, connect=s.connect_timeout),
            limits=httpx.Limits(max_connections=s.max_in_flight, max_keepalive_connections=s.max_in_flight),
            follow_redirects=True,
            max_redirects=5,
            event_hooks={"request": [self._authorize]},
            verify=tls_context(),
            trust_env=False,
        )
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._http is not None:
            await self._http.aclose()

    async def _authorize(self, request: httpx.Request) -> None:
        """Runs before every hop, redirects included: the token goes to huggingface.co and nowhere else."""
        if self.settings.token and is_hf_host(str(request.url)):
            request.headers["Authorization"] = f"Bearer {self.settings.token}"
        else:
            request.headers.pop("Authorization", None)

    async def get(
        self, path: str, params: Mapping[str, str | int], *, markdown: bool = False, missing_ok: bool = False
    ) -> Answer:
        """GET with retries; returns the first 2xx or 400 answer, or raises `FetchError`.

        `missing_ok`: a 404 is an answer too (a paper or full text Hugging Face does not have), not an error.
        `markdown`: the body must be text (a full text), not JSON; HTML is refused either way.
        """
        retries = 0
        waited_for_limit = 0.0
        while True:
            async with self._slots:
                if self._unreachable is not None:  # the lists queued behind the first failure ask no more
                    raise FetchError(self._unreachable, offline=True)
                self._in_flight += 1
                self.max_seen_in_flight = max(self.max_seen_in_flight, self._in_flight)
                try:
                    answer, problem, headers = await self._attempt(path, params, markdown, missing_ok)
                finally:
                    self._in_flight -= 1
            if answer is not None and answer.status == 429:
                wait = rate_limit_wait(headers)
                wait = backoff_delay(retries + 1, self.settings) if wait is None else max(wait, 0.05)
                if waited_for_limit + wait > self.settings.max_rate_limit_wait:
                    raise FetchError(
                        f"rate limited by {self._host()} (HTTP 429) for over "
                        f"{round(waited_for_limit + wait)} s; try again later or set HF_TOKEN"
                    )
                waited_for_limit += wait
                await self._sleep(wait)
                continue
            if answer is not None:
                return answer
            retries += 1
            if retries >= self.settings.attempts:
                offline = problem.startswith("cannot connect")
                raise FetchError(f"{problem} (after {self.settings.attempts} tries)", offline=offline)
            await self._sleep(backoff_delay(retries, self.settings))

    async def _attempt(
        self, path: str, params: Mapping[str, str | int], markdown: bool = False, missing_ok: bool = False
    ) -> tuple[Answer | None, str, Mapping[str, str]]:
        """One request: (answer, "", headers) for anything final or 429, (None, why, {}) for what is worth a retry."""
        assert self._http is not None, "use ApiClient inside `async with`"
        self.requests_sent += 1
        started = time.monotonic()
        try:
            async with asyncio.timeout(self.settings.request_deadline):
                accept = {"Accept": "text/markdown, text/plain;q=0.9"} if markdown else {}
                async with self._http.stream("GET", path, params=params, headers=accept) as response:
                    if response.status_code >= 500:
                        return None, f"HTTP {response.status_code} {response.reason_phrase}".strip(), {}
                    body = await self._read_capped(response)
                    url = str(response.url)
                    if 200 <= response.status_code < 300:
                        self._check_text(response) if markdown else self._check_json(response)
                    elif response.status_code == 404 and missing_ok:
                        pass
                    elif response.status_code not in {400, 429}:
                        raise FetchError(f"HTTP {response.status_code} {response.reason_phrase} from {url}".strip())
                    return Answer(response.status_code, body, url), "", response.headers
        except TimeoutError:
            return None, f"no complete answer within {round(time.monotonic() - started)} s", {}
        except httpx.TimeoutException:
            return None, f"timed out waiting for {self._host()}", {}
        except httpx.ConnectError as exc:
            unreachable = _unreachable_reason(exc)
            if unreachable:
                self._unreachable = f"cannot connect to {self._host()} ({unreachable})"
                raise FetchError(self._unreachable, offline=True) from None
            return None, f"cannot connect to {self._host()} ({_reason(exc)})", {}
        except httpx.TooManyRedirects:
            raise FetchError(f"too many redirects from {self._host()}") from None
        except httpx.TransportError as exc:  # reset, truncated body, protocol errors
            return None, f"connection to {self._host()} broke ({_reason(exc)})", {}

    async def _read_capped(self, response: httpx.Response) -> bytes:
        cap = self.settings.max_body_bytes
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > cap:
            raise FetchError(f"answer from {response.url} is {int(length):,} bytes, over the {cap:,}-byte limit")
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > cap:
                raise FetchError(f"answer from {response.url} is over the {cap:,}-byte limit")
            chunks.append(chunk)
        return b"".join(chunks)

    @staticmethod
    def _check_json(response: httpx.Response) -> None:
        kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind and kind != "application/json" and not kind.endswith("+json"):
            raise FetchError(f"expected JSON from {response.url}, got {kind[:60]}")

    @staticmethod
    def _check_text(response: httpx.Response) -> None:
        kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if (kind and not kind.startswith("text/")) or kind == "text/html":
            raise FetchError(f"expected Markdown from {response.url}, got {kind[:60]}")

    def _host(self) -> str:
        return urlsplit(self.settings.api_url).netloc or self.settings.api_url


def _reason(exc: Exception) -> str:
    """The innermost, shortest useful words of a transport error."""
    text = str(exc) or type(exc).__name__
    text = text.split("\n")[0]
    match = re.search(r"\[Errno -?\d+\] ([^'\]]+)", text)
    return (match.group(1) if match else text)[:120]


def _unreachable_reason(exc: BaseException) -> str | None:
    """Why no server can be reached, when the cause under the transport error is one (no name, refused, no route).

    anyio tries every address of a name and raises "All connection attempts failed" over the last one's error, so
    the chain of causes is walked down to the OS error.
    """
    seen: BaseException | None = exc
    for _ in range(10):  # a chain is a few links; a loop in it must not hang the sync
        if seen is None:
            return None
        if isinstance(seen, socket.gaierror):
            return (seen.strerror or "name not found")[:120]
        if isinstance(seen, OSError) and seen.errno in UNREACHABLE_ERRNOS:
            return "connection refused" if seen.errno == errno.ECONNREFUSED else (seen.strerror or "no route")[:120]
        seen = seen.__cause__ or seen.__context__
    return None
