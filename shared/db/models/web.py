"""Sign-in links of the personal web page (pulse-web), each also the record of its session."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, UTCDateTime


class WebSignIn(Base):
    """One single-use sign-in link and, once redeemed, the session it opened.

    Only the SHA-256 of the link's token is stored: a copy of the database signs nobody in.
    ``used_at`` is set once (compare-and-set), ``signed_out_at`` ends the session before its
    cookie expires.
    """

    __tablename__ = "web_sign_ins"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    issued_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    signed_out_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
