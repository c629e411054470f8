"""The SQLite store (see db.py)."""
from dateline.store.db import AddResult, SearchHit, Store, open_store

__all__ = ["AddResult", "SearchHit", "Store", "open_store"]
