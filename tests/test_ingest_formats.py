"""Unit tests of each format reader, the sniffer, decoding and path expansion."""
from __future__ import annotations

import codecs
import gzip
import io
import json

import pytest

from dateline.errors import InputError
from dateline.ingest import IngestOptions, read_bytes, read_inputs
from dateline.ingest.detect import decode_bytes, sniff_format
from dateline.ingest.feeds import html_fragment_to_text
from dateline.ingest.options import normalise_date_hint
from dateline.ingest.text import split_date_header
from dateline.records import RawArticle, Rejection

BODY = ("MILLBROOK — The council voted on Thursday to close the old grain silo, ending a dispute that began "
        "last spring.\n\nResidents had asked for the building to be kept as a museum.")


def only(items):
    items = list(items)
    assert len(items) == 1, items
    return items[0]


# --- text ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("raw, hint, start", [
    (" date 2023-10-26 SEOUL, South Korea (AP) — text", "2023-10-26", "SEOUL, South Korea"),
    (" date 2024-06-24\nThe United States said", "2024-06-24", "The United States"),
    ("Date: 2021-01-05\n\nHeadline here", "2021-01-05", "Headline here"),
    ("date 2023-02-30 Impossible day kept out", None, "Impossible day"),
    ("Dated reports say 2023-10-26 was calm", None, "Dated reports"),
    ("The date 2023-10-26 was calm", None, "The date"),
])
def test_split_date_header(raw, hint, start):
    got_hint, text = split_date_header(raw)
    assert got_hint == hint
    assert text.lstrip().startswith(start)


def test_text_reader_keeps_header_out_of_text_and_normalises_newlines():
    article = only(read_bytes(b" date 2025-03-01 " + BODY.replace("\n", "\r\n").encode(), name="a.txt",
                              origin="d/a.txt", source_file="a.txt"))
    assert article.fmt == "text" and article.date_hint == "2025-03-01" and article.date_hint_source == "header"
    assert article.text.startswith("MILLBROOK") and "\r" not in article.text
    assert "date 2025" in article.raw  # the record as decoded keeps it


# --- decoding and sniffing ----------------------------------------------------------------------------------
@pytest.mark.parametrize("data, expected", [
    (codecs.BOM_UTF8 + "café".encode(), "café"),
    (codecs.BOM_UTF16_LE + "café".encode("utf-16-le"), "café"),
    (codecs.BOM_UTF16_BE + "café".encode("utf-16-be"), "café"),
    ("Plain café text of some length here".encode("utf-16-le"), "Plain café text of some length here"),
    ("Der Bürgermeister sagte, dass die Brücke geschlossen bleibt.".encode("cp1252"),
     "Der Bürgermeister sagte, dass die Brücke geschlossen bleibt."),
    ("It’s “quoted” — done".encode("cp1252"), "It’s “quoted” — done"),
])
def test_decode_bytes(data, expected):
    assert decode_bytes(data, origin="x") == expected


def test_decode_repairs_a_stray_byte_in_utf8_but_refuses_many():
    text = ("Caf\u00e9 \u2014 " * 2000).encode("utf-8")
    assert "\ufffd" in decode_bytes(text[:100] + b"\xff" + text[100:], origin="x")
    with pytest.raises(InputError) as err:
        decode_bytes(b"\xc3\xa9\xff" * 100, origin="x")
    assert err.value.code == "E006"


@pytest.mark.parametrize("name, head, fmt", [
    ("a.txt", b"Plain words", "text"),
    ("a", b"<!DOCTYPE html><html><body>", "html"),
    ("a.txt", b"<html><body><p>x</p>", "html"),
    ("a.xml", b'<?xml version="1.0"?><rss version="2.0">', "feed"),
    ("feed", b'<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
    ("a.jsonl", b'{"text": "x"}', "jsonl"),
    ("a.json", b'[{"text": "x"}]', "json"),
    ("noext", b'{"text": "x"}\n{"text": "y"}', "jsonl"),
    ("a.txt", b'{"text": "x"}', "text"),
    ("a.warc", b"WARC/1.0\r\n", "warc"),
    ("a.txt.gz", b"\x1f\x8b\x08", "gzip"),
    ("a.html", b"Just words in a file named html", "html"),
])
def test_sniff_format(name, head, fmt):
    assert sniff_format(name, head) == fmt


@pytest.mark.parametrize("value, expected", [
    ("2010-04-20", "2010-04-20"),
    ("2010-04-20T23:30:00-05:00", "2010-04-20"),
    ("20100420", "2010-04-20"),
    ("Tue, 20 Apr 2010 23:30:00 -0500", "2010-04-20"),
    (1271808000, "2010-04-21"),
    (1271808000000, "2010-04-21"),
    ("2010-02-31", None),
    ("", None),
    (None, None),
    ("last Tuesday", "last Tuesday"),
])
def test_normalise_date_hint(value, expected):
    assert normalise_date_hint(value) == expected


# --- HTML ---------------------------------------------------------------------------------------------------
HTML = """<!DOCTYPE html><html lang="en-GB"><head><meta charset="{charset}">
<title>Silo to close | Valley Post</title><meta property="og:site_name" content="Valley Post">
<meta name="author" content="Ada Brenn"><meta property="article:published_time" content="2025-03-06T18:00:00-05:00">
<link rel="canonical" href="https://valley.example/silo"></head><body>
<nav><a href="/">Home</a><a href="/news">News</a></nav>
<article><h1>Silo to close</h1><p>MILLBROOK — The council voted on Thursday to close the old grain silo, ending a
dispute that began last spring.</p><p>Residents had asked for the building to be kept as a museum; the café owner
across the road said she was disappointed.</p><p>The demolition is planned for next month, officials said.</p>
</article><footer>© 2025 Valley Post</footer></body></html>"""


def test_html_metadata_and_paragraph_lines():
    article = only(read_bytes(HTML.format(charset="utf-8").encode(), name="silo.html", origin="c/silo.html",
                              source_file="silo.html"))
    assert isinstance(article, RawArticle), article
    assert (article.title, article.author, article.outlet) == ("Silo to close", "Ada Brenn", "Valley Post")
    assert article.url == "https://valley.example/silo"
    assert article.date_hint == "2025-03-06" and article.date_hint_source == "html-meta"
    assert article.language_hint == "en-gb"
    lines = article.text.split("\n")
    assert any(line.startswith("MILLBROOK") for line in lines) and len(lines) >= 3
    assert "Home" not in lines and "© 2025 Valley Post" not in article.text


def test_html_declared_legacy_charset():
    data = HTML.format(charset="windows-1252").encode("cp1252")
    article = only(read_bytes(data, name="silo.htm", origin="silo.htm", source_file="silo.htm"))
    assert "café owner" in article.text


# --- JSONL / JSON -------------------------------------------------------------------------------------------
def test_jsonl_field_map_and_origins():
    lines = [
        {"id": "a/1", "pub_date": "2010-04-21", "title": None, "text": BODY, "source": "guardian"},
        {"headline": "H", "body": BODY, "publishedAt": "2010-04-22T08:00:00Z", "link": "https://x.example/2",
         "byline": ["A. One", "B. Two"], "lang": "en"},
    ]
    data = "\n".join(json.dumps(x) for x in lines).encode()
    first, second = read_bytes(data, name="dir/a.jsonl", origin="dir/a.jsonl", source_file="a.jsonl")
    assert first.origin == "dir/a.jsonl#L1" and first.outlet == "guardian" and first.date_hint == "2010-04-21"
    assert first.title is None and first.date_hint_source == "jsonl-field"
    assert second.title == "H" and second.url == "https://x.example/2" and second.author == "A. One, B. Two"
    assert second.date_hint == "2010-04-22" and second.language_hint == "en"


def test_jsonl_custom_field_map():
    options = IngestOptions(field_map=(("text", ("story",)), ("date", ("when",))))
    article = only(read_bytes(b'{"story": "Words of the story.", "when": "2020-05-06"}', name="x.jsonl",
                              origin="x.jsonl", source_file="x.jsonl", options=options))
    assert article.text == "Words of the story." and article.date_hint == "2020-05-06"


def test_json_container_and_single_object():
    data = json.dumps({"articles": [{"text": "One."}, {"content": "Two."}, {"title": "none"}]}).encode()
    results = list(read_bytes(data, name="a.json", origin="a.json", source_file="a.json"))
    assert [r.origin for r in results] == ["a.json#item1", "a.json#item2", "a.json#item3"]
    assert isinstance(results[2], Rejection) and results[2].code == "E015"
    article = only(read_bytes(b'{"text": "Only one."}', name="b.json", origin="b.json", source_file="b.json"))
    assert article.text == "Only one." and article.origin == "b.json"


# --- feeds --------------------------------------------------------------------------------------------------
RSS1 = """<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="x"><title>RDF Times</title></channel>
<item rdf:about="https://rdf.example/1"><title>One</title><link>https://rdf.example/1</link>
<description>First &amp; only story.</description><dc:date>2024-12-01T10:00:00Z</dc:date><dc:creator>Kay</dc:creator>
</item></rdf:RDF>"""

ATOM_XHTML = """<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>X Feed</title>
<entry><title type="html">&lt;b&gt;Bold&lt;/b&gt; title</title><updated>2024-01-02T00:00:00Z</updated>
<link rel="self" href="https://a.example/self"/><link rel="alternate" href="https://a.example/post"/>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Para one.</p><p>Para two.</p></div></content>
</entry></feed>"""


def test_rss1_and_atom_xhtml():
    article = only(read_bytes(RSS1.encode(), name="f.rdf", origin="f.rdf", source_file="f.rdf"))
    assert (article.text, article.outlet, article.author) == ("First & only story.", "RDF Times", "Kay")
    assert article.date_hint == "2024-12-01" and article.origin == "f.rdf#item1"
    article = only(read_bytes(ATOM_XHTML.encode(), name="f.atom", origin="f.atom", source_file="f.atom"))
    assert article.text == "Para one.\nPara two." and article.title == "Bold title"
    assert article.url == "https://a.example/post"


def test_html_fragment_to_text():
    assert html_fragment_to_text("<p>One <b>bold</b></p><script>x()</script><ul><li>a</li><li>b</li></ul>") == \
        "One bold\na\nb"
    assert html_fragment_to_text("no markup   at all") == "no markup at all"


# --- gzip, WARC, paths --------------------------------------------------------------------------------------
def test_gzip_inner_format_from_name_and_content():
    data = gzip.compress(json.dumps({"text": "Zipped line."}).encode() + b"\n", mtime=0)
    article = only(read_bytes(data, name="x.jsonl.gz", origin="x.jsonl.gz", source_file="x.jsonl.gz"))
    assert article.fmt == "jsonl" and article.origin == "x.jsonl.gz#L1"


def test_warc_skips_non_html_records():
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    for uri, ctype, body in [("https://a.example/robots.txt", "text/plain", b"User-agent: *"),
                             ("https://a.example/silo", "text/html", HTML.format(charset="utf-8").encode())]:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                      http_headers=headers))
    article = only(read_bytes(buffer.getvalue(), name="c.warc", origin="c.warc", source_file="c.warc"))
    assert article.origin == "c.warc#rec2" and article.fmt == "warc" and article.title == "Silo to close"


def test_directory_walk_is_sorted_recursive_and_deduplicated(tmp_path):
    for rel in ("b/z.txt", "b/a.txt", "a.txt", "c/.hidden.txt", ".git/x.txt"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Article stored at {rel} for the walk test.")
    paths = [str(tmp_path), str(tmp_path / "a.txt")]
    origins = [r.origin[len(str(tmp_path)) + 1:] for r in read_inputs(paths)]
    assert origins == ["a.txt", "b/a.txt", "b/z.txt"]
    hidden = IngestOptions(include_hidden=True)
    assert len(list(read_inputs([str(tmp_path)], options=hidden))) == 5


def test_glob_patterns(tmp_path):
    for name in ("one.txt", "two.txt", "three.md"):
        (tmp_path / name).write_text(f"The article called {name}.")
    results = list(read_inputs([str(tmp_path / "*.txt"), str(tmp_path / "*.nothing")]))
    assert [r.origin.rsplit("/", 1)[-1] for r in results] == ["one.txt", "two.txt", "*.nothing"]
    assert isinstance(results[-1], Rejection) and results[-1].code == "E001"


def test_decode_cyrillic_single_byte_is_not_read_as_cp1252():
    text = "Міська рада проголосувала в четвер за закриття старого зерносховища, мешканці незадоволені."
    decoded = decode_bytes(text.encode("cp1251"), origin="x")
    assert decoded == text


def test_deeply_nested_feed_is_refused_as_too_deep():
    deep = b"<rss><channel><item><description>" + b"<b>" * 5000 + b"x" + b"</b>" * 5000 + \
        b"</description></item></channel></rss>"
    rejection = only(read_bytes(deep, name="d.rss", origin="d.rss", source_file="d.rss"))
    assert isinstance(rejection, Rejection) and rejection.code == "E017"


@pytest.mark.parametrize("name, head, fmt", [
    ("story", b"[UPDATED] Council closes the silo", "text"),
    ("story", b"{Editor's note} The silo", "text"),
    ("data", b'[\n  {"text": "x"}]', "json"),
    ("data", b'{ "text": "x"}', "jsonl"),
])
def test_sniff_brackets_need_json_shape(name, head, fmt):
    assert sniff_format(name, head) == fmt


def test_url_paths_are_refused_not_fetched():
    [rejection] = read_inputs(["https://news.example/story"])
    assert rejection.code == "E050" and "not fetched" in rejection.reason


def test_empty_directory_named_explicitly_is_reported(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "hidden").mkdir()
    (tmp_path / "hidden" / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    results = list(read_inputs([str(tmp_path / "empty"), str(tmp_path / "hidden")]))
    assert [(r.code, "hidden files" in r.reason) for r in results] == [("E003", True), ("E003", True)]


def test_same_directory_twice_is_read_once_without_complaint(tmp_path):
    (tmp_path / "a.txt").write_text("One article in the directory for the twice test.")
    results = list(read_inputs([str(tmp_path), str(tmp_path) + "/"]))
    assert [type(r).__name__ for r in results] == ["RawArticle"]


def test_a_malformed_jsonl_line_is_rejected_with_a_readable_reason():
    (bad,) = list(read_bytes(b'{"id": "x", "text": "unterminated\n', name="b.jsonl", origin="b.jsonl",
                             source_file="b.jsonl"))
    assert bad.code == "E008" and "(Unterminated string starting at column 21)" in bad.reason


def test_eight_bit_text_behind_a_utf16_byte_order_mark_is_refused_not_read_as_cjk():
    with pytest.raises(InputError, match="8-bit text") as err:
        decode_bytes(b"\xff\xfe\x00garbage not utf8 \xc3\x28", origin="bad.txt")
    assert err.value.code == "E006"
    # real UTF-16 in Latin, Cyrillic and CJK scripts (with or without punctuation) still decodes
    for text in ("The ferry sank on Monday near the port.", "Приём сообщений продолжается до утра",
                 "渡轮周一沉没救援仍在进行中", "渡轮 周一 沉没，救援 仍在 进行。" * 5):
        for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
            assert decode_bytes(bom + text.encode(enc), origin="ok.txt") == text
