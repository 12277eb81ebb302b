"""The real Mermaid, from npm, drawing cjm's Mermaid output in headless Chromium.

`npm pack` fetches the published package tarball (checked against a pinned integrity hash)
without installing its dependencies: the `dist/mermaid.min.js` bundle inside it is
self-contained. The bundle is kept in `.cache/mermaid/<version>/` of this checkout (git
ignores `.cache/`), so npm and the network are needed only on the first run.

In the page, `mermaid.parse` checks the text, the journey parser's database gives the
scores and actors as Mermaid read them, and `mermaid.render` draws the SVG that GitHub
would show, from which every title, section, task and actor text is read back.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from ..conftest import ROOT
from .browser import Browser

# Mermaid 11 is what GitHub rendered when this was written; 12 is the newest release.
VERSIONS = {
    "11.17.2": "sha512-V6K3C8EBdEsPFZXSKMJe6ppQOENxuHARr9GvHX4hh47lAbhMRD9qf4oEK7LoaRQxULMa80/qt5gHO73aCleBBg==",
    "12.3.0": "sha512-4113TdXeLAsMruJ79OpFL5O8+LTFXhQqZ260rF3tgUmiNAtRm4Uume04I+65PRN6yZ69J4f8rVYWW8zRk65UYw==",
}
CACHE = ROOT / ".cache" / "mermaid"
BUNDLE = "package/dist/mermaid.min.js"


def mermaid_bundle(version: str) -> Path:
    """Path of `mermaid.min.js` of `version`, fetched with `npm pack` on first use."""
    target = CACHE / version / "mermaid.min.js"
    if target.exists():
        return target
    npm = shutil.which("npm")
    assert npm, "npm is missing: install Node.js with npm (Debian: apt-get install npm) to test cjm's Mermaid output"
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        result = subprocess.run(
            [npm, "pack", f"mermaid@{version}", "--pack-destination", tmp, "--json", "--silent"],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, f"npm pack mermaid@{version} failed:\n{result.stdout}{result.stderr}"
        tarball = Path(tmp) / json.loads(result.stdout)[0]["filename"]
        digest = "sha512-" + base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
        assert digest == VERSIONS[version], (
            f"mermaid@{version} from npm has integrity {digest}, expected {VERSIONS[version]}"
        )
        with tarfile.open(tarball) as tar:
            member = tar.extractfile(BUNDLE)
            assert member is not None, f"{BUNDLE} is missing from mermaid@{version}"
            partial = Path(tmp) / "mermaid.min.js"
            partial.write_bytes(member.read())
        os.replace(partial, target)  # atomic: an interrupted run leaves no half bundle
    return target


# Reads the drawing: the diagram title, section and task labels (both the HTML label and its
# SVG <text> fallback), the actor legend and each task's actor tooltips. The parser's
# database holds Mermaid's entity placeholders; they are decoded as Mermaid decodes them.
_DRAW = r"""
(async (texts) => {
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
  const decode = (s) => {
    const t = document.createElement("textarea");
    t.innerHTML = s.replace(/ﬂ°°/g, "&#").replace(/ﬂ°/g, "&").replace(/¶ß/g, ";");
    return t.value;
  };
  const all = (root, css) => [...root.querySelectorAll(css)].map((e) => e.textContent);
  const results = [];
  for (const [i, text] of texts.entries()) {
    const out = {};
    try {
      out.parsed = (await mermaid.parse(text)).diagramType;
      const db = (await mermaid.mermaidAPI.getDiagramFromText(text)).db;
      out.db = {
        title: decode(db.getDiagramTitle()),
        tasks: db.getTasks().map((t) => ({
          section: decode(t.section), task: decode(t.task), score: t.score, people: t.people.map(decode),
        })),
      };
      const { svg } = await mermaid.render(`cjm${i}`, text);
      const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
      const root = doc.documentElement;
      out.svg = {
        error: all(doc, "parsererror"),
        title: all(root, ":scope > text[font-weight='bold']"),
        sections: all(root, "foreignObject div.journey-section"),
        section_texts: all(root, "text.journey-section"),
        tasks: all(root, "foreignObject div.task"),
        task_texts: all(root, "text.task"),
        legend: all(root, "text.legend"),
        task_actors: [...root.querySelectorAll("rect.task")].map(
          (r) => [...r.parentNode.querySelectorAll("title")].map((t) => t.textContent)),
        scripts: root.querySelectorAll("script").length,
      };
    } catch (e) {
      out.error = String(e);
    }
    results.push(out);
  }
  return JSON.stringify(results);
})
"""


def draw(browser: Browser, version: str, texts: list[str]) -> list[dict[str, Any]]:
    """What Mermaid `version` makes of each Mermaid source in `texts`."""
    bundle = mermaid_bundle(version)
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "mermaid.html"
        page.write_text(
            f'<!doctype html><meta charset="utf-8"><script src="{bundle.as_uri()}"></script><body></body>',
            encoding="utf-8",
        )
        result = browser.open(page.as_uri(), evaluate=(f"{_DRAW}({json.dumps(texts)})",))
    assert result.console_errors == [], result.console_errors
    assert isinstance(result.values[0], str), f"the page did not run Mermaid: {result.values}"
    return json.loads(result.values[0])
