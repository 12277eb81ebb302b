"""The real yaml-language-server (the server behind VS Code's YAML extension), over stdio.

It is installed with npm, pinned, into `.cache/yaml-language-server/` of this checkout (kept
between runs). `YamlLanguageServer` speaks just enough LSP to open a document and read what
an editor would show: diagnostics and completions.
"""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from ..conftest import ROOT

VERSION = "1.19.2"
CACHE = ROOT / ".cache" / "yaml-language-server"
_SERVER = CACHE / "node_modules" / "yaml-language-server"


def server_command() -> list[str]:
    """`node .../yaml-language-server --stdio`, installing the pinned version first if needed.

    Fails (never skips) when Node.js or npm is missing: editor support is part of what
    `cjm init` promises, so it must be tested everywhere the suite runs."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.fail(
            "Node.js and npm are needed to test editor support with yaml-language-server: install them "
            "(Debian/Ubuntu: sudo apt-get install nodejs npm; as root `scripts/system-deps.sh --with-browser` does it)"
        )
    if _installed_version() != VERSION:
        CACHE.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [
                npm,
                "install",
                "--prefix",
                str(CACHE),
                "--no-audit",
                "--no-fund",
                "--save-exact",
                f"yaml-language-server@{VERSION}",
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if result.returncode != 0 or _installed_version() != VERSION:
            pytest.fail(f"npm could not install yaml-language-server@{VERSION}:\n{result.stdout}{result.stderr}")
    return [node, str(_SERVER / "bin" / "yaml-language-server"), "--stdio"]


def _installed_version() -> str | None:
    try:
        return json.loads((_SERVER / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return None


class YamlLanguageServer:
    """One server process for one workspace folder; use as a context manager."""

    def __init__(self, root: Path, settings: dict[str, Any]) -> None:
        self.root = root
        # What VS Code sends as the `yaml` section: validation and completion on, and no
        # download of the schemastore catalog (the test must not depend on the network).
        self.settings = {"yaml": {"validate": True, "completion": True, "schemaStore": {"enable": False}, **settings}}
        self._next_id = 0
        self._responses: dict[int, Any] = {}
        self._diagnostics: queue.Queue[dict[str, Any]] = queue.Queue()
        self._lock = threading.Condition()
        self._write_lock = threading.Lock()  # the reader thread answers the server's requests too
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in __exit__)

    def __enter__(self) -> YamlLanguageServer:
        self.proc = subprocess.Popen(
            server_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log, cwd=self.root
        )
        threading.Thread(target=self._read, daemon=True).start()
        uri = self.root.as_uri()
        self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": uri,
                "workspaceFolders": [{"uri": uri, "name": self.root.name}],
                "capabilities": {"textDocument": {"completion": {"completionItem": {"snippetSupport": False}}}},
            },
        )
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": self.settings})
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.request("shutdown", None, timeout=10)
            self.notify("exit", None)
            self.proc.wait(timeout=10)
        except (OSError, AssertionError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        self._log.close()

    # -- what an editor does

    def open(self, path: Path, text: str) -> str:
        uri = path.as_uri()
        self.notify(
            "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}
        )
        return uri

    def diagnostics(self, uri: str, *, at_least: int, timeout: float = 60) -> list[dict[str, Any]]:
        """The latest diagnostics published for `uri` once there are `at_least` of them (the
        server may first publish an empty list, before the schema has loaded)."""
        deadline = time.monotonic() + timeout
        latest: list[dict[str, Any]] = []
        while time.monotonic() < deadline:
            try:
                params = self._diagnostics.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            if params["uri"] == uri:
                latest = params["diagnostics"]
                if len(latest) >= at_least:
                    return latest
        raise AssertionError(f"fewer than {at_least} diagnostics for {uri} within {timeout}s: {latest}")

    def completion_labels(self, uri: str, line: int, character: int) -> list[str]:
        result = self.request(
            "textDocument/completion",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )
        items = result["items"] if isinstance(result, dict) else result or []
        return [item["label"] for item in items]

    # -- JSON-RPC over stdio

    def request(self, method: str, params: Any, timeout: float = 60) -> Any:
        with self._lock:
            self._next_id += 1
            rid = self._next_id
        self._send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        with self._lock:
            if not self._lock.wait_for(lambda: rid in self._responses or self.proc.poll() is not None, timeout):
                raise AssertionError(f"yaml-language-server did not answer {method} within {timeout}s")
            if rid not in self._responses:
                raise AssertionError(f"yaml-language-server exited:\n{self.log()}")
            message = self._responses.pop(rid)
        assert "error" not in message, f"{method}: {message['error']}"
        return message.get("result")

    def log(self) -> str:
        """What the server wrote to stderr so far."""
        self._log.seek(0)
        return self._log.read().decode("utf-8", errors="replace")

    def notify(self, method: str, params: Any) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message).encode("utf-8")
        assert self.proc.stdin is not None
        with self._write_lock:
            self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.proc.stdin.flush()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = None
            while (line := out.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            if not line or length is None:
                with self._lock:
                    self._lock.notify_all()
                return
            message = json.loads(out.read(length))
            if "id" in message and "method" in message:
                self._answer(message)
            elif "id" in message:
                with self._lock:
                    self._responses[message["id"]] = message
                    self._lock.notify_all()
            elif message.get("method") == "textDocument/publishDiagnostics":
                self._diagnostics.put(message["params"])

    def _answer(self, message: dict[str, Any]) -> None:
        """Requests from the server: the settings it asks for, and null for everything else
        (registering capabilities, progress), as a minimal client may answer."""
        result: Any = None
        if message["method"] == "workspace/configuration":
            result = [self.settings.get(item.get("section"), None) for item in message["params"]["items"]]
        self._send({"jsonrpc": "2.0", "id": message["id"], "result": result})
