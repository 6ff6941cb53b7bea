"""The web review's Starlette application: pages, the JSON API, the files of the output folder.

Everything a browser or a script can do goes through ``pipeline.review.queue.ReviewQueue``, so
the web records decisions exactly as the terminal does. The app trusts nobody but the person who
started it: every request must carry the access token printed with the URL (``?token=``, the
``X-Token`` header, or the cookie the first page sets), a ``Host`` of this machine (no DNS
rebinding) and, for a POST, a JSON body (a cross-site form cannot send one). Files are served
from the output folder only, resolved and checked to stay inside it; the page's own script and
style come from this package. Endpoints are ``async`` and do their work inline: one reviewer,
one request at a time, in the order they came.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    Response,
)
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from pipeline.core.enums import TranscriptionState
from pipeline.core.errors import FoiaCleanError
from pipeline.review.audit import AUDIT_HELP, Audit, Change, audit_note
from pipeline.review.crops import ScanCropper
from pipeline.review.decisions import Scope as DecisionScope
from pipeline.review.decisions import describe, learned_note
from pipeline.review.learning import forget, standing_at
from pipeline.review.linetext import has_suggestion, suggestion
from pipeline.review.outputs import NEXT_RUN_WRITES, REVIEW_WRITES, after_review, logs_stamp
from pipeline.review.queue import Item, ReviewQueue
from pipeline.review.rules import learned_rules, scope_notes
from pipeline.review.session import BUSY, HELP, LINE_HELP
from pipeline.review.transcribe import ocr_reading, withdraw_transcription

log = logging.getLogger(__name__)

COOKIE = "foia_clean_token"
#: The package's own files the page loads (name -> media type); nothing else is served from it.
STATIC = {"review.js": "text/javascript", "review.css": "text/css"}
#: How many of the next items the queue page lists under the current one.
UPCOMING = 12


class TokenGuard:
    """ASGI middleware: 403 unless the request carries ``token`` and names a local host."""

    def __init__(self, app: ASGIApp, token: str, hosts: set[str]) -> None:
        self.app = app
        self.token = token
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        given = (
            request.query_params.get("token")
            or request.headers.get("x-token")
            or request.cookies.get(cookie_name(request))
            or ""
        )
        host = request.headers.get("host", "").rsplit(":", 1)[0].strip("[]")
        if host not in self.hosts or not secrets.compare_digest(given, self.token):
            message = "this review needs its access token (the URL it printed)"
            if request.url.path.startswith("/api/"):
                refused: Response = _error(403, message)
            else:
                refused = PlainTextResponse(f"403: {message}\n", 403)
            await refused(scope, receive, send)
            return
        await self.app(scope, receive, send)


class WebReview:
    """The state behind the app: the queue, the page-image croppers, the last note."""

    def __init__(self, queue: ReviewQueue, token: str) -> None:
        self.queue = queue
        self.audit = Audit(queue)
        self.token = token
        self.note = ""
        self._croppers: dict[str, ScanCropper] = {}
        self.env = Environment(
            loader=PackageLoader("pipeline.review.web", "templates"),
            autoescape=select_autoescape(["html"]),
        )
        self.env.globals["token"] = token
        self.env.filters["q"] = lambda s: quote(str(s), safe="")

    def cropper(self, document: str) -> ScanCropper:
        if document not in self._croppers:
            self._croppers[document] = ScanCropper(self.queue.doc(document))
        return self._croppers[document]

    def images(self, item: Item | Change) -> dict[str, Any]:
        """The page image, the line strip and the word's box in percent of the page."""
        c = item.correction
        cropper = self.cropper(item.document)
        page, why = cropper.page_png(c.page)
        strip, _ = cropper.line_png(c)
        size = cropper.page_size(c.page) if page else None
        box = None
        if size and c.bbox is not None and cropper.boxes:
            w, h = size
            b = c.bbox
            box = {
                "left": 100 * b.left / w,
                "top": 100 * b.top / h,
                "width": 100 * b.width / w,
                "height": 100 * b.height / h,
            }
        return {
            "page": self.file_url(page) if page else None,
            "strip": self.file_url(strip) if strip else None,
            "box": box,
            "why_not": why,
        }

    def file_url(self, path: Path) -> str:
        rel = path.resolve().relative_to(self.queue.batch_dir.resolve())
        return "/files/" + "/".join(quote(p) for p in rel.parts)

    def render(self, request: Request, name: str, **context: Any) -> HTMLResponse:
        """A page; it sets the token cookie, so that the page's own requests carry it."""
        context.setdefault("applied_count", self.audit.counts()["unchecked"])
        context.setdefault(
            "pages_count",
            sum(p.state is not TranscriptionState.TRANSCRIBED for p in self.queue.pages()),
        )
        html = self.env.get_template(name).render(**context)
        response = HTMLResponse(html)
        response.set_cookie(cookie_name(request), self.token, httponly=True, samesite="strict")
        return response


def cookie_name(request: Request) -> str:
    """The token cookie's name: one per port, as browsers share cookies across ports."""
    return f"{COOKIE}_{request.url.port or 80}"


def summary(queue: ReviewQueue) -> str:
    """One line on what the review did, as the terminal says it when it ends: places decided
    here (undone ones not counted), skipped, and what is still pending in the queue."""
    queue.refresh()
    items = queue.items()
    skipped = sum(i.key in queue.skipped for i in items)
    docs = len({i.document for i in items})
    left = (
        f"{len(items)} still pending in {docs} document{'' if docs == 1 else 's'}"
        if items
        else "nothing left to review"
    )
    return f"{len(queue.history)} decided, {skipped} skipped; {left}. " + after_review(
        str(queue.store.root), recorded=logs_stamp(queue.store.root) != queue.stamp
    )


def make_app(
    queue: ReviewQueue,
    token: str,
    hosts: set[str] | None = None,
    on_quit: Callable[[], None] | None = None,
) -> ASGIApp:
    """The web review of ``queue`` guarded by ``token``; ``hosts`` the ``Host`` names accepted
    (default 127.0.0.1 and localhost). ``on_quit`` is called after the answer to
    ``POST /api/quit`` has been sent (the server stops there); without it quit only answers."""
    web = WebReview(queue, token)

    async def index(request: Request) -> Response:
        queue.refresh()
        items = queue.items()
        skipped = sum(i.key in queue.skipped for i in items)
        if not items:
            overview = queue.overview()
            return web.render(
                request,
                "done.html",
                note=_take_note(web),
                queue=queue,
                overview=overview,
                asked=any(set(n) - {"applied"} for n in overview.values()),
                review_writes=REVIEW_WRITES,
                next_run_writes=NEXT_RUN_WRITES,
            )
        item = items[0]
        groups = queue.groups()
        return web.render(
            request,
            "queue.html",
            item=item,
            data=item.to_dict(),
            images=web.images(item),
            upcoming=items[1 : 1 + UPCOMING],
            total=len(items),
            skipped=skipped,
            note=_take_note(web),
            help=HELP,
            line_help=LINE_HELP,
            # A line item's suggested text in pieces, the run's changes marked (or None).
            pieces=suggestion(item.correction) if has_suggestion(item.correction) else None,
            group_count=len(groups),
            # The groups this proposal is in: deciding one settles every place it previews.
            in_groups=[g for g in groups if item.key in {i.key for i in g.items}],
        )

    async def groups_page(request: Request) -> Response:
        queue.refresh()
        return web.render(request, "groups.html", groups=queue.groups(), note=_take_note(web))

    async def rules_page(request: Request) -> Response:
        queue.refresh()
        rules = learned_rules(queue.store, queue.batch_dir)
        return web.render(request, "rules.html", rules=rules, note=_take_note(web))

    async def applied_page(request: Request) -> Response:
        queue.refresh()
        audit = web.audit
        checked = request.query_params.get("checked") == "1"
        groups = audit.groups()
        group = groups[0] if groups else None
        return web.render(
            request,
            "applied.html",
            group=group,
            images=[web.images(i) for i in group.items] if group else [],
            upcoming=groups[1 : 1 + UPCOMING],
            left=len(groups),
            counts=audit.counts(),
            checked=[c for c in audit.changes(done=True) if c.state.value != "unchecked"]
            if checked
            else None,
            note=_take_note(web),
            help=AUDIT_HELP,
        )

    async def transcribe_page(request: Request) -> Response:
        queue.refresh()
        pages = queue.pages()
        document = request.query_params.get("document")
        try:
            number = int(request.query_params.get("page", ""))
            p = queue.page(str(document), number) if document else None
        except (KeyError, ValueError):
            p = None
        if p is None:  # the first page not yet typed (or the first page) when none is named
            p = next((o for o in pages if o.state is not TranscriptionState.TRANSCRIBED), None)
            p = p or (pages[0] if pages else None)
        if p is None:
            return PlainTextResponse("no page of this review needs manual transcription\n", 404)
        page_png, why = web.cropper(p.document).page_png(p.page.number)
        applied = p.state is TranscriptionState.TRANSCRIBED and p.decision is not None
        return web.render(
            request,
            "transcribe.html",
            p=p,
            pages=pages,
            others=sum(
                o.state is not TranscriptionState.TRANSCRIBED and o.key != p.key for o in pages
            ),
            images={"page": web.file_url(page_png) if page_png else None, "why_not": why},
            reading=ocr_reading(queue.doc(p.document).folder, p.page.number),
            current=p.decision.replacement if applied and p.decision else "",
            note=_take_note(web),
        )

    async def api_pages(request: Request) -> Response:
        queue.refresh()
        return JSONResponse({"pages": [p.to_dict() for p in queue.pages()]})

    async def api_transcribe(request: Request) -> Response:
        body = await _json(request, "document", "page", "text")
        if isinstance(body, Response):
            return body
        page = str(body["page"]).strip().removeprefix("page-")
        if not page.isdigit():
            return _error(400, f"page must be a page number (1, 2, …), not {body['page']!r}")
        try:
            d, busy = queue.transcribe(str(body["document"]), int(page), str(body["text"]))
        except KeyError as exc:
            return _error(404, str(exc.args[0] if exc.args else exc))
        except (ValueError, TypeError) as exc:
            return _error(400, str(exc))
        web.note = f"{describe(d)}: {body['document']}'s clean.txt carries it"
        if busy:
            web.note += f". {BUSY}"
        return JSONResponse(
            {"decision": d.to_dict(), "said": web.note, "deferred_to_next_run": busy}
        )

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in STATIC:
            return PlainTextResponse("not found\n", 404)
        data = resources.files("pipeline.review.web").joinpath("static", name).read_bytes()
        return Response(data, media_type=STATIC[name])

    async def files(request: Request) -> Response:
        root = queue.batch_dir.resolve()
        try:
            path = (root / request.path_params["path"]).resolve()
        except (OSError, ValueError):
            return PlainTextResponse("not found\n", 404)
        if not path.is_relative_to(root) or not path.is_file():
            return PlainTextResponse("not found\n", 404)
        return FileResponse(path)

    async def api_proposals(request: Request) -> Response:
        queue.refresh()
        doc = request.query_params.get("document")
        items = [i for i in queue.items() if doc is None or i.document == doc]
        return JSONResponse({"proposals": [i.to_dict() for i in items]})

    async def api_groups(request: Request) -> Response:
        queue.refresh()
        return JSONResponse({"groups": [g.to_dict() for g in queue.groups()]})

    async def api_rules(request: Request) -> Response:
        rules = learned_rules(queue.store, queue.batch_dir)
        return JSONResponse({"rules": [r.to_dict() for r in rules]})

    async def api_decide(request: Request) -> Response:
        body = await _json(request, "id", "decision")
        if isinstance(body, Response):
            return body
        try:
            scope = DecisionScope(body.get("scope", "this"))
            text = body.get("text")
            d, busy = queue.decide(
                str(body["id"]), str(body["decision"]), scope, None if text is None else str(text)
            )
        except KeyError as exc:
            return _error(404, f"{exc.args[0] if exc.args else exc}")
        except (ValueError, TypeError) as exc:
            return _error(400, str(exc))
        web.note = describe(d) + (f"; {learned_note(d)}" if d.learned else "")
        # What it superseded in the other log, or the batch-wide decision it is an exception to.
        web.note += "".join(f". {n.rstrip('.')}" for n in scope_notes(d, queue.store))
        if busy:
            web.note += f". {BUSY}"
        return JSONResponse(
            {"decision": d.to_dict(), "said": web.note, "deferred_to_next_run": busy}
        )

    async def api_skip(request: Request) -> Response:
        body = await _json(request, "id")
        if isinstance(body, Response):
            return body
        try:
            item = queue.skip(str(body["id"]))
        except KeyError as exc:
            return _error(404, str(exc.args[0] if exc.args else exc))
        web.note = f"Skipped {item.correction.original}: still pending."
        return JSONResponse({"skipped": item.key, "said": web.note})

    async def api_undo(request: Request) -> Response:
        body = await _json(request)
        if isinstance(body, Response):
            return body
        target = queue.undo()
        web.note = "Nothing to undo." if target is None else f"↶ Undone: {describe(target)}"
        if target is not None and (back := standing_at(queue.store, target)) is not None:
            web.note += f"; {describe(back)} stands again"  # the decision it had superseded
        return JSONResponse(
            {"undone": None if target is None else target.to_dict(), "said": web.note}
        )

    async def api_group(request: Request) -> Response:
        body = await _json(request, "group", "decision")
        if isinstance(body, Response):
            return body
        left_out = body.get("except") or []
        if not isinstance(left_out, list):
            return _error(400, "'except' is a list of proposal ids")
        try:
            made = queue.decide_group(
                str(body["group"]), str(body["decision"]), [str(k) for k in left_out]
            )
        except KeyError as exc:
            return _error(404, str(exc.args[0] if exc.args else exc))
        except ValueError as exc:
            return _error(400, str(exc))
        verb = "Accepted" if body["decision"] == "accept" else "Kept"
        web.note = f"{verb} {len(made)} places of {body['group'].split(':', 1)[1]}"
        if left_out:
            web.note += f"; {len(left_out)} left out, still pending"
        return JSONResponse({"decisions": [d.to_dict() for d in made], "said": web.note})

    async def api_forget(request: Request) -> Response:
        body = await _json(request, "decision")
        if isinstance(body, Response):
            return body
        typed = withdraw_transcription(queue.store, str(body["decision"]))
        if typed is not None:  # a page typed by hand: undone, the placeholder is back
            queue.refresh()
            web.note = f"↶ Undone: {describe(typed)}"
            busy = queue.rewrite(typed.document)
            if busy:
                web.note += f". {BUSY}"
            return JSONResponse({"forgot": typed.to_dict(), "also": [], "said": web.note})
        try:
            d, *also = forget(queue.store, str(body["decision"]))
        except (KeyError, ValueError) as exc:
            return _error(404, str(exc.args[0] if exc.args else exc))
        queue.refresh()
        web.note = f"Forgot what '{describe(d)}' taught"
        if also:
            web.note += f" (and {len(also)} other decisions that taught the same)"
        return JSONResponse(
            {"forgot": d.to_dict(), "also": [a.to_dict() for a in also], "said": web.note}
        )

    async def api_applied(request: Request) -> Response:
        queue.refresh()
        doc = request.query_params.get("document")
        done = request.query_params.get("checked") == "1"
        changes = [c for c in web.audit.changes(done=done) if doc is None or c.document == doc]
        return JSONResponse(
            {"changes": [c.to_dict() for c in changes], "counts": web.audit.counts()}
        )

    async def api_applied_groups(request: Request) -> Response:
        queue.refresh()
        return JSONResponse({"groups": [g.to_dict() for g in web.audit.groups()]})

    async def api_audit(request: Request) -> Response:
        body = await _json(request, "id", "decision")
        if isinstance(body, Response):
            return body
        left_out = body.get("except") or []
        if not isinstance(left_out, list):
            return _error(400, "'except' is a list of change ids")
        text = body.get("text")
        try:
            made = web.audit.decide(
                str(body["id"]),
                str(body["decision"]),
                [str(k) for k in left_out],
                None if text is None else str(text),
            )
        except KeyError as exc:
            return _error(404, str(exc.args[0] if exc.args else exc))
        except (ValueError, TypeError) as exc:
            return _error(400, str(exc))
        web.note = audit_note(made)
        if left_out:
            web.note += f"; {len(left_out)} left out, still unchecked"
        return JSONResponse({"decisions": [d.to_dict() for d in made], "said": web.note})

    async def api_audit_skip(request: Request) -> Response:
        body = await _json(request, "id")
        if isinstance(body, Response):
            return body
        try:
            group = web.audit.skip(str(body["id"]))
        except KeyError as exc:
            return _error(404, str(exc.args[0] if exc.args else exc))
        web.note = f"Skipped {group.title}: still unchecked."
        return JSONResponse({"skipped": group.key, "said": web.note})

    async def api_quit(request: Request) -> Response:
        body = await _json(request)
        if isinstance(body, Response):
            return body
        said = summary(queue)
        log.info("review ended from the page: %s", said)
        stop = BackgroundTask(on_quit) if on_quit is not None else None
        return JSONResponse({"said": said, "stopping": on_quit is not None}, background=stop)

    routes = [
        Route("/", index),
        Route("/groups", groups_page),
        Route("/rules", rules_page),
        Route("/applied", applied_page),
        Route("/transcribe", transcribe_page),
        Route("/api/pages", api_pages),
        Route("/api/transcribe", api_transcribe, methods=["POST"]),
        Route("/static/{name}", static),
        Route("/files/{path:path}", files),
        Route("/api/proposals", api_proposals),
        Route("/api/groups", api_groups),
        Route("/api/rules", api_rules),
        Route("/api/applied", api_applied),
        Route("/api/applied/groups", api_applied_groups),
        Route("/api/audit", api_audit, methods=["POST"]),
        Route("/api/audit/skip", api_audit_skip, methods=["POST"]),
        Route("/api/decide", api_decide, methods=["POST"]),
        Route("/api/skip", api_skip, methods=["POST"]),
        Route("/api/undo", api_undo, methods=["POST"]),
        Route("/api/group", api_group, methods=["POST"]),
        Route("/api/forget", api_forget, methods=["POST"]),
        Route("/api/quit", api_quit, methods=["POST"]),
    ]
    app = Starlette(routes=routes, exception_handlers={FoiaCleanError: _foia_error})
    return TokenGuard(app, token, hosts or {"127.0.0.1", "localhost"})


def _take_note(web: WebReview) -> str:
    note, web.note = web.note, ""
    return note


async def _json(request: Request, *fields: str) -> dict[str, Any] | Response:
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return _error(415, "send a JSON body (Content-Type: application/json)")
    try:
        body = json.loads(await request.body())
    except ValueError:
        return _error(400, "the body is not JSON")
    if not isinstance(body, dict):
        return _error(400, "the body must be a JSON object")
    missing = [f for f in fields if f not in body]
    if missing:
        return _error(400, f"the body needs {', '.join(repr(f) for f in missing)}")
    return body


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def _foia_error(request: Request, exc: Exception) -> Response:
    # A held reviews lock, a malformed lexicon: said to the page, never a traceback.
    return _error(409, str(exc))
