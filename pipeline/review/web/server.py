"""Serving the web review: a socket on 127.0.0.1, a fresh access token, uvicorn.

Kept apart from the app so that tests can run the app in a thread and the CLI can run it in the
foreground the same way: ``serve`` binds the socket first (so the URL printed is the one that
works, even with port 0, "any free port"), prints the URL with its token as the first line on
stdout, opens the browser if asked, and serves until Ctrl-C, ``stop``, or ``q`` in the page
(``POST /api/quit``, which calls ``stop`` once its answer is sent).
"""

from __future__ import annotations

import logging
import secrets
import socket
import sys
import threading
import webbrowser
from collections.abc import Callable
from typing import TextIO

import uvicorn

from pipeline.core.errors import UsageError
from pipeline.review.queue import ReviewQueue
from pipeline.review.web.app import make_app

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
#: Seconds a stopping server waits for requests still being answered before it closes them.
GRACE = 5


def new_token() -> str:
    """A random access token: 32 URL-safe characters (192 bits)."""
    return secrets.token_urlsafe(24)


def bind(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1:``port`` (0: any free port). Raises ``UsageError`` when
    the port is taken or not allowed."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind((HOST, port))
    except OSError as exc:
        sock.close()
        raise UsageError(f"cannot listen on {HOST}:{port}: {exc.strerror or exc}") from exc
    sock.listen(64)
    return sock


class WebServer:
    """The app of ``queue`` on its own socket; ``url`` carries the token."""

    def __init__(
        self, queue: ReviewQueue, port: int = 0, token: str | None = None, start: str = "/"
    ) -> None:
        self.token = token or new_token()
        self.sock = bind(port)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://{HOST}:{self.port}{start}?token={self.token}"
        config = uvicorn.Config(
            make_app(queue, self.token, on_quit=self.stop),
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=GRACE,
        )
        self.server = uvicorn.Server(config)

    def run(self) -> None:
        """Serve in this thread until ``stop`` (or Ctrl-C)."""
        try:
            self.server.run(sockets=[self.sock])
        finally:
            self.sock.close()

    def start(self) -> threading.Thread:
        """Serve in a daemon thread (tests); returns once the server accepts requests."""
        thread = threading.Thread(target=self.run, daemon=True, name="foia-clean-web")
        thread.start()
        while not self.server.started and thread.is_alive():
            thread.join(0.01)
        return thread

    def stop(self) -> None:
        """Ask the server to finish its requests and stop."""
        self.server.should_exit = True


def serve(
    queue: ReviewQueue,
    *,
    port: int = 0,
    open_browser: bool = True,
    stdout: TextIO | None = None,
    opener: Callable[[str], object] = webbrowser.open,
    start: str = "/",
) -> None:
    """Print the URL (first line of ``stdout``), open it unless ``open_browser`` is False, and
    serve the web review of ``queue`` until Ctrl-C or ``q`` in the page; returns then.
    ``start``: the page the URL opens (``/applied``: the audit of automatic changes). Raises
    ``UsageError`` for a port in use."""
    server = WebServer(queue, port, start=start)
    out = stdout or sys.stdout
    print(server.url, file=out, flush=True)
    if open_browser:
        opener(server.url)
    server.run()
