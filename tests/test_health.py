"""Parser health checks: hard checks per record, run checks that name the field and a URL."""

from __future__ import annotations

from datetime import datetime

from scrapers.health import HealthPolicy, check_run, hard_problems
from scrapers.records import Article

WHEN = datetime.fromisoformat("2025-01-16T09:35:00+07:00")
BODY = (
    "Sáng 16-1, đơn vị tổ chức hội nghị tổng kết công tác huấn luyện năm 2024.",
    "Năm qua, cán bộ, chiến sĩ hoàn thành tốt các nhiệm vụ được giao, bảo đảm an toàn tuyệt đối.",
)


def article(n: int, **changes: object) -> Article:
    fields: dict[str, object] = {
        "url": f"https://www.qdnd.vn/chinh-tri/tin-tuc/bai-{n}-{1015000 + n}",
        "source": "qdnd", "article_id": str(1015000 + n), "title": f"Bài số {n}",
        "sapo": f"Tóm tắt bài số {n}.", "paragraphs": tuple(f"{p} (bài {n})" for p in BODY),
        "published_at": WHEN, "parser_version": "qdnd/1", "byline": "Tin, ảnh: KIM ANH",
    }
    fields.update(changes)
    return Article(**fields)  # type: ignore[arg-type]


def test_healthy_run() -> None:
    report = check_run([article(n) for n in range(6)])
    assert report.ok, report.message()
    assert report.fill_rates == {"title": 1.0, "published_at": 1.0, "body": 1.0, "byline": 1.0}


def test_missing_byline_names_field_and_example() -> None:
    articles = [article(n, byline=None) for n in range(5)] + [article(9)]
    report = check_run(articles)
    assert not report.ok
    assert report.findings[0].field == "byline"
    assert report.findings[0].example_url == articles[0].url
    assert "17%" in report.message() and articles[0].url in report.message()


def test_dates_below_threshold() -> None:
    articles = [article(n, published_at=None if n < 2 else WHEN) for n in range(6)]
    report = check_run(articles)
    assert [f.field for f in report.findings] == ["published_at"]


def test_leaked_boilerplate_line() -> None:
    leak = "Ý kiến của bạn sẽ được biên tập trước khi đăng"
    articles = [article(n, paragraphs=(f"Riêng {n}.", BODY[0] + str(n), leak)) for n in range(6)]
    report = check_run(articles)
    assert [f.field for f in report.findings] == ["body"]
    assert leak in report.findings[0].detail and "6 of 6" in report.findings[0].detail


def test_body_length_against_recent_runs() -> None:
    short = [article(n, paragraphs=("Ngắn.",), sapo="") for n in range(5)]
    report = check_run(short, recent_body_medians=[900, 1000, 1100],
                       policy=HealthPolicy(boilerplate_share=1.0))
    assert [f.field for f in report.findings] == ["body"]
    assert "recent runs 1000" in report.findings[0].detail


def test_too_few_articles_for_run_checks() -> None:
    assert check_run([article(1, byline=None)]).ok


def test_hard_problems_hold_back_broken_records() -> None:
    assert hard_problems(article(1)) == []
    assert hard_problems(article(1, title=" ")) == ["title: empty"]
    short = hard_problems(article(1, paragraphs=(), sapo="Ngắn."))
    assert short[0].startswith("body: 5 characters")
    clock = article(1, paragraphs=("Thứ Hai, ngày 26 tháng 2 năm 2024", *BODY))
    assert "page chrome" in hard_problems(clock)[0]
    form = "Thư điện tử của bạn sẽ không được hiển thị công khai."
    comment = article(1, paragraphs=(*BODY, form))
    assert "page chrome" in hard_problems(comment)[0]
