"""One exception hierarchy with an error catalogue.

Each error has a stable code (E0xx) so rejections stored in the DB and messages on the terminal can be looked up.
Messages are one line and name the file (or origin) and the reason.
"""
from __future__ import annotations

CODES: dict[str, str] = {
    "E001": "path does not exist",
    "E002": "path is not readable (permission denied or I/O error)",
    "E003": "file is empty or has no article text",
    "E004": "file looks binary (NUL bytes or non-text content)",
    "E005": "file is larger than the size limit",
    "E006": "text could not be decoded",
    "E007": "unsupported or unrecognised format",
    "E008": "malformed JSON line",
    "E009": "malformed or unsafe XML (feed)",
    "E010": "malformed HTML (no main text found)",
    "E011": "malformed or truncated WARC",
    "E012": "truncated or corrupt compressed file",
    "E013": "symlink loop or path cycle",
    "E014": "line longer than the line-length limit",
    "E015": "record is missing its text field",
    "E016": "too many records in one file",
    "E017": "nesting too deep",
    "E018": "decompressed size over the limit",
    "E019": "unexpected error while reading this input",
    "E020": "database error",
    "E021": "database schema is newer than this version of dateline",
    "E030": "analysis failed for this article",
    "E040": "invalid configuration",
    "E041": "invalid command-line argument",
    "E050": "URL fetching refused (scheme, address or limit)",
}


class DatelineError(Exception):
    """Base class. `code` is a key of CODES; str(err) is the one-line message."""

    code = "E000"

    def __init__(self, message: str, *, code: str | None = None, origin: str | None = None):
        if code is not None:
            self.code = code
        self.origin = origin
        self.reason = message
        super().__init__(f"{origin}: {message}" if origin else message)


class InputError(DatelineError):
    """An input file or record is unusable; becomes a Rejection when it is one of many."""

    code = "E007"


class StoreError(DatelineError):
    code = "E020"


class ConfigError(DatelineError):
    code = "E040"


class FetchError(DatelineError):
    code = "E050"
