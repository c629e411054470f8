"""Decode bytes to text and sniff an input's format from its name and its first bytes.

Decoding order: BOMs (UTF-8, UTF-16, UTF-32) → binary check (NUL bytes, magic numbers, control characters) →
strict UTF-8 → "mostly UTF-8 with a few broken bytes" (replaced) → a legacy 8-bit encoding guessed by
charset-normalizer (cp1252/Latin-1 in practice). Anything else raises InputError with a code from errors.CODES.
"""
from __future__ import annotations

import codecs
import re

from dateline.errors import InputError

# Magic numbers of common binary formats that may sit in a news folder; checked before any decoding.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX)"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ", "Windows executable"),
    (b"\xd0\xcf\x11\xe0", "MS Office document"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"RIFF", "RIFF media file"),
    (b"OggS", "Ogg media file"),
    (b"ID3", "MP3 audio"),
)
GZIP_MAGIC = b"\x1f\x8b"

# C0 controls other than tab, newline, vertical tab, form feed and carriage return (and ESC, seen in terminal logs).
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
# One well-formed UTF-8 multi-byte sequence.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")

# Text may contain this share of control characters before it is called binary.
_MAX_CONTROL_SHARE = 0.01
# UTF-8 with a few broken bytes (a bad copy-paste) is repaired with U+FFFD below this share of bad bytes.
_MAX_BROKEN_UTF8_SHARE = 0.001

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def binary_kind(data: bytes) -> str | None:
    """Name the binary format `data` looks like, or None when it may be text. Does not look past 64 KiB."""
    for magic, name in _BINARY_MAGIC:
        if data.startswith(magic):
            # "MZ"/"ID3"/"BZh"/"GIF8"/"RIFF" are short enough to begin a text file; demand a NUL nearby too.
            if len(magic) <= 4 and b"\x00" not in data[:1024] and name not in ("PNG image", "JPEG image"):
                continue
            return name
    head = data[:65536]
    if b"\x00" in head and _utf16_without_bom(head) is None:
        return "NUL bytes"
    if head and len(_CONTROL_BYTES.findall(head)) > _MAX_CONTROL_SHARE * len(head):
        return "control characters"
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit in every other byte as in ASCII-heavy UTF-16 text, else None."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.3 and even_nul < 0.02:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.02:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, *, origin: str) -> str:
    """Decode one input's bytes to str, or raise InputError (E004 binary, E006 undecodable).

    The BOM is dropped; line endings are left alone (readers normalise them).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as err:
                raise InputError(f"invalid {encoding} after its byte-order mark ({err.reason} at byte "
                                 f"{err.start + len(bom)})", code="E006", origin=origin) from None
            _refuse_control_text(text, origin=origin)
            if encoding.startswith("utf-16"):
                _refuse_misread_utf16(data[len(bom):], encoding, origin=origin)
            return text
    utf16 = _utf16_without_bom(data[:65536]) if b"\x00" in data[:65536] else None
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError as err:
            raise InputError(f"invalid {utf16} ({err.reason} at byte {err.start})", code="E006", origin=origin) from None
        _refuse_control_text(text, origin=origin)
        return text
    kind = binary_kind(data)
    if kind:
        raise InputError(f"looks binary ({kind}), not text", code="E004", origin=origin)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        first_bad = err.start
    # Text with real UTF-8 sequences is UTF-8, however broken (cp1252 text almost never forms them by chance):
    # repair a few bad bytes rather than mis-decode every accented letter; refuse a mess.
    good_sequences = len(_UTF8_MULTIBYTE.findall(data))
    repaired = data.decode("utf-8", errors="replace")
    bad = repaired.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    if good_sequences >= 3 and good_sequences * 4 >= bad:
        if bad <= max(1, _MAX_BROKEN_UTF8_SHARE * len(data)):
            return repaired
        raise InputError(f"invalid UTF-8 ({bad} broken byte sequences, first at byte {first_bad})",
                         code="E006", origin=origin)
    return _decode_legacy(data, origin=origin)


# In Latin-script text decoded with the right single-byte code page, accented letters are a minority of letters;
# Cyrillic or Greek bytes read as cp1252 come out as runs of accented Latin letters.
_MAX_LATIN_ACCENT_SHARE = 0.3


def _decode_legacy(data: bytes, *, origin: str) -> str:
    """A legacy single-byte encoding: cp1252 when it reads as Latin-script text, else charset-normalizer's guess."""
    text = _plausible_cp1252(data)
    if text is None:
        from charset_normalizer import from_bytes  # imported lazily: only non-Western legacy inputs pay for it

        best = from_bytes(data[:1_000_000]).best()
        encoding = best.encoding if best is not None else None
        if encoding is None or encoding.replace("_", "-").startswith("utf"):
            raise InputError("text could not be decoded (not UTF-8, and no single-byte encoding fits)",
                             code="E006", origin=origin)
        text = data.decode(encoding, errors="replace")
    _refuse_control_text(text, origin=origin)
    return text


def _plausible_cp1252(data: bytes) -> str | None:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = [ch for ch in text[:200_000] if ch.isalpha()]
    accented = sum(1 for ch in letters if ord(ch) > 127)
    return text if letters and accented <= _MAX_LATIN_ACCENT_SHARE * len(letters) else None


# 8-bit text behind a stray UTF-16 byte-order mark decodes into CJK-looking nonsense ("garbage" -> "条扲条"). Its
# bytes give it away: nearly all printable ASCII with spaces among them, and almost no zero bytes, where UTF-16 of a
# Latin script is half zero bytes and UTF-16 of CJK text has few printable bytes and fewer spaces.
_PRINTABLE_BYTES = frozenset(range(0x20, 0x7F)) | {0x09, 0x0A, 0x0D}


def _refuse_misread_utf16(payload: bytes, encoding: str, *, origin: str) -> None:
    head = payload[:4096]
    if len(head) < 16:
        return
    n = len(head)
    printable = sum(1 for b in head if b in _PRINTABLE_BYTES)
    if head.count(0) <= max(1, 0.05 * n) and printable >= 0.8 * n and head.count(0x20) >= 0.05 * n:
        raise InputError(f"not {encoding} text: the bytes after its byte-order mark are 8-bit text", code="E006",
                         origin=origin)


def _refuse_control_text(text: str, *, origin: str) -> None:
    head = text[:65536]
    if "\x00" in head or (head and len(_CONTROL_CHARS.findall(head)) > _MAX_CONTROL_SHARE * len(head)):
        raise InputError("looks binary (control characters after decoding), not text", code="E004", origin=origin)


_TEXT_EXTS = {".txt", ".text", ".md", ".story"}
_HTML_EXTS = {".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx"}
_JSONL_EXTS = {".jsonl", ".ndjson", ".jsonlines"}
_JSON_EXTS = {".json"}
_FEED_EXTS = {".rss", ".atom", ".xml", ".rdf"}
_WARC_EXTS = {".warc", ".arc"}
_FEED_ROOT = re.compile(r"<(?:[\w-]+:)?(?:rss|feed|RDF)[\s>]")
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|title|div|p|article)[\s>/]", re.I)
# A JSON document starts with an object key or an array of values; "[UPDATED] Headline" is text.
_JSON_START = re.compile(r'(?:\{\s*(?:"|\}|$)|\[\s*(?:[\{\["\d\-\]]|true|false|null|$))')
FORMATS = ("gzip", "warc", "feed", "html", "jsonl", "json", "text")


def _head_text(head: bytes) -> str:
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return head[len(bom):].decode(encoding, errors="ignore")
    utf16 = _utf16_without_bom(head) if b"\x00" in head else None
    return head.decode(utf16 or "utf-8", errors="ignore")


def _extension(name: str) -> str:
    base = name.rsplit("/", 1)[-1].lower()
    return "." + base.rsplit(".", 1)[1] if "." in base else ""


def sniff_format(name: str, head: bytes) -> str:
    """One of FORMATS for an input called `name` whose first bytes are `head` (a few KiB is enough).

    Content decides when it is unambiguous (gzip/WARC magic, an XML feed root, an HTML document start, a JSON
    opening bracket); otherwise the extension; otherwise plain text.
    """
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    if head.startswith(b"WARC/"):
        return "warc"
    ext = _extension(name)
    text = _head_text(head).lstrip()
    lowered = text[:4096].lower()
    if text.startswith("<"):
        if _FEED_ROOT.search(text[:4096]) and not lowered.startswith(("<!doctype html", "<html")):
            return "feed"
        if _HTML_START.search(text[:4096]) or ext in _HTML_EXTS:
            return "html"
        if ext in _FEED_EXTS:
            return "feed"
        return "html" if "</" in text else "text"
    if _JSON_START.match(text) and ext not in _TEXT_EXTS:
        if ext in _JSONL_EXTS:
            return "jsonl"
        if ext in _JSON_EXTS or text.startswith("["):
            return "json"
        return "jsonl"
    if ext in _HTML_EXTS:
        return "html"
    if ext in _JSONL_EXTS:
        return "jsonl"
    if ext in _JSON_EXTS:
        return "json"
    if ext in _FEED_EXTS:
        return "feed"
    if ext in _WARC_EXTS:
        return "warc"
    return "text"
