"""dateline: turn a pile of news articles into a sourced, corroborated timeline."""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
