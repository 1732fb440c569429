"""Home after the badge: greeting, the three metrics in words, nudges, what waits for an answer.

Metrics 2 and 3 (other people's ratings) count the days up to yesterday
(``shared.domain.metrics``): their tiles say so in their small line. Metric 2 is like for
like: the verdict under the tiles compares the person's own mean over the counted suppliers
with their other clients' figure, both shown in the sentence.
"""

from __future__ import annotations

import io

import segno
from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.backend import HomeData, Person
from kiosk.screens.base import Screen, button, label
from kiosk.texts import nudge_sentence, number, tier_name, verdict_sentence
from kiosk.theme import Theme
from kiosk.widgets.segment_row import SegmentRowCard
from shared.domain.initiative_map import SegmentRow
from shared.domain.names import short_person_name

COUNTED_SHOWN = 3  # names on the 'Counted:' line; the rest as 'and N more'


class MetricTile(QFrame):
    """A big number with its caption and a small line under it."""

    def __init__(self, name: str, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.px(30), theme.px(24), theme.px(30), theme.px(24))
        self.caption = label(self, "dim", f"{name}Caption")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.value = label(self, "big", name, wrap=False)
        self.detail = label(self, "small", f"{name}Detail")
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        layout.addStretch(1)

    def fit_height(self) -> None:
        """As tall as its wrapped lines need at its width.

        The tiles sit side by side in a row, and a row layout sizes them from their size
        hints, not from their height at the width they get: at 1280x800, with a caption and
        a small line of three lines each (Russian), the text was cut off at the bottom.
        """
        layout = self.layout()
        need = layout.totalHeightForWidth(self.width()) if layout is not None else 0
        if need > 0 and need != self.minimumHeight():
            self.setMinimumHeight(need)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.fit_height()


class HomeScreen(Screen):
    screen_name = "homeScreen"
    rate_requested = Signal()
    maintenance_requested = Signal()
    disputes_requested = Signal()
    proposals_requested = Signal()
    answers_requested = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._person: Person | None = None
        self._data: HomeData | None = None
        layout = QVBoxLayout(self)
        m = theme.px(60)
        layout.setContentsMargins(m, theme.px(20), m, theme.px(30))
        layout.setSpacing(theme.px(20))
        self.greeting = label(self, "title", "greetingLabel")
        layout.addWidget(self.greeting)
        tiles = QHBoxLayout()
        tiles.setSpacing(theme.px(24))
        self.given = MetricTile("metricGiven", theme, self)
        self.suppliers = MetricTile("metricSuppliersReceived", theme, self)
        self.received = MetricTile("metricReceived", theme, self)
        for tile in (self.given, self.suppliers, self.received):
            tiles.addWidget(tile, 1)
        layout.addLayout(tiles)
        self.verdict = label(self, "", "verdictLabel")
        layout.addWidget(self.verdict)
        # Which suppliers metric 2 counted, when not all the person rated (issue 14 point 1).
        self.counted = label(self, "dim", "countedLabel")
        self.counted.hide()
        layout.addWidget(self.counted)
        self.segment_row = SegmentRowCard(theme, self)  # the person's row of the map
        layout.addWidget(self.segment_row)
        self.tier = label(self, "", "tierLabel")  # the supplier's tier of last month
        self.tier.hide()
        layout.addWidget(self.tier)
        self.nudge_box = QVBoxLayout()
        self.nudge_box.setSpacing(theme.px(10))
        layout.addLayout(self.nudge_box)
        self.nudge_labels: list[QLabel] = []
        self.pending = label(self, "dim", "pendingLabel")
        self.proposals = button(self, "proposalsButton")
        self.proposals.setMinimumHeight(theme.px(100))
        self.proposals.setMinimumWidth(theme.px(340))
        self.proposals.clicked.connect(self.proposals_requested)
        self.proposals.hide()
        self.answers = button(self, "proposalAnswersButton")
        self.answers.setMinimumHeight(theme.px(100))
        self.answers.clicked.connect(self.answers_requested)
        self.answers.hide()
        pending_row = QHBoxLayout()
        pending_row.addWidget(self.pending, 1)
        pending_row.addWidget(self.answers)
        pending_row.addWidget(self.proposals)
        layout.addLayout(pending_row)
        layout.addStretch(1)
        row = QHBoxLayout()
        self.maintenance = button(self, "maintenanceButton", "quiet")
        self.maintenance.clicked.connect(self.maintenance_requested)
        self.maintenance.hide()
        self.rate = button(self, "rateButton", "primary")
        self.rate.setMinimumHeight(theme.px(120))
        self.rate.setMinimumWidth(theme.px(700))
        self.rate.clicked.connect(self.rate_requested)
        self.disputes = button(self, "disputesButton")
        self.disputes.setMinimumHeight(theme.px(120))
        self.disputes.setMinimumWidth(theme.px(340))
        self.disputes.clicked.connect(self.disputes_requested)
        row.addWidget(self.maintenance)
        # The person's web page on their phone: a single-use link as a QR code (issue 19).
        self.qr = QLabel(self)
        self.qr.setObjectName("signInQr")
        self.qr_size = theme.px(220)
        self.qr.setFixedSize(self.qr_size, self.qr_size)
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_caption = label(self, "small", "signInQrCaption")
        self.qr_caption.setMaximumWidth(theme.px(330))
        for widget in (self.qr, self.qr_caption):
            widget.hide()
        row.addWidget(self.qr)
        row.addSpacing(theme.px(16))
        row.addWidget(self.qr_caption)
        row.addStretch(1)
        row.addWidget(self.disputes)
        row.addSpacing(theme.px(24))
        row.addWidget(self.rate)
        layout.addLayout(row)
        self.retranslate()

    def set_person(self, person: Person | None) -> None:
        self._person = person
        self._data = None
        self._show_qr(None)  # never the previous person's link, not even for a moment
        self.segment_row.set_segment(None, self.language)
        self.maintenance.setVisible(person is not None and person.role == "admin")
        self.retranslate()

    def set_data(self, data: HomeData | None) -> None:
        self._data = data
        self._show_qr(data.sign_in_url if data is not None else None)
        self.retranslate()

    def _show_qr(self, url: str | None) -> None:
        """The sign-in link as a QR code, dark on white with its quiet zone (phones read it
        off a bright screen); hidden without a link."""
        if not url:
            self.qr.clear()
            self.qr.hide()
            self.qr_caption.hide()
            return
        code = segno.make(url, error="m")
        modules = code.symbol_size(scale=1, border=3)[0]
        png = io.BytesIO()  # whole pixels per module, so every module is as wide as the next
        code.save(png, kind="png", scale=max(2, self.qr_size // modules), border=3)
        pixmap = QPixmap()
        pixmap.loadFromData(png.getvalue(), "PNG")
        self.qr.setPixmap(pixmap)
        self.qr.show()
        self.qr_caption.show()

    def set_segment(self, segment: SegmentRow | None) -> None:
        """The person's row of the initiative map (asked for after the figures)."""
        self.segment_row.set_segment(segment, self.language)

    def _show_nudges(self, sentences: list[str]) -> None:
        while len(self.nudge_labels) < len(sentences):
            lab = label(self, "refusal", f"nudge-{len(self.nudge_labels)}")
            self.nudge_box.addWidget(lab)
            self.nudge_labels.append(lab)
        for i, lab in enumerate(self.nudge_labels):
            lab.setVisible(i < len(sentences))
            if i < len(sentences):
                lab.setText("•  " + sentences[i])

    def _show_tier(self, data: HomeData) -> None:
        tier = data.tier
        self.tier.setVisible(tier is not None)
        if tier is None:
            return
        month = QLocale(QLocale.Language.Russian if self.language == "ru"
                        else QLocale.Language.English).standaloneMonthName(
            int(tier.month[5:]), QLocale.FormatType.LongFormat)
        text = self.tr("Your supplier tier for %1: %2.").replace("%1", month).replace(
            "%2", tier_name(tier.tier))
        perks = tier.perks_en if self.language == "en" else tier.perks_ru
        self.tier.setText(text + (" " + self.tr("It gives: %1.").replace("%1", perks)
                                  if perks else ""))

    def retranslate(self) -> None:
        lang = self.language
        person = self._person
        self.segment_row.language = lang
        self.segment_row.retranslate()
        self.greeting.setText(self.tr("Hello, {name}!").format(
            name=person.first_name(lang) if person else ""))
        self.rate.setText(self.tr("Rate a supplier"))
        self.maintenance.setText(self.tr("Maintenance"))
        self.disputes.setText(self.tr("Disputes"))
        self.qr_caption.setText(self.tr(
            "Your page on your phone: scan the code. It works once and for %n minute(s).", "",
            self._data.sign_in_minutes if self._data is not None else 0))
        waiting = self._data.proposals_pending if self._data is not None else 0
        self.proposals.setVisible(person is not None and (person.role in ("manager", "admin")
                                                          or waiting > 0))
        self.proposals.setText(self.tr("Proposals to decide (%n)", "", waiting))
        answers = self._data.answers_to_reply if self._data is not None else 0
        self.answers.setVisible(answers > 0)
        self.answers.setText(self.tr("Answers to your proposals (%n)", "", answers))
        self.given.caption.setText(self.tr("How you rate your suppliers"))
        self.suppliers.caption.setText(self.tr("How their other clients rate those suppliers"))
        self.received.caption.setText(self.tr("How your clients rate you"))
        self.align_tiles()
        data = self._data
        if data is None:
            for tile in (self.given, self.suppliers, self.received):
                tile.value.setText("…")
                tile.detail.setText("")
            self.verdict.setText("")
            self.counted.hide()
            self.tier.hide()
            self.pending.setText("")
            self._show_nudges([])
            return
        m = data.metrics
        self.given.value.setText(number(m.given_mean))
        self.given.detail.setText(self.tr("%n rating(s) in %1 days", "", m.given_count)
                                  .replace("%1", str(m.period.days)))
        settled = "\n" + self.tr("as of yesterday")
        if not m.others_withheld:
            # Like for like (SPEC 5): only the suppliers with k other clients count, and the
            # tile says how many of the person's suppliers that is.
            self.suppliers.value.setText(number(m.others_mean))
            self.suppliers.detail.setText(
                self.tr("%1 of %n supplier(s) you rated", "", m.suppliers_rated_settled)
                .replace("%1", str(m.suppliers_counted)) + "\n"
                + self.tr("with %n or more other clients", "", m.k) + settled)
        elif m.given_count:
            # Shown only for suppliers with k other clients (SPEC 4), as metric 3.
            self.suppliers.value.setText("—")
            self.suppliers.detail.setText(self.tr(
                "Not enough ratings yet (at least %n other clients per supplier)", "", m.k))
        else:
            self.suppliers.value.setText("—")
            self.suppliers.detail.setText(self.tr("%n supplier(s) you rated", "", 0))
        if m.received_withheld:
            self.received.value.setText("—")
            self.received.detail.setText(self.tr("Not enough ratings yet (at least %n clients)",
                                                 "", m.k))
        else:
            self.received.value.setText(number(m.received_mean))
            self.received.detail.setText(self.tr("from %n client(s)", "", m.received_clients)
                                         + settled)
        self.verdict.setText(verdict_sentence(
            m.verdict, withheld=m.others_withheld and m.given_count > 0,
            mine=m.my_mean_same_suppliers, others=m.others_mean))
        self._show_counted(data)
        self._show_tier(data)
        self._show_nudges([nudge_sentence(n.kind, n.params) for n in data.nudges])
        parts = []
        if data.disputes_pending:
            parts.append(self.tr("%n dispute(s) wait for your answer", "", data.disputes_pending))
        if data.proposals_pending:
            parts.append(self.tr("%n proposal(s) wait for your decision", "",
                                 data.proposals_pending))
        if data.streak.days:
            parts.append(self.tr("your streak: %n day(s)", "", data.streak.days))
        self.pending.setText("  ·  ".join(parts))
        self.pending.setAlignment(Qt.AlignmentFlag.AlignLeft)
        for tile in (self.given, self.suppliers, self.received):
            tile.fit_height()

    def _show_counted(self, data: HomeData) -> None:
        """'Counted: Volkova V. O., Ivanov B. I., Petrov A. A. and 2 more' (names in the
        person's language where the directory has them), only when metric 2 left some of
        the person's suppliers out: otherwise '6 of 6' already says which."""
        if not data.counted_names or data.metrics.others_withheld:
            self.counted.hide()
            return
        # The directory's English name as it is written (given name first); the Russian
        # one as surname and initials.
        names = [en if self.language == "en" and en else short_person_name(ru)
                 for ru, en in data.counted_names]
        shown, rest = names[:COUNTED_SHOWN], len(names) - COUNTED_SHOWN
        listed = ", ".join(shown)
        if rest > 0:
            listed = self.tr("%1 and %n more", "", rest).replace("%1", listed)
        self.counted.setText(self.tr("Counted: %1").replace("%1", listed))
        self.counted.show()

    def align_tiles(self) -> None:
        """The three captions as tall as the tallest, so the big values stand on one line
        (a one-line caption lifted its value 35 px above its neighbours')."""
        tiles = (self.given, self.suppliers, self.received)
        for tile in tiles:
            tile.caption.setMinimumHeight(0)
        tallest = max(tile.caption.heightForWidth(tile.caption.width()) for tile in tiles)
        for tile in tiles:
            tile.caption.setMinimumHeight(max(tallest, 0))
            tile.fit_height()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.align_tiles()
