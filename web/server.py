"""The personal web page's routes: sign in by link, the person's page, sign out.

Pages are rendered on the server (Jinja2, plain HTML and a small inline style: no script,
no CDN, no web font), so a cheap phone on plant Wi-Fi shows them at once. Endpoints are
plain functions: Starlette runs them in its thread pool, each with its own short unit of
work on the database. Every error becomes a friendly page (the traceback goes to the log).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.config import Config
from shared.db import Database
from shared.db.base import utcnow
from shared.db.models import Employee
from shared.domain.web_sign_in import (
    LINK_PATH,
    SignInRefused,
    WebSession,
    csrf_token,
    current_session,
    read_session_cookie,
    redeem_link,
    session_cookie,
    session_key,
    sign_in_trusted,
    sign_out,
)
from web.limits import SignInLimiter
from web.pages import CompanyCache, WallboardCache, personal_page
from web.texts import LANGUAGES, Texts

log = logging.getLogger(__name__)

COOKIE = "pulse_session"
TEMPLATES = Path(__file__).resolve().parent / "templates"
# No script, no frame, nothing from elsewhere; the link's token never leaves in a Referer.
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'none'; style-src 'unsafe-inline'; "
                                 b"img-src 'self' data:; form-action 'self'; "
                                 b"frame-ancestors 'none'; base-uri 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
]
REFUSAL_WORDS = {
    "unknown": "This link is not valid. Ask for a new one at a kiosk.",
    "expired": "This link has expired. Tap your badge at a kiosk for a new one.",
    "used": "This link has already been used. Each link signs in once; ask for a new one "
            "at a kiosk.",
    "inactive": "You can no longer sign in. Ask your administrator.",
    "header_unknown": "Your company account is not in Supplier Pulse's directory. Ask your "
                      "administrator.",
    "header_inactive": "You can no longer sign in. Ask your administrator.",
}


class SecurityHeaders:
    """Adds ``SECURITY_HEADERS`` to every response (pages, redirects, errors)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, with_headers)


class WebApp:
    """The routes over one configuration, database and clock."""

    def __init__(self, config: Config, db: Database, *,
                 clock: Callable[[], dt.datetime] = utcnow) -> None:
        self.config = config
        self.db = db
        self.clock = clock
        self.key = session_key(config.secret_bytes())
        self.secure = config.web.base_url.startswith("https://")
        self.company = CompanyCache(config)
        self.wallboard = WallboardCache(config)
        self.limiter = SignInLimiter(config.web.max_refused_per_minute)
        self.templates = Jinja2Templates(directory=str(TEMPLATES))  # .html autoescaped

    # --- helpers ---------------------------------------------------------------

    def language(self, request: Request) -> str:
        for part in request.headers.get("accept-language", "").split(","):
            code = part.split(";")[0].strip()[:2].lower()
            if code in LANGUAGES:
                return code
        return self.config.site.default_language

    def page(self, request: Request, name: str, language: str, status: int = 200,
             **context: Any) -> Response:
        return self.templates.TemplateResponse(
            request, name, {"t": Texts(language), "lang": language, **context},
            status_code=status)

    def signed_in(self, request: Request) -> tuple[WebSession, int] | None:
        """The cookie's session and employee while both are valid, else None."""
        value = request.cookies.get(COOKIE)
        if not value:
            return None
        now = self.clock()
        web_session = read_session_cookie(self.key, value, now)
        if web_session is None:
            return None
        with self.db.read() as s:
            employee_id = current_session(s, web_session.sign_in_id, now)
        if employee_id is None or employee_id != web_session.employee_id:
            return None
        return web_session, employee_id

    # --- routes ----------------------------------------------------------------

    def home(self, request: Request) -> Response:
        signed = self.signed_in(request)
        fresh: WebSession | None = None
        header = self.config.web.trusted_header
        if signed is None and header and request.headers.get(header):
            try:
                with self.db.write() as s:
                    fresh = sign_in_trusted(s, self.config, identity=request.headers[header],
                                            header=header, now=self.clock(),
                                            client=request.headers.get("user-agent", ""))
            except SignInRefused as refused:
                log.info("trusted header names no one who may sign in: %s", refused.code)
                return self.page(request, "refused.html", self.language(request), status=403,
                                 reason=REFUSAL_WORDS["header_" + refused.code])
            signed = fresh, fresh.employee_id
        if signed is None:
            response = self.page(request, "welcome.html", self.language(request))
            if request.cookies.get(COOKIE):  # expired or ended: say so once, drop it
                response = self.page(request, "welcome.html", self.language(request),
                                     ended=True)
                response.delete_cookie(COOKIE, path="/")
            return response
        web_session, employee_id = signed
        with self.db.read() as s:
            data = personal_page(s, self.config, employee_id, self.clock(), self.company)
        response = self.page(request, "personal.html", data.language, p=data,
                             csrf=csrf_token(self.key, web_session))
        if fresh is not None:  # signed in by the proxy's header just now
            self.set_session_cookie(response, fresh)
        return response

    def set_session_cookie(self, response: Response, web_session: WebSession) -> None:
        max_age = int((web_session.expires_at - self.clock()).total_seconds())
        response.set_cookie(COOKIE, session_cookie(self.key, web_session), max_age=max_age,
                            path="/", httponly=True, samesite="lax", secure=self.secure)

    def company_page(self, request: Request) -> Response:
        """The wallboard's figures for everyone signed in: rankings, most improved,
        departments, the month's problems (the same k rules as the monitor)."""
        signed = self.signed_in(request)
        if signed is None:
            return RedirectResponse("/", status_code=303)
        web_session, employee_id = signed
        with self.db.read() as s:
            language = s.scalar(select(Employee.language).where(Employee.id == employee_id))
            data = self.wallboard.get(s, self.clock())
        language = language if language in LANGUAGES else self.config.site.default_language
        return self.page(request, "company.html", language, w=data,
                         csrf=csrf_token(self.key, web_session))

    def link(self, request: Request) -> Response:
        """GET shows a button; only its POST uses the link (a messenger's link preview or a
        browser's prefetch must not spend it)."""
        return self.page(request, "sign_in.html", self.language(request),
                         action=request.url.path)

    def redeem(self, request: Request) -> Response:
        token = str(request.path_params["token"])
        client = request.headers.get("user-agent", "")
        address = request.client.host if request.client else "?"
        now = self.clock()
        if self.limiter.blocked(address, now):
            log.info("sign-in attempts from %s held back", address)
            return self.page(request, "refused.html", self.language(request), status=429,
                             reason="Too many attempts with links that do not work. Wait a "
                                    "minute and try again.")
        try:
            with self.db.write() as s:
                web_session = redeem_link(s, self.config, token=token, now=now,
                                          client=client)
        except SignInRefused as refused:
            log.info("sign-in link refused: %s", refused.code)
            self.limiter.refused(address, now)
            return self.page(request, "refused.html", self.language(request), status=400,
                             reason=REFUSAL_WORDS[refused.code])
        response = RedirectResponse("/", status_code=303)
        self.set_session_cookie(response, web_session)
        return response

    def sign_out(self, request: Request) -> Response:
        signed = self.signed_in(request)
        if signed is not None:
            web_session, employee_id = signed
            if request.query_params.get("csrf") != csrf_token(self.key, web_session):
                raise HTTPException(403)
            with self.db.write() as s:
                sign_out(s, sign_in_id=web_session.sign_in_id, employee_id=employee_id,
                         now=self.clock())
            with self.db.read() as s:
                language = s.scalar(select(Employee.language)
                                    .where(Employee.id == employee_id)) or self.language(request)
        else:
            language = self.language(request)
        response = self.page(request, "signed_out.html", language)
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax",
                               secure=self.secure)
        return response

    @staticmethod
    def health(request: Request) -> Response:
        return PlainTextResponse("ok")

    # --- errors ----------------------------------------------------------------

    def http_error(self, request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        if status == 404:
            return self.page(request, "error.html", self.language(request), status=404,
                             title="Page not found", message="There is no such page.")
        if status == 405 and request.url.path == "/sign-out":
            return RedirectResponse("/", status_code=303)
        if status == 403:  # a form without its session's token (CSRF), or an old one
            return self.page(request, "error.html", self.language(request), status=403,
                             title="Something went wrong",
                             message="The form has expired. Open the page again and repeat.")
        return self.page(request, "error.html", self.language(request), status=status,
                         title="Something went wrong",
                         message="The page could not be shown. Try again in a minute; if it "
                                 "happens again, tell the administrator.")

    def server_error(self, request: Request, exc: Exception) -> Response:
        log.error("page %s failed", request.url.path, exc_info=exc)
        try:
            return self.page(request, "error.html", self.language(request), status=500,
                             title="Something went wrong",
                             message="The page could not be shown. Try again in a minute; if "
                                     "it happens again, tell the administrator.")
        except Exception:  # even the error page failed: plain words, never a traceback
            log.exception("the error page failed too")
            return PlainTextResponse("Error / Ошибка", status_code=500)


def create_app(config: Config, db: Database, *,
               clock: Callable[[], dt.datetime] = utcnow) -> Starlette:
    """The ASGI application of ``pulse-web``."""
    web = WebApp(config, db, clock=clock)
    routes = [
        Route("/", web.home, methods=["GET"]),
        Route(LINK_PATH + "{token}", web.link, methods=["GET"]),
        Route(LINK_PATH + "{token}", web.redeem, methods=["POST"]),
        Route("/sign-out", web.sign_out, methods=["POST"]),
        Route("/company", web.company_page, methods=["GET"]),
        Route("/health", web.health, methods=["GET"]),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(SecurityHeaders)],
                    exception_handlers={HTTPException: web.http_error,
                                        Exception: web.server_error})
    app.state.web = web
    return app
