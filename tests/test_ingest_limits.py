"""The per-file record limit (IngestOptions.max_records) as the feed and JSON-array readers keep it: the first
`max_records` items become articles, then one E016 rejection says where reading stopped."""
from __future__ import annotations

import json

from dateline.ingest import IngestOptions
from dateline.ingest.feeds import read_feed
from dateline.ingest.jsonl import read_json
from dateline.ingest.options import read_records
from dateline.records import RawArticle, Rejection

LIMIT = IngestOptions(max_records=3)


def test_read_records_numbers_from_one_and_stops_at_the_limit():
    seen = []

    def read(number, item):
        seen.append(number)
        return f"{number}:{item}"

    out = list(read_records("abcde", read, origin="f", max_records=2, what="letters"))
    assert out[:2] == ["1:a", "2:b"] and seen == [1, 2]  # nothing past the limit is read
    assert isinstance(out[2], Rejection) and len(out) == 3
    assert out[2].code == "E016" and out[2].reason == "f: more than 2 letters; items from 3 on were not read"


def test_read_records_under_the_limit_has_no_rejection():
    assert list(read_records([10, 20], lambda n, x: n * x, origin="f", max_records=2, what="x")) == [10, 40]


def test_feed_items_over_the_limit():
    items = "".join(f"<item><title>T{i}</title><description>Story number {i} happened.</description></item>"
                    for i in range(1, 6))
    data = f"<rss><channel><title>Outlet</title>{items}</channel></rss>".encode()
    out = list(read_feed(data, origin="feed.xml", source_file="feed.xml", options=LIMIT))
    assert [a.origin for a in out[:3]] == ["feed.xml#item1", "feed.xml#item2", "feed.xml#item3"]
    assert all(isinstance(a, RawArticle) and a.outlet == "Outlet" for a in out[:3])
    assert len(out) == 4 and out[3].code == "E016"
    assert out[3].reason == "feed.xml: more than 3 feed items; items from 4 on were not read"


def test_json_array_over_the_limit():
    data = json.dumps([{"text": f"Article number {i}."} for i in range(1, 6)]).encode()
    out = list(read_json(data, origin="a.json", source_file="a.json", options=LIMIT))
    assert [a.origin for a in out[:3]] == ["a.json#item1", "a.json#item2", "a.json#item3"]
    assert [a.text for a in out[:3]] == ["Article number 1.", "Article number 2.", "Article number 3."]
    assert out[0].raw == json.dumps({"text": "Article number 1."}) and out[0].fmt == "json"
    assert len(out) == 4 and out[3].code == "E016"
    assert out[3].reason == "a.json: more than 3 records; items from 4 on were not read"
