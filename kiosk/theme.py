"""The kiosk's look: the shared palette's colours, type sizes and the style sheet.

Sizes are designed for 1920x1080 and scaled by ``Theme(scale)`` for smaller terminals
(1280x800 gives 0.667). Body text is at least 28 px at full size, readable at 1 m. Touch
targets never scale below ``MIN_TOUCH`` px (``Theme.touch``): a gloved finger does not
shrink with the screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor

from shared.qt import theme as palette

# One palette with the wallboard and print (shared.qt.theme): names kept for the kiosk's code.
BACKGROUND = palette.BACKGROUND.name()
SURFACE = palette.PANEL.name()
SURFACE_HIGH = palette.PANEL_HIGH.name()
TEXT = palette.TEXT.name()
TEXT_DIM = palette.MUTED.name()
ACCENT = palette.ACCENT.name()
ACCENT_TEXT = palette.ACCENT_TEXT.name()
WARNING = palette.WARNING.name()
DANGER = palette.DANGER.name()
OK = palette.OK.name()
MIN_TOUCH = 60  # px: the smallest button a gloved finger hits reliably


def face_colour(score: int) -> QColor:
    """The face's colour on the shared colour-blind-safe scale (orange -> grey -> blue)."""
    return palette.score_color(score)


@dataclass(frozen=True)
class Theme:
    """Pixel sizes for one screen size."""

    scale: float = 1.0

    @classmethod
    def for_size(cls, width: int, height: int) -> Theme:
        return cls(round(max(0.5, min(width / 1920, height / 1080, 2.0)), 3))

    def px(self, value: float) -> int:
        return max(1, round(value * self.scale))

    def touch(self, value: float) -> int:
        """A touch target's size: ``value`` scaled, but never under ``MIN_TOUCH`` px."""
        return max(MIN_TOUCH, self.px(value))

    @property
    def title(self) -> int:
        return self.px(64)

    @property
    def heading(self) -> int:
        return self.px(44)

    @property
    def body(self) -> int:
        return self.px(30)

    @property
    def small(self) -> int:
        return self.px(24)

    def style_sheet(self) -> str:
        p = self.px
        return f"""
        QWidget {{ background: {BACKGROUND}; color: {TEXT}; font-size: {self.body}px; }}
        QLabel {{ background: transparent; }}
        QLabel[role="hero"] {{ font-size: {p(96)}px; font-weight: bold; }}
        QLabel[role="big"] {{ font-size: {p(80)}px; font-weight: bold; }}
        QLabel[role="title"] {{ font-size: {self.title}px; font-weight: bold; }}
        QLabel[role="heading"] {{ font-size: {self.heading}px; font-weight: bold; }}
        QLabel[role="dim"] {{ color: {TEXT_DIM}; }}
        QLabel[role="small"] {{ color: {TEXT_DIM}; font-size: {self.small}px; }}
        QLabel[role="message"] {{ font-size: {self.heading}px; }}
        QLabel[role="refusal"] {{ color: {WARNING}; font-size: {self.body}px; font-weight: bold; }}
        QLabel[role="offline"] {{ color: {ACCENT_TEXT}; background: {WARNING};
            border-radius: {p(10)}px; padding: {p(6)}px {p(18)}px; font-weight: bold; }}
        QLabel[role="countdown"] {{ color: {ACCENT_TEXT}; background: {WARNING};
            border-radius: {p(16)}px; padding: {p(10)}px {p(24)}px; font-size: {self.heading}px;
            font-weight: bold; }}
        QFrame[role="card"] {{ background: {SURFACE}; border-radius: {p(24)}px; }}
        QPushButton {{ background: {SURFACE_HIGH}; color: {TEXT}; border: none;
            border-radius: {p(18)}px; padding: {p(18)}px {p(30)}px; min-height: {self.touch(72)}px;
            font-size: {self.body}px; font-weight: bold; }}
        QPushButton:pressed {{ background: {ACCENT}; color: {ACCENT_TEXT}; }}
        QPushButton:disabled {{ color: #6C7A90; }}
        QPushButton[role="primary"] {{ background: {ACCENT}; color: {ACCENT_TEXT}; }}
        QWidget#topBar QPushButton {{ min-height: {self.touch(56)}px;
            max-height: {self.touch(56)}px; padding: 0px {p(26)}px; }}
        QWidget#topBar QPushButton#languageButton {{ border-radius: {self.touch(56) // 2}px; }}
        QPushButton[role="primary"]:disabled {{ background: {SURFACE_HIGH}; color: #6C7A90; }}
        QPushButton#key-done {{ font-size: {self.heading}px; }}
        QWidget#pinPad QPushButton {{ min-height: {p(120)}px; font-size: {self.title}px; }}
        QPushButton[role="quiet"] {{ background: transparent; color: {TEXT_DIM};
            border: {p(3)}px solid {SURFACE_HIGH}; }}
        QPushButton[role="chip"] {{ background: {SURFACE_HIGH}; border-radius: {p(36)}px;
            padding: {p(14)}px {p(30)}px; }}
        QPushButton[role="chip"]:checked {{ background: {ACCENT}; color: {ACCENT_TEXT}; }}
        QPushButton[role="key"] {{ min-height: {self.touch(84)}px; min-width: {self.touch(84)}px;
            padding: 0;
            font-size: {self.heading}px; border-radius: {p(14)}px; }}
        QPushButton[role="key"]:checked {{ background: {ACCENT}; color: {ACCENT_TEXT}; }}
        QPushButton[role="tab"] {{ background: transparent; color: {TEXT_DIM};
            border-bottom: {p(6)}px solid transparent; border-radius: 0; }}
        QPushButton[role="tab"]:checked {{ color: {TEXT}; border-bottom-color: {ACCENT}; }}
        QLineEdit {{ background: {SURFACE}; color: {TEXT}; border: {p(3)}px solid {ACCENT};
            border-radius: {p(16)}px; padding: {p(14)}px; font-size: {self.heading}px; }}
        QScrollArea, QScrollArea > QWidget > QWidget {{ background: transparent; border: none; }}
        QScrollBar {{ width: 0px; height: 0px; }}
        """
