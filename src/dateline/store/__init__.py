"""The SQLite store (see db.py)."""
from dateline.store.db import AddResult, AnalysisCache, ArticleCache, SearchHit, Store, open_store

__all__ = ["AddResult", "AnalysisCache", "ArticleCache", "SearchHit", "Store", "open_store"]
