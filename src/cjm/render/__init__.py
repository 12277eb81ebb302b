"""Renderers: pure functions from a journey to DOT, SVG, HTML or Mermaid text."""
