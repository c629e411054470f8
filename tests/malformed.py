"""A reusable generator of malformed (and a few good) inputs for ingest and store-level robustness tests.

    cases = write_malformed_corpus(tmp_path / "corpus")
    # cases: [(relative origin, expected code or None), ...]

An entry's first element is the origin relative to the corpus directory: a file name, or a file name plus a
record suffix ("bad_lines.jsonl#L2", "feed_mixed.rss#item1", "truncated.warc#rec1"). The expected code is an
errors.CODES key for a Rejection, or None for an input (or record) that must come through as a RawArticle.

Everything is written inside `dir`, except the cases in EXPLICIT_ONLY: paths that by nature are not in a directory
listing (a missing file) must be passed to read_inputs explicitly, as `str(dir / name)`.

Unreadable files: tests run as root, so chmod 000 does not stop a read. The corpus instead holds a FIFO
(`fifo.txt`, a special file that must be refused without opening it, E002); tests/test_ingest_malformed.py also
monkeypatches the file opener to raise PermissionError for one file (E002).
"""
from __future__ import annotations

import codecs
import gzip
import io
import json
import os
from pathlib import Path

EXPLICIT_ONLY = ("does-not-exist.txt",)

_STORY = (
    "HARBORVILLE — The ferry service between Harborville and the island of Tessel was suspended on Monday after "
    "a hull inspection found corrosion on two of the three vessels, the transit authority said.\n\n"
    "Officials said repairs would take at least three weeks. About 4,000 commuters use the route every day.\n\n"
    "\"Safety comes first, even when it is inconvenient,\" said Ines Varga, the authority's director of "
    "operations, adding that a replacement bus service would run from Wednesday.\n"
)

_HTML_GOOD = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Ferry service suspended | The Harborville Courier</title>
<meta property="og:site_name" content="The Harborville Courier"><meta name="author" content="Tomas Lind">
<meta property="article:published_time" content="2025-02-03T10:00:00+01:00">
<link rel="canonical" href="https://courier.example/ferry-suspended"></head>
<body><nav><a href="/">Home</a> <a href="/local">Local</a></nav><article><h1>Ferry service suspended</h1>
<p>HARBORVILLE — The ferry service between Harborville and the island of Tessel was suspended on Monday after
a hull inspection found corrosion on two of the three vessels, the transit authority said.</p>
<p>Officials said repairs would take at least three weeks. About 4,000 commuters use the route every day, and
many of them said they had not been warned.</p>
<p>"Safety comes first, even when it is inconvenient," said Ines Varga, the authority's director of operations,
adding that a replacement bus service would run from Wednesday.</p></article>
<footer>Copyright 2025 The Harborville Courier</footer></body></html>"""

_RSS_GOOD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Tessel Weekly</title><link>https://tessel.example/</link><language>en</language>
<item><title>Ferry suspended</title><link>https://tessel.example/a1</link>
<pubDate>Mon, 03 Feb 2025 09:00:00 +0000</pubDate>
<content:encoded><![CDATA[<p>The ferry to Tessel was suspended on Monday.</p><p>Repairs will take weeks.</p>]]></content:encoded>
</item>
%s
</channel></rss>"""

_ATOM_GOOD = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Island Notes</title>
<entry><title>Buses replace the ferry</title><link href="https://notes.example/buses"/>
<published>2025-02-05T08:00:00Z</published><author><name>R. Oda</name></author>
<content type="html">&lt;p&gt;Replacement buses started running on Wednesday.&lt;/p&gt;&lt;p&gt;Queues were long.&lt;/p&gt;</content>
</entry></feed>"""

_BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
<!ENTITY lol "lol">
<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Bomb</title><item><title>x</title><description>&lol9;</description></item>
</channel></rss>"""

_XXE = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>XXE</title><item><title>x</title><description>&xxe;</description></item>
</channel></rss>"""


def _warc_bytes(records: int = 2, *, gzip_records: bool = False) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip_records)
    for index in range(records):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(f"https://courier.example/story-{index}", "response",
                                           payload=io.BytesIO(_HTML_GOOD.encode("utf-8")), http_headers=headers)
        writer.write_record(record)
    return buffer.getvalue()


def _noise_text(seed: int, words: int = 200) -> str:
    """Deterministic text that compresses poorly, so a cut near the end of a .gz only loses the last line."""
    state, out = seed * 7919 + 1, []
    for _ in range(words):
        state = (state * 1103515245 + 12345) % 2**31
        out.append("".join(chr(97 + (state >> shift) % 26) for shift in (3, 8, 13, 18, 23)[: 2 + state % 4]))
    return " ".join(out)


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=6, mtime=0)


def write_malformed_corpus(dir: os.PathLike | str) -> list[tuple[str, str | None]]:  # noqa: A002 (brief's name)
    """Write the corpus into `dir` (created if needed) and return [(relative origin, expected code or None)]."""
    root = Path(dir)
    root.mkdir(parents=True, exist_ok=True)
    cases: list[tuple[str, str | None]] = []

    def put(name: str, data: bytes | str, expected: str | None | list[tuple[str, str | None]]) -> None:
        (root / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        if isinstance(expected, list):
            cases.extend((f"{name}{suffix}", code) for suffix, code in expected)
        else:
            cases.append((name, expected))

    story = _STORY.encode("utf-8")
    # --- good inputs -----------------------------------------------------------------------------------------
    put("good_header.txt", " date 2025-02-03 " + _STORY, None)
    put("good_plain.txt", _STORY, None)
    put("good_utf8_bom.txt", codecs.BOM_UTF8 + story, None)
    put("good_utf16.txt", codecs.BOM_UTF16_LE + _STORY.encode("utf-16-le"), None)
    put("good_cp1252.txt", _STORY.replace("—", "-").replace("\"", "\u201c", 1).encode("cp1252")
        + "Caf\u00e9 owners said tourism would suffer.\n".encode("cp1252"), None)
    put("good_bad_header_date.txt", " date 2025-13-45 " + _STORY, None)
    put("good.html", _HTML_GOOD, None)
    put("good.jsonl", "\n".join(json.dumps({"id": i, "text": _STORY, "date": "2025-02-03", "source": "Wire"})
                                for i in range(2)) + "\n", [("#L1", None), ("#L2", None)])
    put("good.rss", _RSS_GOOD % "", [("#item1", None)])
    put("good.atom", _ATOM_GOOD, [("#item1", None)])
    put("good.warc.gz", _warc_bytes(2, gzip_records=True), [("#rec1", None), ("#rec2", None)])
    put("good.txt.gz", _gzip(b" date 2025-02-04 " + story), None)
    put("good_array.json", json.dumps([{"content": _STORY, "headline": "Ferry"}]), [("#item1", None)])

    # --- empty and binary ------------------------------------------------------------------------------------
    put("empty.txt", b"", "E003")
    put("whitespace_only.txt", b"  \n\n\t \r\n", "E003")
    put("header_only.txt", " date 2025-02-03 \n", "E003")
    put("random.bin", bytes((i * 7919 + 13) % 256 for i in range(4096)), "E004")
    put("nul_bytes.txt", story[:100] + b"\x00\x00\x00" + story[100:] + b"\x00", "E004")
    put("image.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "E004")
    put("report.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> stream\n\x00\x01\x02endstream", "E004")
    put("control_chars.txt", b"\x01\x02\x03\x04\x05\x06" * 200 + story, "E004")
    put("archive.zip", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(200), "E004")
    # --- sizes and lines -------------------------------------------------------------------------------------
    put("huge_one_line.txt", b"a" * (50 * 1024 * 1024), "E005")  # 50 MB on one line: over the 20 MB file limit
    put("long_line.txt", b"word " * 500_000, "E014")  # 2.5 M characters on one line, under the size limit
    # --- encodings -------------------------------------------------------------------------------------------
    put("invalid_utf8.txt", ("Caf\u00e9 r\u00e9sum\u00e9 na\u00efve \u2014 ".encode("utf-8") + b"\xc3\x28\xa0\xa1 ")
        * 300, "E006")
    put("bad_utf16.txt", codecs.BOM_UTF16_LE + "Ferry news ".encode("utf-16-le") + b"\x00\xd8\x41\x00" * 50,
        "E006")
    # --- HTML ------------------------------------------------------------------------------------------------
    put("broken.html", "<html><head><title>x</title></head><body><div><p></div><ul><li><a href='/'>Home</a>"
                       "<li><a href='/a'>About", "E010")
    put("script_only.html", "<!DOCTYPE html><html><body><script>var a = 1;</script></body></html>", "E010")
    # --- compression -----------------------------------------------------------------------------------------
    put("truncated.txt.gz", _gzip(story * 20)[:-40], "E012")
    put("corrupt.gz", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"this is not deflate data" * 10, "E012")
    chunk = gzip.compress(b"a" * (1024 * 1024), compresslevel=9, mtime=0)
    put("gzip_bomb.txt.gz", chunk * 201, "E018")  # 201 members of 1 MiB each: over the 200 MiB default
    put("nested.txt.gz.gz.gz", _gzip(_gzip(_gzip(story))), "E017")
    put("truncated_lines.jsonl.gz", _gzip("\n".join(json.dumps({"text": _noise_text(seed)})
                                                   for seed in range(4)).encode("utf-8"))[:-30],
        [("#L1", None), ("#L2", None), ("#L3", None), ("", "E012")])
    # --- JSON / JSONL ----------------------------------------------------------------------------------------
    put("bad_lines.jsonl", "\n".join([
        json.dumps({"text": _STORY, "title": "Ferry"}),
        '{"text": "unterminated',
        json.dumps({"body": _STORY}),
        "not json at all",
        json.dumps({"article": _STORY}),
    ]) + "\n", [("#L1", None), ("#L2", "E008"), ("#L3", None), ("#L4", "E008"), ("#L5", None)])
    put("missing_text.jsonl", json.dumps({"title": "No body"}) + "\n" + json.dumps({"text": _STORY}) + "\n",
        [("#L1", "E015"), ("#L2", None)])
    put("empty_text.jsonl", json.dumps({"text": _STORY}) + "\n" + json.dumps({"text": "", "id": 7}) + "\n",
        [("#L1", None), ("#L2", "E003")])
    put("not_objects.jsonl", "[1, 2, 3]\n" + json.dumps({"text": _STORY}) + "\n", [("#L1", "E008"), ("#L2", None)])
    put("blank_lines_only.jsonl", "\n\n  \n", "E003")
    put("deep.json", "[" * 100_000 + "]" * 100_000, "E017")
    put("truncated.json", '[{"text": "The ferry', "E008")
    put("wrong_type.json", json.dumps({"text": 42}), "E015")
    # --- feeds -----------------------------------------------------------------------------------------------
    put("entity_bomb.rss", _BILLION_LAUGHS, "E009")
    put("external_entity.rss", _XXE, "E009")
    put("malformed.rss", "<?xml version='1.0'?><rss><channel><title>x</title><item><description>y</item>", "E009")
    put("no_items.atom", '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>',
        "E003")
    put("feed_mixed.rss", _RSS_GOOD % "<item><title>Only a title</title></item>",
        [("#item1", None), ("#item2", "E003")])
    put("deep_nesting.rss", b"<rss><channel><item><description>" + b"<b>" * 20_000 + b"x" + b"</b>" * 20_000
        + b"</description></item></channel></rss>", "E017")
    put("not_a_feed.xml", '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>', "E007")
    # --- WARC ------------------------------------------------------------------------------------------------
    whole = _warc_bytes(2)
    put("truncated.warc", whole[: len(whole) - 300], [("#rec1", None), ("", "E011")])
    put("garbage.warc", b"WARC/1.0\r\nthis header never ends and has no records\r\n", "E011")
    # --- paths -----------------------------------------------------------------------------------------------
    os.symlink("self_loop.txt", root / "self_loop.txt")
    cases.append(("self_loop.txt", "E013"))
    (root / "cycle").mkdir()
    os.symlink("..", root / "cycle" / "back")
    cases.append(("cycle/back", "E013"))
    os.symlink("nowhere.txt", root / "broken_link.txt")
    cases.append(("broken_link.txt", "E001"))
    os.mkfifo(root / "fifo.txt")  # unreadable stand-in: must be refused without being opened (it would block)
    cases.append(("fifo.txt", "E002"))
    cases.append((EXPLICIT_ONLY[0], "E001"))
    return cases
