"""Renderers: pure functions from a journey to DOT, HTML or Mermaid text.

    render_dot(journey, personas, view="map", persona=None) -> str    # Graphviz DOT source
    run_dot(source, "svg" | "png" | "pdf") -> bytes                    # needs Graphviz `dot`
    render_html(journey, personas, findings=None, ...) -> str          # self-contained page
    render_index(entries, title) -> str                                # a workspace's index page
    render_mermaid(journey, personas=(), persona=None) -> str          # Mermaid `journey`

`personas` are the journey's personas with library ids resolved (`resolve_personas`).
The names load on first use, so importing `cjm.render` pulls in neither graphviz nor jinja2.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "render_dot": "dot",
    "run_dot": "dot",
    "render_html": "html",
    "render_index": "html",
    "IndexEntry": "html",
    "JourneyLink": "html",
    "render_mermaid": "mermaid",
    "resolve_personas": "common",
    "for_persona": "common",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
