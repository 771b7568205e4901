"""Open maps in a real headless Chromium and report what happened.

A small Chrome DevTools Protocol client (over `websocket-client`) used by the
browser tests, the map benchmark and the docs screenshots: it loads a map
file, waits until the layout has settled (`window.__nkgReady`), and records
every request the page made, every console error and uncaught exception.

    with Chromium() as browser:
        visit = browser.open(Path("out/map.html"))
        visit.requests, visit.errors, visit.evaluate("nkgNodes.length")
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["find_chromium", "Chromium", "Visit", "BrowserError"]

_CANDIDATES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]


class BrowserError(RuntimeError):
    """Chromium did not start, or a page did not finish in time."""


def find_chromium() -> str | None:
    for name in _CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


@dataclass
class Visit:
    """What one page load did."""

    url: str
    load_seconds: float = 0.0
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    _browser: Chromium | None = None

    def evaluate(self, expression: str) -> Any:
        assert self._browser is not None
        return self._browser.evaluate(expression)

    def screenshot(self, path: Path) -> Path:
        assert self._browser is not None
        return self._browser.screenshot(path)


class Chromium:
    """One headless Chromium with one page, driven over CDP."""

    def __init__(self, executable: str | None = None, *, width: int = 1400, height: int = 900):
        self.executable = executable or find_chromium()
        if not self.executable:
            raise BrowserError("no chromium executable found")
        self.width, self.height = width, height
        self._proc: subprocess.Popen[bytes] | None = None
        self._profile: tempfile.TemporaryDirectory[str] | None = None
        self._ws: Any = None
        self._next_id = 0
        self._events: list[dict[str, Any]] = []

    # -- process -------------------------------------------------------------
    def __enter__(self) -> Chromium:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        import websocket  # websocket-client

        self._profile = tempfile.TemporaryDirectory(
            prefix="nkg-chromium-", ignore_cleanup_errors=True)
        profile = Path(self._profile.name)
        args = [
            self.executable, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
            "--remote-debugging-port=0", "--remote-allow-origins=*",
            f"--user-data-dir={profile}", f"--window-size={self.width},{self.height}",
            "about:blank",
        ]
        # Own session, so close() can stop Chromium's helper processes too: they
        # keep writing into the profile after the main process has gone.
        self._proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                      start_new_session=True)
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.exists() or not port_file.read_text().strip():
            if self._proc.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise BrowserError("chromium did not open its DevTools port")
            time.sleep(0.05)
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as resp:
            targets = json.load(resp)
        page = next(t for t in targets if t.get("type") == "page")
        self._ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60,
                                               suppress_origin=True)
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable")
        self.send("Emulation.setDeviceMetricsOverride", width=self.width, height=self.height,
                  deviceScaleFactor=1, mobile=False)

    def close(self) -> None:
        if self._ws is not None:
            try:
                self._ws.close()
            except Exception:  # noqa: BLE001 - closing a dead socket
                pass
            self._ws = None
        if self._proc is not None:
            self._signal_group(signal.SIGTERM)
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._signal_group(signal.SIGKILL)
                self._proc.wait()
            self._signal_group(signal.SIGKILL)  # stragglers of the group
            self._proc = None
        if self._profile is not None:
            self._profile.cleanup()
            self._profile = None

    def _signal_group(self, sig: int) -> None:
        try:
            os.killpg(self._proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass

    # -- protocol ------------------------------------------------------------
    def send(self, method: str, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        msg_id = self._next_id
        self._ws.send(json.dumps({"id": msg_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self._ws.recv())
            if msg.get("id") == msg_id:
                if "error" in msg:
                    raise BrowserError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            if "method" in msg:
                self._events.append(msg)
                if msg["method"] == "Page.javascriptDialogOpening":
                    # alert() blocks the page: dismiss it (the visit records it as an error)
                    self._next_id += 1
                    self._ws.send(json.dumps({"id": self._next_id,
                                              "method": "Page.handleJavaScriptDialog",
                                              "params": {"accept": False}}))

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True,
                           awaitPromise=True)
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression!r}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path: Path) -> Path:
        data = self.send("Page.captureScreenshot", format="png")["data"]
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    # -- pages ---------------------------------------------------------------
    def open(self, target: Path | str, *, ready: str = "window.__nkgReady === true",
             timeout: float = 60.0) -> Visit:
        """Load a file (or URL), wait until `ready` is true, collect what happened."""
        url = Path(target).resolve().as_uri() if not str(target).startswith(
            ("http:", "https:", "file:")) else str(target)
        self._events.clear()
        start = time.monotonic()
        self.send("Page.navigate", url=url)
        while True:
            try:
                if self.evaluate(ready):
                    break
            except BrowserError:
                pass  # page not there yet
            if time.monotonic() - start > timeout:
                raise BrowserError(f"{url}: not ready after {timeout:.0f} s")
            time.sleep(0.05)
        visit = Visit(url=url, load_seconds=time.monotonic() - start, _browser=self)
        self.collect(visit)
        return visit

    def collect(self, visit: Visit) -> Visit:
        """Add the requests and errors seen since the page was opened to `visit`."""
        self.send("Runtime.evaluate", expression="1")  # flush pending events
        for ev in self._events:
            method, params = ev["method"], ev.get("params", {})
            if method == "Network.requestWillBeSent":
                req_url = params["request"]["url"]
                if req_url not in visit.requests:
                    visit.requests.append(req_url)
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                visit.errors.append(
                    "console: " + " ".join(str(a.get("value", a.get("description", "")))
                                           for a in params.get("args", []))
                )
            elif method == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                visit.errors.append(
                    "exception: " + str(details.get("exception", {}).get("description")
                                        or details.get("text"))
                )
            elif method == "Page.javascriptDialogOpening":
                visit.errors.append(f"dialog: {params.get('type')} {params.get('message')}")
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                visit.errors.append("log: " + params["entry"].get("text", ""))
        self._events.clear()
        return visit
