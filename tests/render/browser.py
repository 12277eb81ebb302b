"""Headless Chromium over the DevTools protocol, with the standard library only.

`--remote-debugging-pipe` makes Chromium read protocol commands from file descriptor 3 and
write replies and events to descriptor 4, NUL-separated JSON: no websocket client, no
network port. Used by the screenshot test and by docs/screenshots.py.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import struct
import subprocess
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Flags for a closed network: without the background-networking ones Chromium waits on
# requests that never return.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
]


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if path := shutil.which(name):
            return path
    return None


@dataclass
class PageResult:
    screenshot: bytes
    console_errors: list[str] = field(default_factory=list)
    pdf: bytes | None = None
    values: list[Any] = field(default_factory=list)


class Browser:
    """One Chromium process; `open()` loads a page and returns its screenshot and errors."""

    def __init__(self, executable: str, timeout: float = 60) -> None:
        self._profile = tempfile.mkdtemp(prefix="cjm-chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def wire() -> None:
            # Runs in the child before exec: put the protocol pipes on fds 3 and 4. Duplicate
            # both first, in case either already sits on 3 or 4; dup2 makes them inheritable.
            read_end, write_end = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        self._proc = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self._profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=wire,
            close_fds=False,  # Python's own descriptors are close-on-exec anyway
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._timeout = timeout
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict[str, Any]] = []

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._send("Browser.close")
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        for fd in (self._to_child, self._from_child):
            with contextlib.suppress(OSError):
                os.close(fd)
        shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- protocol ---

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self._from_child, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def _send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self._timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self._events.append(reply)

    def _wait_for(self, method: str, session: str) -> None:
        deadline = time.monotonic() + self._timeout
        while True:
            for event in self._events:
                if event.get("method") == method and event.get("sessionId") == session:
                    return
            self._events.append(self._read_message(deadline))

    # --- pages ---

    def open(
        self,
        url: str,
        width: int = 1600,
        height: int = 1200,
        *,
        full_page: bool = False,
        scale: float = 1.0,
        media: str = "screen",
        pdf: bool = False,
        evaluate: tuple[str, ...] = (),
        selector: str | None = None,
    ) -> PageResult:
        """Load `url` in a `width` x `height` viewport; screenshot it (the whole page with
        `full_page`, shrunk by `scale`), optionally print it to PDF, and collect console errors.
        `evaluate`: JavaScript expressions to measure the page with (DevTools runs them, not
        the page, so the page's no-script policy does not apply); results in `values`.
        `selector`: start the screenshot at the top of this element instead of the page."""
        target = self._send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self._send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self._send(f"{domain}.enable", session=session)
        self._send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
            session,
        )
        self._send("Emulation.setEmulatedMedia", {"media": media}, session)
        self._events.clear()
        self._send("Page.navigate", {"url": url}, session)
        self._wait_for("Page.loadEventFired", session)
        values = [
            self._send("Runtime.evaluate", {"expression": e, "returnByValue": True, "awaitPromise": True}, session)[
                "result"
            ].get("value")
            for e in evaluate
        ]
        params: dict[str, Any] = {"format": "png"}
        shot_top, shot_height = 0.0, float(height)
        if full_page:
            shot_height = min(self._send("Page.getLayoutMetrics", session=session)["cssContentSize"]["height"], 16000)
            params["captureBeyondViewport"] = True
        if selector:
            where = f"document.querySelector({json.dumps(selector)}).getBoundingClientRect().top + window.scrollY - 12"
            found = self._send("Runtime.evaluate", {"expression": where, "returnByValue": True}, session)
            shot_top = found["result"]["value"]
            params["captureBeyondViewport"] = True
        params["clip"] = {"x": 0, "y": shot_top, "width": width, "height": shot_height, "scale": scale}
        shot = base64.b64decode(self._send("Page.captureScreenshot", params, session)["data"])
        printed = None
        if pdf:
            printed = base64.b64decode(
                self._send("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True}, session)["data"]
            )
        errors = [_describe(e) for e in self._events if e.get("sessionId") == session and _is_error(e)]
        self._send("Target.closeTarget", {"targetId": target})
        return PageResult(shot, errors, printed, values)


def _is_error(event: dict[str, Any]) -> bool:
    method, params = event.get("method"), event.get("params", {})
    if method == "Runtime.exceptionThrown":
        return True
    if method == "Runtime.consoleAPICalled":
        return params.get("type") in ("error", "assert")
    if method == "Log.entryAdded":
        return params.get("entry", {}).get("level") == "error"
    return False


def _describe(event: dict[str, Any]) -> str:
    params = event.get("params", {})
    if "entry" in params:
        return f"{params['entry'].get('source')}: {params['entry'].get('text')}"
    if "exceptionDetails" in params:
        return str(params["exceptionDetails"].get("text"))
    return json.dumps(params.get("args", []))[:300]


# --- PNG pixels (8-bit RGB/RGBA, non-interlaced: what Chromium writes) -------------------------


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and one bytes object of RGB(A) samples per row."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and color in (2, 6) and interlace == 0, "unsupported PNG layout"
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + b) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, (len(rows)), [r if channels == 3 else bytes(v for k, v in enumerate(r) if k % 4 != 3) for r in rows]


def ink_share(png: bytes, step: int = 4) -> tuple[float, int]:
    """Share of sampled pixels that differ from the most common colour, and how many colours."""
    width, height, rows = png_pixels(png)
    counts: dict[bytes, int] = {}
    for y in range(0, height, step):
        row = rows[y]
        for x in range(0, width, step):
            px = row[3 * x : 3 * x + 3]
            counts[px] = counts.get(px, 0) + 1
    total = sum(counts.values())
    return 1 - max(counts.values()) / total, len(counts)


def save(path: Path, data: bytes) -> None:
    path.write_bytes(data)
