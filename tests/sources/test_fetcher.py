"""The `Fetcher` Protocol: what sync asks of a source, met by the real HTTP client, and free of httpx."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

from reader.sources.client import ApiClient, ClientSettings
from reader.sources.fetcher import Fetcher

ROOT = Path(__file__).resolve().parents[2]


def test_the_api_client_is_a_fetcher_with_the_same_get() -> None:
    assert isinstance(ApiClient(ClientSettings()), Fetcher)
    assert inspect.signature(ApiClient.get) == inspect.signature(Fetcher.get)


def test_sync_is_typed_without_loading_httpx() -> None:
    code = "import sys, reader.services.sync; print('httpx' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "False"
