"""The shared DOM and URL helpers of `scrapers.dom` that the site modules call."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from scrapers.dom import (
    ParamNames,
    canonical_link,
    canonical_url,
    classes,
    clean_query,
    clean_url,
    drop,
    first_node,
    first_parsed,
    first_text,
    has_descendant,
    inline_text,
    json_ld,
    ld_str,
    ld_time,
    lead_or_description,
    page_query,
    parse_day_first,
    parse_html,
    query_pairs,
    strip_cookieless,
    texts,
    url_id,
)
from scrapers.text import strip_dateline

ARTICLE = re.compile(r"^/a/[a-z-]+-(\d+)$")


def article_id(url: str) -> str | None:
    return url_id(url, {"x.vn", "www.x.vn"}, ARTICLE)


# --- nodes and selectors -------------------------------------------------------------------------


def test_inline_text_joins_a_run_as_written() -> None:
    tree = parse_html("<div id='d'>Chuyên m<em>ụ</em>c &amp;oacute; <b>Quốc\u00a0 phòng</b> </div>")
    div = tree.css_first("#d")
    assert div is not None
    assert inline_text(list(div.iter(include_text=True))) == "Chuyên mục ó Quốc phòng"
    assert inline_text([]) == ""


def test_has_descendant_skips_the_node_itself() -> None:
    tree = parse_html("<div id='a'>chữ</div><div id='b'><p>đoạn</p></div>")
    a, b = tree.css_first("#a"), tree.css_first("#b")
    assert a is not None and b is not None
    assert a.css_first("div") is not None  # what lexbor does
    assert not has_descendant(a, "div") and has_descendant(b, "p")


def test_classes_are_the_tokens_of_the_class_attribute() -> None:
    tree = parse_html("<p id='a' class=' news-item  Hot '></p><p id='b'></p>")
    a, b = tree.css_first("#a"), tree.css_first("#b")
    assert a is not None and b is not None
    assert classes(a) == {"news-item", "Hot"}
    assert classes(b) == set()


def test_drop_removes_every_match_of_every_selector() -> None:
    tree = parse_html(
        "<div id='body'><p>giữ</p><script>x()</script><div class='ads'><p>quảng cáo</p></div>"
        "<p class='ads'>nữa</p></div><div class='ads'>ngoài</div>"
    )
    body = tree.css_first("#body")
    assert body is not None
    drop(body, ("script", ".ads"))
    assert body.html == '<div id="body"><p>giữ</p></div>'
    assert tree.css_first(".ads") is not None  # outside the scope: kept


def test_first_node_tries_selectors_in_order() -> None:
    tree = parse_html("<p class='b'>1</p><p class='a'>2</p><p class='a'>3</p>")
    node = first_node(tree, (".none", ".a", ".b"))
    assert node is not None and node.text() == "2"
    assert first_node(tree, (".none",)) is None
    assert first_node(tree, ()) is None


def test_first_node_works_inside_a_node() -> None:
    tree = parse_html("<a class='x'>ngoài</a><div id='s'><a class='y'>trong</a></div>")
    scope = tree.css_first("#s")
    assert scope is not None
    found = first_node(scope, (".x", ".y"))
    assert found is not None and found.text() == "trong"


def test_first_text_skips_selectors_without_text() -> None:
    tree = parse_html(
        "<h1 class='t'> </h1><h1 class='t'>không đọc</h1><div class='u'>Tiêu\u00a0đề</div>"
    )
    # only the first match of a selector is read: `.t`'s first match is blank, so `.u` wins
    assert first_text(tree, (".none", ".t", ".u")) == "Tiêu đề"
    assert first_text(tree, (".none", ".t")) == ""


def test_first_parsed_takes_the_first_text_that_parses() -> None:
    tree = parse_html(
        "<span class='a'>không có ngày</span><span class='b'>Thứ Năm, 16/01/2025 - 09:35</span>"
    )
    found = first_parsed(tree, (".missing", ".a", ".b"), parse_day_first)
    assert found == datetime.fromisoformat("2025-01-16T09:35:00+07:00")
    assert first_parsed(tree, (".a",), parse_day_first) is None
    seen: list[str] = []
    first_parsed(tree, (".missing",), lambda text: seen.append(text))
    assert seen == [""]  # a selector that matches nothing is parsed as ""


def test_texts_are_those_of_the_first_selector_with_any() -> None:
    tree = parse_html(
        "<div class='tags'><a> </a></div>"
        "<div class='tag2'><a>Quốc phòng</a><a></a><a>An ninh</a></div>"
        "<div class='tag3'><a>khác</a></div>"
    )
    assert texts(tree, (".tags a", ".tag2 a", ".tag3 a")) == ("Quốc phòng", "An ninh")
    assert texts(tree, (".none a",)) == ()


def test_texts_exclude_counts_per_selector() -> None:
    tree = parse_html(
        "<nav class='one'><a>Trang chủ</a></nav>"
        "<nav class='two'><a>TRANG CHỦ</a><a>Tin tức</a></nav>"
    )
    # `.one` has only an excluded crumb, so it gives nothing and `.two` is read
    assert texts(tree, (".one a", ".two a"), exclude={"trang chủ"}) == ("Tin tức",)
    assert texts(tree, (".one a", ".two a")) == ("Trang chủ",)


LEAD_PAGE = (
    "<html><head><meta name='description' content='{description}'></head>"
    "<body>{lead}</body></html>"
)


def test_lead_or_description_prefers_the_lead_element() -> None:
    html = LEAD_PAGE.format(
        description="Khác.", lead="<p class='sapo'>QĐND - Sáng 16-1, hội nghị.</p>"
    )
    got = lead_or_description(parse_html(html), (".none", ".sapo"), "", strip_dateline)
    assert got == ("Sáng 16-1, hội nghị.", "QĐND")


def test_lead_or_description_uses_the_description_unless_it_repeats_the_body() -> None:
    html = LEAD_PAGE.format(description="QĐND - Tóm tắt riêng của bài.", lead="")
    tree = parse_html(html)
    first = "Đoạn đầu của thân bài."
    assert lead_or_description(tree, (".sapo",), first, strip_dateline) == (
        "Tóm tắt riêng của bài.",
        "QĐND",
    )
    repeated = parse_html(LEAD_PAGE.format(description="Đoạn đầu của thân...", lead=""))
    assert lead_or_description(repeated, (".sapo",), first, strip_dateline) == ("", None)
    inside = parse_html(LEAD_PAGE.format(description="của thân bài", lead=""))
    assert lead_or_description(inside, (".sapo",), first, strip_dateline) == ("", None)
    bare = parse_html("<html><body></body></html>")
    assert lead_or_description(bare, (".sapo",), first, strip_dateline) == ("", None)


def test_lead_or_description_strips_the_sites_own_dateline() -> None:
    def bp(text: str) -> tuple[str, str | None]:
        return (text[5:], "BP") if text.startswith("BP - ") else (text, None)

    html = LEAD_PAGE.format(description="BP - Tóm tắt.", lead="")
    assert lead_or_description(parse_html(html), (), "BP - Thân bài.", bp) == ("Tóm tắt.", "BP")


# --- JSON-LD -----------------------------------------------------------------------------------


def test_ld_str_is_a_non_blank_string_field() -> None:
    ld: dict[str, object] = {"a": " x ", "b": "  ", "c": 5, "d": ["x"], "e": ""}
    assert ld_str(ld, "a") == " x "
    assert [ld_str(ld, k) for k in ("b", "c", "d", "e", "missing")] == [None] * 5


def test_ld_time_reads_json_ld_then_meta() -> None:
    tree = parse_html(
        "<html><head><meta property='article:modified_time' content='2025-01-02T03:04:05Z'>"
        "<meta name='dateModified' content='2025-02-02T00:00:00+07:00'></head></html>"
    )
    from_ld = ld_time(tree, {"dateModified": "2025-01-16T09:35:00+07:00"}, "dateModified")
    assert from_ld == datetime.fromisoformat("2025-01-16T09:35:00+07:00")
    want_meta = datetime.fromisoformat("2025-01-02T10:04:05+07:00")
    for ld in ({}, {"dateModified": 5}, {"dateModified": "  "}, {"dateModified": "garbage"}):
        assert ld_time(tree, ld, "dateModified", "article:modified_time", "dateModified") == (
            want_meta
        )
    assert ld_time(tree, {}, "dateModified", "dateModified") == datetime.fromisoformat(
        "2025-02-02T00:00:00+07:00"
    )
    assert ld_time(tree, {}, "dateModified") is None


@pytest.mark.parametrize("kind", ["5", "true", '[{"@id": "x"}]', '["Thing", 3]', "null"])
def test_json_ld_skips_objects_with_a_broken_type(kind: str) -> None:
    html = (
        f'<script type="application/ld+json">{{"@type": {kind}, "headline": "hỏng"}}</script>'
        '<script type="application/ld+json">{"@graph": [{"@type": ["WebPage", "NewsArticle"],'
        ' "headline": "đúng"}]}</script>'
    )
    found = json_ld(parse_html(html), frozenset({"NewsArticle"}))
    assert found is not None and found["headline"] == "đúng"


# --- URLs ----------------------------------------------------------------------------------------


def test_url_id_needs_the_host_and_the_path() -> None:
    assert article_id("https://WWW.X.vn/a/bai-viet-123") == "123"
    assert article_id("http://x.vn/a/bai-viet-123?utm_source=z#c") == "123"
    assert article_id("https://y.vn/a/bai-viet-123") is None
    assert article_id("https://x.vn/b/bai-viet-123") is None
    assert article_id("not a url") is None


CANONICAL_PAGE = "<html><head>{}</head><body></body></html>"


def test_canonical_link_is_absolute_and_http_only() -> None:
    def link(head: str) -> str | None:
        return canonical_link(parse_html(CANONICAL_PAGE.format(head)), "https://x.vn/a/b-1")

    assert link('<link rel="canonical" href="/a/c-2">') == "https://x.vn/a/c-2"
    assert link('<link rel="canonical" href="HTTPS://X.VN/a/c-2#top">') == "https://x.vn/a/c-2"
    assert link('<link rel="canonical" href="javascript:void(0)">') is None
    assert link('<link rel="canonical">') is None
    assert link("") is None


@pytest.mark.parametrize(
    ("href", "page_url", "want"),
    [
        ("https://www.x.vn/a/bai-1", "https://x.vn/a/bai-1?utm_source=z", "https://www.x.vn/a/bai-1"),
        ("/a/bai-1", "https://x.vn/a/bai-1", "https://x.vn/a/bai-1"),
        ("https://x.vn/a/khac-2", "https://x.vn/a/bai-1", "https://x.vn/a/bai-1"),
        ("https://y.vn/a/bai-1", "https://x.vn/a/bai-1", "https://x.vn/a/bai-1"),
        ("https://x.vn/a/bai-1", "https://x.vn/trang-chu", "https://x.vn/trang-chu"),
        ("https://x.vn/", "https://x.vn/", "https://x.vn/"),
        (None, "https://x.vn/a/bai-1", "https://x.vn/a/bai-1"),
    ],
)
def test_canonical_url_only_when_it_names_the_same_article(
    href: str | None, page_url: str, want: str
) -> None:
    head = f'<link rel="canonical" href="{href}">' if href else ""
    assert canonical_url(parse_html(CANONICAL_PAGE.format(head)), page_url, article_id) == want


def test_param_names() -> None:
    exact = ParamNames(frozenset({"fbclid", "ref"}), prefixes=("utm_",))
    assert exact("fbclid") and exact("utm_source") and exact("utm_") and exact("ref")
    assert not exact("Fbclid") and not exact("UTM_source") and not exact("page")
    folded = ParamNames(frozenset({"fbclid"}), prefixes=("utm_",), ignore_case=True)
    assert folded("FBCLID") and folded("Utm_Medium")
    assert not folded("fbclid2") and not folded("page")


def test_query_pairs_and_clean_query() -> None:
    tracking = ParamNames(frozenset({"fbclid"}), prefixes=("utm_",))
    query = "b=2&utm_source=z&a=&fbclid=x&b=1&q=b%E1%BA%A1n+%C4%91%E1%BB%8Dc"
    assert query_pairs(query, tracking) == [("b", "2"), ("a", ""), ("b", "1"), ("q", "bạn đọc")]
    assert clean_query(query, tracking) == "b=2&a=&b=1&q=b%E1%BA%A1n+%C4%91%E1%BB%8Dc"
    assert clean_query("x&y=%20", tracking) == "x=&y=+"  # re-encoded even when nothing is dropped
    pattern = re.compile(r"^(?:utm_[a-z_]+|gclid)$", re.IGNORECASE)
    assert clean_query("UTM_Source=1&utm_2=3&GCLID=4&id=5", pattern.match) == "utm_2=3&id=5"


def test_page_query() -> None:
    assert page_query("cat=1&page=2&x=", "page", 3) == "cat=1&x=&page=3"
    assert page_query("cat=1&page=2", "page", 1) == "cat=1"
    assert page_query("", "pageindex", 2) == "pageindex=2"
    assert page_query("Page=2&a=b", "page", 4) == "Page=2&a=b&page=4"
    assert page_query("Page=2&a=b", "page", 4, ignore_case=True) == "a=b&page=4"


@pytest.mark.parametrize(
    ("path", "want"),
    [
        ("/(S(abc123))/chi-tiet-tin-tuc.htm", "/chi-tiet-tin-tuc.htm"),
        ("/(X(1)S(abc))/tin-tuc.htm", "/tin-tuc.htm"),
        ("/tin-tuc.htm/(S(x))", "/tin-tuc.htm"),
        ("/a/(S(x))/(A(y)F(z))/b", "/a/b"),
        ("/a(S(x))/b", "/a(S(x))/b"),  # not a whole segment
        ("/(tin)/b", "/(tin)/b"),
    ],
)
def test_strip_cookieless(path: str, want: str) -> None:
    assert strip_cookieless(path) == want


def test_clean_url_defaults_drop_query_and_fragment() -> None:
    assert clean_url("http://X.vn/a/b/?q=1#f", "www.x.vn") == "https://www.x.vn/a/b/"
    assert clean_url("http://x.vn", "x.vn") == "https://x.vn/"


def test_clean_url_options() -> None:
    tracking = re.compile(r"^(?:utm_[a-z_]+|fbclid)$").match
    url = "http://x.vn/(S(abc))/tin-tuc.htm/?page=2&utm_source=z&fbclid=1#top"
    assert clean_url(url, "x.vn", keep_query=True, tracking=tracking) == (
        "https://x.vn/(S(abc))/tin-tuc.htm/?page=2"
    )
    assert clean_url(url, "x.vn", trailing_slash=False, cookieless=True) == (
        "https://x.vn/tin-tuc.htm"
    )
    assert clean_url("https://x.vn///", "x.vn", trailing_slash=False) == "https://x.vn/"
    assert clean_url("https://x.vn/a?x&y=1", "x.vn", keep_query=True) == "https://x.vn/a?x=&y=1"
