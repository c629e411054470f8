"""The five seed articles ingest as text; the ` date ` header becomes date_hint where there is one."""
from __future__ import annotations

from dateline.ingest import read_inputs
from dateline.records import RawArticle

HEADER_DATES = {"000": "2023-10-26", "002": "2024-06-24", "003": "2023-09-03"}


def test_seeds_ingest_as_text_with_header_dates(seeds_dir, gold):
    results = list(read_inputs(sorted(str(p) for p in seeds_dir.glob("*.txt"))))
    assert len(results) == 5 and all(isinstance(r, RawArticle) for r in results)
    for article in results:
        prefix = article.source_file[:3]
        assert article.fmt == "text"
        assert article.date_hint == HEADER_DATES.get(prefix)
        assert article.date_hint_source == ("header" if prefix in HEADER_DATES else None)
        assert not article.text.lstrip().lower().startswith("date ")
        assert article.text == article.text.strip() and len(article.text) > 500
        # The header date agrees with the gold publication date.
        if prefix in HEADER_DATES:
            assert gold["articles"][article.source_file[:-4]]["pub_date"] == article.date_hint
    by_prefix = {a.source_file[:3]: a for a in results}
    # The header was followed by the article on the same line in 000: the text starts with the dateline.
    assert by_prefix["000"].text.startswith("SEOUL, South Korea (AP)")
    assert by_prefix["001"].text.startswith("![]()")


def test_seed_directory_walk_includes_gold_as_a_rejection(seeds_dir):
    results = list(read_inputs([str(seeds_dir)]))
    assert sum(isinstance(r, RawArticle) for r in results) == 5
    [gold] = [r for r in results if not isinstance(r, RawArticle)]
    assert gold.origin.endswith("gold.json") and gold.code == "E015"
