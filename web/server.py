"""The personal web page's routes: sign in by link, the person's page, sign out.

Pages are rendered on the server (Jinja2, plain HTML and a small inline style: no script,
no CDN, no web font), so a cheap phone on plant Wi-Fi shows them at once. Endpoints are
plain functions: Starlette runs them in its thread pool, each with its own short unit of
work on the database. Every error becomes a friendly page (the traceback goes to the log).
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from sqlalchemy import select
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
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
from shared.domain.disputes import (
    VERDICTS,
    DisputeRefusal,
    accept_dispute,
    give_verdict,
    open_dispute,
    reject_dispute,
)
from shared.domain.initiative_map import KeptRows
from shared.domain.proposals import ProposalRefused, decide_proposal
from shared.domain.ratings import check_rating_allowed, record_rating
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
from shared.ids import uuid7
from shared.names import name_cases
from shared.palette import score_hex
from web import actions
from web.limits import SignInLimiter
from web.pages import CompanyCache, WallboardCache, map_flows, personal_page, trend_chart
from web.texts import LANGUAGES, SCORE_WORDS, Texts

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


FORM_DAMAGED = "The form is damaged. Open the page again and repeat."
DISPUTE_NOT_YOURS = "There is no such dispute among yours."
MAX_FORM_BYTES = 64_000  # a dispute's description (2000 characters) fits many times over
Form = dict[str, list[str]]


def _path_id(request: Request, name: str, default: int | None = None) -> int:
    """An id from the address; one beyond the database's integers is no page (404), not a
    failed query."""
    if name not in request.path_params and default is not None:
        return default
    value = int(request.path_params[name])
    if value > actions.MAX_ID:
        raise HTTPException(404)
    return value


def _one(form: Form, name: str) -> str:
    values = form.get(name)
    return values[0] if values else ""


def _with_form(handler: Callable[[Request, Form], Response]
               ) -> Callable[[Request], Awaitable[Response]]:
    """A form's endpoint: the url-encoded body read here, the handler (database work) in
    the thread pool like the pages'. A body too large or not UTF-8 is refused (400)."""
    async def endpoint(request: Request) -> Response:
        body = await request.body()
        if len(body) > MAX_FORM_BYTES:
            raise HTTPException(413)
        try:
            form = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False,
                            max_num_fields=200)
        except (UnicodeDecodeError, ValueError):
            raise HTTPException(400) from None
        return await run_in_threadpool(handler, request, form)
    return endpoint


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
        self.segment_rows: KeptRows = {}  # the initiative map's row of each segment, kept
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
            request, name, {"t": Texts(language), "lang": language, "score_words": SCORE_WORDS,
                            "score_color": score_hex, **context},
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
            data = personal_page(s, self.config, employee_id, self.clock(), self.company,
                                 self.segment_rows)
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
        """The wallboard's figures for everyone signed in: the living initiative map,
        rankings, trend, most improved, departments, the month's problems (the same k rules
        as the monitor)."""
        signed = self.signed_in(request)
        if signed is None:
            return RedirectResponse("/", status_code=303)
        web_session, employee_id = signed
        with self.db.read() as s:
            language = s.scalar(select(Employee.language).where(Employee.id == employee_id))
            data = self.wallboard.get(s, self.clock())
        language = language if language in LANGUAGES else self.config.site.default_language
        return self.page(request, "company.html", language, w=data,
                         chart=trend_chart(data), flows=map_flows(data, language),
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

    # --- acting: rate, disputes, proposals (the kiosk's domain calls) ---------------

    def who(self, request: Request) -> tuple[WebSession, int, str] | None:
        """The signed-in session, employee and their language, else None."""
        signed = self.signed_in(request)
        if signed is None:
            return None
        with self.db.read() as s:
            language = s.scalar(select(Employee.language)
                                .where(Employee.id == signed[1]))
        return (signed[0], signed[1],
                language if language in LANGUAGES else self.config.site.default_language)

    def acting(self, request: Request, form: Form) -> tuple[int, str]:
        """The employee and language of a form's sender: signed in, with the session's CSRF
        token (else 403: the form has expired, nothing changes)."""
        who = self.who(request)
        if who is None or not hmac.compare_digest(  # bytes: any characters compare
                _one(form, "csrf").encode(), csrf_token(self.key, who[0]).encode()):
            raise HTTPException(403)
        return who[1], who[2]

    def outcome(self, request: Request, language: str, message: str, *, ok: bool,
                status: int = 200, params: dict[str, Any] | None = None,
                again: str | None = None, again_label: str = "",
                count: int | None = None) -> Response:
        """A page saying what happened: done, or refused and nothing changed (``count``:
        the message's ``{n}``, said in its plural form)."""
        return self.page(request, "outcome.html", language, status=status, ok=ok,
                         message=message, params=params or {}, again=again,
                         again_label=again_label, count=count)

    def refused(self, request: Request, language: str, words: dict[str, str], code: str | None,
                params: dict[str, Any], *, again: str | None = None) -> Response:
        log.info("web action refused: %s", code)
        message = words.get(code or "", "This cannot be done.")
        extra = actions.refusal_params(code or "", params, self.config)
        name = (params.get("supplier_name_en") if language == "en" else None) \
            or params.get("supplier_name")
        if name:
            extra.update(name_cases(name))
        return self.outcome(request, language, message, ok=False, status=400, params=extra,
                            again=again, again_label="Back")

    def rate_pick(self, request: Request) -> Response:
        """Whom to rate: the person's own suppliers, or a search (the kiosk's picker)."""
        who = self.who(request)
        if who is None:
            return RedirectResponse("/", status_code=303)
        query = request.query_params.get("q", "")
        with self.db.read() as s:
            people = actions.people_to_pick(s, who[1], query, who[2])
        return self.page(request, "pick.html", who[2], people=people, q=query,
                         target="/rate/{id}", title="Rate a supplier", action="/rate")

    def rate_form(self, request: Request) -> Response:
        """A supplier's card: the five scores; after a score, its reasons and a comment."""
        who = self.who(request)
        if who is None:
            return RedirectResponse("/", status_code=303)
        web_session, employee_id, language = who
        supplier_id = _path_id(request, "supplier_id")
        raw_score = request.query_params.get("score")
        score = actions.parse_id(raw_score) if raw_score is not None else None
        with self.db.read() as s:
            supplier = actions.person(s, supplier_id, language)
            if supplier is None:
                return self.outcome(request, language, "There is no such person in the "
                                    "directory.", ok=False, status=404, again="/rate",
                                    again_label="Back")
            check = check_rating_allowed(s, self.config, rater_id=employee_id,
                                         supplier_id=supplier_id, now=self.clock())
            if not check.ok:
                return self.refused(request, language, actions.RATING_REFUSALS, check.reason,
                                    check.params, again="/rate")
            if raw_score is not None and (score is None or not 1 <= score <= 5):
                return self.refused(request, language, actions.RATING_REFUSALS, "bad_score",
                                    {}, again=request.url.path)
            reasons = ([] if score is None
                       else actions.reasons_offered(s, employee_id, score, language))
        return self.page(request, "rate.html", language, supplier=supplier, score=score,
                         reasons=reasons, uuid=str(uuid7()),
                         csrf=csrf_token(self.key, web_session),
                         comment_max=self.config.rating.comment_max_length)

    def rate_send(self, request: Request, form: Form) -> Response:
        employee_id, language = self.acting(request, form)
        supplier_id = _path_id(request, "supplier_id")
        rating_uuid = actions.parse_uuid(_one(form, "uuid"))
        if rating_uuid is None:
            return self.outcome(request, language, FORM_DAMAGED, ok=False, status=400,
                                again=f"/rate/{supplier_id}", again_label="Back")
        score = actions.parse_id(_one(form, "score"))
        if score is None:
            return self.refused(request, language, actions.RATING_REFUSALS, "bad_score", {},
                                again=f"/rate/{supplier_id}")
        comment = _one(form, "comment").strip() or None
        with self.db.write() as s:
            outcome = record_rating(s, self.config, rater_id=employee_id,
                                    supplier_id=supplier_id, score=score,
                                    reason_codes=form.get("reason", [])[:50], comment=comment,
                                    kiosk_id=actions.WEB_ORIGIN, rating_uuid=rating_uuid,
                                    created_at=self.clock())
        if not outcome.ok:
            return self.refused(request, language, actions.RATING_REFUSALS, outcome.reason,
                                outcome.params, again=f"/rate/{supplier_id}")
        with self.db.read() as s:
            supplier = actions.person(s, supplier_id, language)
        return self.outcome(request, language, "Thank you! Your rating of {name} is saved.",
                            ok=True, params=name_cases(supplier.name if supplier else ""),
                            again="/rate", again_label="Rate another supplier")

    def dispute_page(self, request: Request) -> Response:
        who = self.who(request)
        if who is None:
            return RedirectResponse("/", status_code=303)
        web_session, employee_id, language = who
        with self.db.read() as s:
            view = actions.my_dispute(s, self.config, employee_id,
                                      _path_id(request, "dispute_id"), self.clock())
        if view is None:
            return self.outcome(request, language, DISPUTE_NOT_YOURS, ok=False, status=404)
        return self.page(request, "dispute.html", language, d=view,
                         verdicts=Texts(language).verdict_choices(view, self.config),
                         csrf=csrf_token(self.key, web_session))

    def _dispute_write(self, request: Request, language: str, write: Callable[[Any], Any],
                       done: str, count: int | None = None) -> Response:
        dispute_id = _path_id(request, "dispute_id", 0)
        back = f"/disputes/{dispute_id}" if dispute_id else "/disputes/new"
        try:
            with self.db.write() as s:
                change = write(s)
        except DisputeRefusal as refusal:
            return self.refused(request, language, actions.DISPUTE_REFUSALS, refusal.code,
                                refusal.params, again=back)
        return self.outcome(request, language, done, ok=True,
                            params={"id": change.dispute_id}, count=count,
                            again=f"/disputes/{change.dispute_id}", again_label="The dispute")

    def dispute_answer(self, request: Request, form: Form) -> Response:
        employee_id, language = self.acting(request, form)
        dispute_id = _path_id(request, "dispute_id")
        answer, now = _one(form, "answer"), self.clock()
        if answer == "accept":
            return self._dispute_write(request, language, lambda s: accept_dispute(
                s, self.config, dispute_id=dispute_id, actor_id=employee_id, now=now),
                "You admitted dispute No. {id}.")
        if answer == "reject":
            return self._dispute_write(request, language, lambda s: reject_dispute(
                s, self.config, dispute_id=dispute_id, actor_id=employee_id,
                reason=_one(form, "reason"), now=now),
                "You disagreed: dispute No. {id} goes to an arbiter.")
        return self.outcome(request, language, "Choose whether you admit or disagree.",
                            ok=False, status=400, again=f"/disputes/{dispute_id}",
                            again_label="Back")

    def dispute_verdict(self, request: Request, form: Form) -> Response:
        employee_id, language = self.acting(request, form)
        dispute_id = _path_id(request, "dispute_id")
        verdict = _one(form, "verdict")
        if verdict not in VERDICTS:
            return self.refused(request, language, actions.DISPUTE_REFUSALS, "bad_verdict", {},
                                again=f"/disputes/{dispute_id}")
        now = self.clock()
        return self._dispute_write(request, language, lambda s: give_verdict(
            s, self.config, dispute_id=dispute_id, actor_id=employee_id, verdict=verdict,
            note=_one(form, "note"), now=now), "Your verdict on dispute No. {id} is saved.")

    def dispute_new(self, request: Request) -> Response:
        """Open a dispute: whom with (the picker), then the regulation and what happened."""
        who = self.who(request)
        if who is None:
            return RedirectResponse("/", status_code=303)
        web_session, employee_id, language = who
        respondent_id = actions.parse_id(request.query_params.get("respondent", ""))
        query = request.query_params.get("q", "")
        with self.db.read() as s:
            if respondent_id is None:
                people = actions.people_to_pick(s, employee_id, query, language)
                return self.page(request, "pick.html", language, people=people, q=query,
                                 target="/disputes/new?respondent={id}",
                                 title="Open a dispute", action="/disputes/new")
            respondent = actions.person(s, respondent_id, language)
            regulations = actions.regulations(s)
        if respondent is None or respondent_id == employee_id:
            return self.refused(request, language, actions.DISPUTE_REFUSALS,
                                "self" if respondent_id == employee_id else "inactive", {},
                                again="/disputes/new")
        return self.page(request, "dispute_new.html", language, respondent=respondent,
                         regulations=regulations, uuid=str(uuid7()),
                         answer_days=self.config.disputes.answer_days,
                         csrf=csrf_token(self.key, web_session))

    def dispute_open(self, request: Request, form: Form) -> Response:
        employee_id, language = self.acting(request, form)
        dispute_uuid = actions.parse_uuid(_one(form, "uuid"))
        respondent_id = actions.parse_id(_one(form, "respondent"))
        regulation_id = actions.parse_id(_one(form, "regulation"))
        if dispute_uuid is None or respondent_id is None:
            return self.outcome(request, language, FORM_DAMAGED, ok=False, status=400,
                                again="/disputes/new", again_label="Back")
        if regulation_id is None:
            return self.refused(request, language, actions.DISPUTE_REFUSALS,
                                "unknown_regulation", {},
                                again=f"/disputes/new?respondent={respondent_id}")
        now = self.clock()
        return self._dispute_write(request, language, lambda s: open_dispute(
            s, self.config, initiator_id=employee_id, respondent_id=respondent_id,
            regulation_id=regulation_id, description=_one(form, "description"), now=now,
            kiosk_id=actions.WEB_ORIGIN, dispute_uuid=dispute_uuid),
            "Dispute No. {id} is open: the other side has {n} day to answer.",
            count=self.config.disputes.answer_days)

    def proposal_decide(self, request: Request, form: Form) -> Response:
        employee_id, language = self.acting(request, form)
        proposal_id = _path_id(request, "proposal_id")
        decision = _one(form, "decision")
        if decision not in ("accept", "decline"):
            return self.outcome(request, language, "Choose whether you accept or decline.",
                                ok=False, status=400, again="/", again_label="Back")
        try:
            with self.db.write() as s:
                decided = decide_proposal(s, self.config, proposal_id=proposal_id,
                                          decider_id=employee_id,
                                          accept=decision == "accept",
                                          note=_one(form, "note"), now=self.clock())
        except ProposalRefused as refusal:
            return self.refused(request, language, actions.PROPOSAL_REFUSALS, refusal.code,
                                refusal.params, again="/")
        return self.outcome(request, language,
                            "You accepted the proposal." if decided.accepted
                            else "You declined the proposal.", ok=True)

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
        Route("/rate", web.rate_pick, methods=["GET"]),
        Route("/rate/{supplier_id:int}", web.rate_form, methods=["GET"]),
        Route("/rate/{supplier_id:int}", _with_form(web.rate_send), methods=["POST"]),
        Route("/disputes/new", web.dispute_new, methods=["GET"]),
        Route("/disputes/new", _with_form(web.dispute_open), methods=["POST"]),
        Route("/disputes/{dispute_id:int}", web.dispute_page, methods=["GET"]),
        Route("/disputes/{dispute_id:int}/answer", _with_form(web.dispute_answer),
              methods=["POST"]),
        Route("/disputes/{dispute_id:int}/verdict", _with_form(web.dispute_verdict),
              methods=["POST"]),
        Route("/proposals/{proposal_id:int}/decide", _with_form(web.proposal_decide),
              methods=["POST"]),
        Route("/health", web.health, methods=["GET"]),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(SecurityHeaders)],
                    exception_handlers={HTTPException: web.http_error,
                                        Exception: web.server_error})
    app.state.web = web
    return app
