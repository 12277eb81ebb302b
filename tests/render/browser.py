"""Headless Chromium for the tests and docs/screenshots.py, driven by Playwright.

Playwright launches the system's Chromium (Debian's `chromium`, which `scripts/system-deps.sh
--with-browser` installs): it never downloads a browser of its own, so nothing here needs
more than PyPI and Debian. Two ways in:

- `Browser.open(url, ...)` loads a page and returns a `PageResult`: its screenshot, console
  errors, optionally a PDF and values measured with JavaScript;
- `Browser.visit(url, ...)` gives a live Playwright `Page` to drive as a person would (click,
  hover, Tab, print), with the console errors collected alongside.
"""

from __future__ import annotations

import shutil
import struct
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Playwright, Request, sync_playwright
from playwright.sync_api import Error as PlaywrightError

# Playwright adds the usual headless flags (no first run, no sync, no background networking,
# no component updates, no sandbox). These keep a closed network quiet as well.
FLAGS = ["--disable-gpu", "--disable-quic", "--hide-scrollbars"]
SHOT_LIMIT = 16000  # px: Chromium cannot capture a taller image in one piece


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if path := shutil.which(name):
            return path
    return None


MISSING = (
    "Chromium is missing: run `bash scripts/system-deps.sh --with-browser` as root "
    "(Debian: apt-get install chromium); the browser tests need it"
)


@dataclass
class PageResult:
    screenshot: bytes
    console_errors: list[str] = field(default_factory=list)
    pdf: bytes | None = None
    values: list[Any] = field(default_factory=list)


@dataclass
class LivePage:
    """A loaded page to drive (`page` is Playwright's) and what it logged as errors so far."""

    page: Page
    console_errors: list[str]


# One Playwright driver per process, shared by every Browser: Playwright's sync API allows only
# one running instance per thread, and the suite opens a Browser per test module.
_driver_lock = threading.Lock()
_driver: Playwright | None = None
_users = 0


def _acquire() -> Playwright:
    global _driver, _users
    with _driver_lock:
        if _driver is None:
            _driver = sync_playwright().start()
        _users += 1
        return _driver


def _release() -> None:
    global _driver, _users
    with _driver_lock:
        _users -= 1
        if _users == 0 and _driver is not None:
            _driver.stop()
            _driver = None


class Browser:
    """One Chromium process; each `open()` or `visit()` gets a fresh, isolated page."""

    def __init__(self, executable: str, timeout: float = 60) -> None:
        self._timeout_ms = timeout * 1000
        driver = _acquire()
        try:
            self._browser = driver.chromium.launch(
                executable_path=executable, headless=True, args=FLAGS, timeout=self._timeout_ms
            )
        except PlaywrightError as error:
            _release()
            raise RuntimeError(f"Playwright could not start {executable}: {error.message}") from error

    def close(self) -> None:
        try:
            self._browser.close()
        finally:
            _release()

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def visit(
        self, url: str, width: int = 1600, height: int = 1200, *, media: str = "screen", scale: float = 1.0
    ) -> Iterator[LivePage]:
        """`url` loaded in a `width` x `height` viewport with `media` ("screen" or "print")
        emulated; screenshots are shrunk by `scale`. The page closes when the block ends."""
        context = self._browser.new_context(
            viewport={"width": width, "height": height}, device_scale_factor=scale, reduced_motion="reduce"
        )
        context.set_default_timeout(self._timeout_ms)
        try:
            page = context.new_page()
            errors = _collect_errors(context, page)
            page.emulate_media(media=media)  # type: ignore[arg-type]
            page.goto(url, wait_until="load")
            yield LivePage(page, errors)
        finally:
            context.close()

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
        `evaluate`: JavaScript expressions to measure the page with (the DevTools protocol runs
        them, not the page, so the page's no-script policy does not apply); results in `values`.
        `selector`: start the screenshot at the top of this element instead of the page."""
        with self.visit(url, width, height, media=media, scale=scale) as live:
            page = live.page
            values = [page.evaluate(expression) for expression in evaluate]
            top, shot_height = 0.0, float(height)
            if full_page:
                shot_height = min(page.evaluate("document.documentElement.scrollHeight"), SHOT_LIMIT)
            if selector:
                element = page.locator(selector).first
                element.wait_for(state="attached")
                top = element.evaluate("e => e.getBoundingClientRect().top + window.scrollY - 12")
            # Beyond the viewport, the clip is in page coordinates over the full page: the region
            # is drawn where it lies in the document, without scrolling (a sticky header stays at
            # the top, not over it). Only then: Playwright's full-page mode needs an HTML body,
            # and an SVG document has none.
            shot = page.screenshot(
                full_page=full_page or selector is not None,
                clip={"x": 0, "y": top, "width": width, "height": shot_height},
                animations="disabled",
            )
            printed = page.pdf(prefer_css_page_size=True, print_background=True) if pdf else None
            return PageResult(shot, list(live.console_errors), printed, values)


def _collect_errors(context: BrowserContext, page: Page) -> list[str]:
    """A live list of what a developer would see in red in the console: console errors
    (including Content-Security-Policy violations), uncaught exceptions and failed loads."""
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type in ("error", "assert"):
            where = message.location
            errors.append(f"console {message.type}: {message.text} ({where['url']}:{where['lineNumber']})")

    def on_failed(request: Request) -> None:
        errors.append(f"request failed: {request.url} ({request.failure})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"uncaught {error.name}: {error.message}"))
    context.on("requestfailed", on_failed)
    return errors


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
