"""The attract screen shows the programme's principles one at a time (SPEC 9, issue 14.5)."""

from __future__ import annotations

import pytest

from shared.config import PRINCIPLES_RU
from tests.gui.conftest import Kiosk
from tests.gui.kiosk_helpers import find

pytestmark = pytest.mark.gui


def test_one_principle_a_minute(kiosk: Kiosk) -> None:
    w = kiosk.window
    assert w.current is w.attract
    label = find(w.attract, "attractPrinciple")
    # The kiosk's clock: 10:30 at the plant -> minute 630 of the day, 630 % 4 = 2: the third.
    w.attract.update_clock()
    assert label.isVisible() and label.text() == f"3. {PRINCIPLES_RU[2]}"
    kiosk.clock.advance(60)
    w.attract.update_clock()
    assert label.text() == f"4. {PRINCIPLES_RU[3]}"
    kiosk.clock.advance(60)
    w.attract.update_clock()
    assert label.text() == f"1. {PRINCIPLES_RU[0]}"
