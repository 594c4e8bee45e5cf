"""Where papers come from: parsers of Hugging Face API JSON (pure) and the HTTP client (bytes only)."""

import sys

DEFAULT_API_URL = "https://huggingface.co"
API_URL_ENV = "PAPER_READER_API_URL"
"""Environment variable naming another API base URL (a mirror, a local server in tests)."""
RETRY_BACKOFF_ENV = "PAPER_READER_RETRY_BACKOFF"
"""Environment variable: seconds before the first retry (doubled each time); 0 retries at once (tests, scripts)."""
TOKEN_ENV = "HF_TOKEN"
"""Environment variable holding a Hugging Face token; sent only to huggingface.co."""

sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
"""httpx imports its own command-line client (click, rich's console and progress, pygments) whenever click is
installed: 80 ms of CPU in every command that syncs, searches or fetches. The reader never runs it, and httpx has
a fallback `main` for an install without click, which it takes when this None makes `from ._main import` fail.
Set here, in the package every module of `sources` is imported through, before `client` imports httpx."""
