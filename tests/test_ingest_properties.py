"""Property tests: the readers never raise on arbitrary bytes and only yield RawArticle | Rejection."""
from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.errors import CODES
from dateline.ingest import IngestOptions, read_bytes
from dateline.ingest.feeds import read_feed
from dateline.ingest.html import read_html
from dateline.ingest.jsonl import read_json, read_jsonl
from dateline.ingest.text import read_text
from dateline.ingest.warc import read_warc
from dateline.records import RawArticle, Rejection

SMALL = IngestOptions(max_bytes=50_000, max_line_chars=2_000, max_records=20, max_decompressed_bytes=100_000)
NAMES = ["a.txt", "a.html", "a.jsonl", "a.json", "a.rss", "a.atom", "a.warc", "a.txt.gz", "noext", "a.xml"]
PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Bytes that look a little like the formats, so the parsers get past their first checks.
PREFIXES = [b"", b" date 2024-01-02 ", b"\xef\xbb\xbf", b"\xff\xfe", b"\x1f\x8b\x08\x00", b"WARC/1.0\r\n",
            b'{"text": "', b"[", b"<?xml version='1.0'?><rss><channel><item><description>", b"<html><body><p>",
            b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><content>', b"<!DOCTYPE x [<!ENTITY a 'b'>]>"]
junk = st.builds(lambda p, b: p + b, st.sampled_from(PREFIXES), st.binary(max_size=600))


def check(results, origin_prefix):
    for item in results:
        assert isinstance(item, (RawArticle, Rejection))
        assert item.origin.startswith(origin_prefix)
        if isinstance(item, Rejection):
            assert item.code in CODES and item.code != "E019", item  # E019 would mean a reader raised
            assert item.reason and "\n" not in item.reason
        else:
            assert item.text and item.text == item.text.strip()


@PROPS
@given(junk, st.sampled_from(NAMES))
def test_read_bytes_never_raises(data, name):
    check(list(read_bytes(data, name=name, origin=name, source_file=name, options=SMALL)), name)


@PROPS
@given(junk)
def test_each_reader_never_raises(data):
    for reader in (read_text, read_jsonl, read_json, read_feed, read_warc):
        check(list(reader(data, origin="x", source_file="x", options=SMALL)), "x")


@settings(max_examples=60, deadline=None)
@given(junk)
def test_html_reader_never_raises(data):
    check(list(read_html(data, origin="x", source_file="x", options=SMALL)), "x")


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                               st.sampled_from(["text", "title", "date", "url", "source", "author", "x", "body"]),
                               inner, max_size=5), max_leaves=20)


@PROPS
@given(st.lists(json_values, min_size=1, max_size=8), st.lists(st.integers(0, 7), max_size=3))
def test_jsonl_one_result_per_line(values, broken):
    lines = [json.dumps(v) for v in values]
    for index in broken:
        if index < len(lines):
            lines[index] = lines[index][:-1] + "}} garbage"
    data = "\n".join(lines).encode()
    results = list(read_jsonl(data, origin="f", source_file="f", options=SMALL))
    check(results, "f")
    assert [r.origin for r in results] == [f"f#L{i}" for i in range(1, len(lines) + 1)]
