"""`dateline serve`: read-only web UI and JSON API (see app.create_app)."""
