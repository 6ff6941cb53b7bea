"""The web review: ``foia-clean review OUT --web``, the proposals beside the page they are on.

A reviewer who sees only a line of text cannot decide about a third of the proposals; the scan
decides them. This package serves a local page with the page image and the word's box, the line
at reading size, the candidates with their scores, and the same keys as the terminal, over the
same store and queue as everything else (``pipeline.review.queue``). It also serves a JSON API
for scripts. Bound to 127.0.0.1 and guarded by a random token; Starlette and uvicorn, Jinja2
templates, and a few kB of plain JavaScript shipped in ``static/`` (no build step, no CDN).

* ``app``: the Starlette application (pages, API, files, the token guard);
* ``server``: the socket, the token, the URL line, uvicorn.
"""

from __future__ import annotations

from pipeline.review.web.app import make_app
from pipeline.review.web.server import WebServer, serve

__all__ = ["WebServer", "make_app", "serve"]
