"""Opening a link in a graphical browser, or saying why it can't be, without ever using a shell.

A terminal browser (lynx, w3m: what `webbrowser` falls back to over SSH) would
take over the reader's screen, so only a configured command or the desktop's
own opener is ever run; anywhere else the caller copies the URL instead.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from collections.abc import Mapping

from reader.core.paper import is_web_url

BROWSER_ENV = "PAPER_READER_BROWSER"


class OpenError(Exception):
    """The link was not opened; the message is one line for the user."""


def graphical_session(env: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Could a browser window appear in front of this user? No over SSH, nor on Linux without a display."""
    if any(env.get(name) for name in ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY")):
        return False
    if platform in ("darwin", "win32", "cygwin"):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def browser_command(configured: str, env: Mapping[str, str], platform: str = sys.platform) -> list[str] | None:
    """The argv (without the URL) that opens links here, or None when no window can appear."""
    command = env.get(BROWSER_ENV) or configured
    if command:
        try:
            argv = shlex.split(command)
        except ValueError as exc:
            raise OpenError(f"browser command {command!r} cannot be read: {exc}") from None
        return argv or None
    if not graphical_session(env, platform):
        return None
    if platform == "darwin":
        return ["open"]
    if platform in ("win32", "cygwin"):
        return ["explorer"]
    return ["xdg-open"] if shutil.which("xdg-open", path=env.get("PATH")) else None


def open_url(url: str, argv: list[str], *, wait: float = 3.0) -> None:
    """Run `argv + [url]` detached from the terminal; `OpenError` if it cannot run or fails at once."""
    if not is_web_url(url):
        raise OpenError("only http(s) links are opened")
    try:
        process = subprocess.Popen(
            [*argv, url],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as exc:
        raise OpenError(f"cannot run {argv[0]}: {exc.strerror or exc}") from None
    try:
        code = process.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        return  # still running: a browser that stays in the foreground of its own window
    if code != 0:
        raise OpenError(f"{argv[0]} failed (exit status {code})")
