"""A real browser for the web page's journeys: Debian's chromium, headless, driven over the
Chrome DevTools Protocol (a WebSocket; ``websocket-client`` from PyPI, no chromedriver).

The pages have no script of their own; the test acts as a person does: it fills fields and
presses buttons (``element.click()`` submits the form as a tap does: the browser sends the
cookie, follows the redirect and obeys the page's Content-Security-Policy), then reads the
page the browser shows. ``screenshot`` draws the page at a given width.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import websocket


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    """One headless chromium with one tab (its own profile: fresh cookies)."""

    def __init__(self, binary: str, timeout: float = 30.0, language: str = "ru") -> None:
        self.timeout = timeout
        # Chromium's helpers (zygote, renderers) may still write to the profile for a moment
        # after it ends: the profile goes after the whole process group is gone.
        self._profile = tempfile.TemporaryDirectory(prefix="pulse-chromium-",
                                                    ignore_cleanup_errors=True)
        self._process = subprocess.Popen(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-extensions", "--disable-background-networking",
             "--remote-debugging-port=0", "--remote-allow-origins=*",
             f"--lang={language}", f"--accept-lang={language}",
             f"--user-data-dir={self._profile.name}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        port_file = Path(self._profile.name) / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while not (port_file.exists() and port_file.read_text().strip()):
            if time.monotonic() > deadline or self._process.poll() is not None:
                self.close()
                raise RuntimeError("chromium did not start its DevTools endpoint")
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
            targets = json.loads(r.read())
        page = next(t for t in targets if t.get("type") == "page")
        self._ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=timeout,
                                               suppress_origin=True)
        self._id = 0
        self._events: list[dict[str, Any]] = []
        self.send("Page.enable")
        self.send("Runtime.enable")

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        self._id += 1
        self._ws.send(json.dumps({"id": self._id, "method": method, "params": params}))
        while True:
            message = json.loads(self._ws.recv())
            if message.get("id") == self._id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            self._events.append(message)

    def _wait_loaded(self) -> None:
        deadline = time.monotonic() + self.timeout
        while True:
            for i, event in enumerate(self._events):
                if event.get("method") == "Page.loadEventFired":
                    del self._events[:i + 1]
                    return
            if time.monotonic() > deadline:
                raise TimeoutError("the page did not load")
            self._events.append(json.loads(self._ws.recv()))

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def open(self, url: str) -> None:
        self._events.clear()
        self.send("Page.navigate", url=url)
        self._wait_loaded()

    def click(self, selector: str) -> None:
        """Press a button or follow a link, and wait for the next page."""
        self._events.clear()
        found = self.evaluate(f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
                              f" if (!e) return false; e.click(); return true; }})()")
        if not found:
            raise AssertionError(f"nothing to press at {selector!r} on {self.url}: "
                                 f"{self.text[:300]}")
        self._wait_loaded()

    def fill(self, selector: str, value: str) -> None:
        ok = self.evaluate(f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
                           f" if (!e) return false; e.value = {json.dumps(value)};"
                           f" return true; }})()")
        assert ok, f"no field {selector!r} on {self.url}"

    def check(self, selector: str) -> None:
        ok = self.evaluate(f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
                           f" if (!e) return false; e.checked = true; return true; }})()")
        assert ok, f"no box {selector!r} on {self.url}"

    @property
    def text(self) -> str:
        return str(self.evaluate("document.body ? document.body.innerText : ''"))

    @property
    def url(self) -> str:
        return str(self.evaluate("location.href"))

    def screenshot(self, target: Path, width: int, height: int) -> None:
        """The page at ``width``, as tall as its content (at least ``height``)."""
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=width < 600)
        tall = int(self.evaluate("document.documentElement.scrollHeight"))
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=max(height, tall),
                  deviceScaleFactor=1, mobile=width < 600)
        data = self.send("Page.captureScreenshot", format="png")["data"]
        target.write_bytes(base64.b64decode(data))
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=width < 600)

    def close(self) -> None:
        ws = getattr(self, "_ws", None)
        if ws is not None:
            ws.close()
        # Its own session (start_new_session): the group is chromium and its helpers only.
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self._process.pid, sig)
            except ProcessLookupError:
                break
            try:
                self._process.wait(timeout=10)
                break
            except subprocess.TimeoutExpired:
                continue
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:  # the helpers leave after the browser
            try:
                os.killpg(self._process.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        self._profile.cleanup()


def screenshots_dir() -> Path | None:
    """``WEB_SCREENSHOTS``: where the journey test saves its pages (unset: nowhere)."""
    value = os.environ.get("WEB_SCREENSHOTS")
    return Path(value) if value else None
