"""Where papers come from: parsers of Hugging Face API JSON (pure) and the HTTP client (bytes only)."""

DEFAULT_API_URL = "https://huggingface.co"
API_URL_ENV = "PAPER_READER_API_URL"
"""Environment variable naming another API base URL (a mirror, a local server in tests)."""
RETRY_BACKOFF_ENV = "PAPER_READER_RETRY_BACKOFF"
"""Environment variable: seconds before the first retry (doubled each time); 0 retries at once (tests, scripts)."""
TOKEN_ENV = "HF_TOKEN"
"""Environment variable holding a Hugging Face token; sent only to huggingface.co."""
