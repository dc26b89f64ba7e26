"""Parser health, checked in every run: the layer that notices when a site changes its layout.

Fixtures catch our regressions; these checks catch the site's. Per record, hard checks hold back
an article that is plainly broken (no title, almost no body, page chrome in the text). Per run,
fill rates of title, date, body and byline, the body length against the source's recent runs, and
any line that recurs in more than half of the run's articles (leaked boilerplate) are checked; a
failed run check names the field and an example URL, and the flow stores nothing from that run.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from scrapers.records import Article
from scrapers.text import is_boilerplate

FIELDS = ("title", "published_at", "body", "byline")


@dataclass(frozen=True, slots=True)
class HealthPolicy:
    """Thresholds. Fill rates are the minimum share of a run's articles with the field present."""

    min_fill: tuple[tuple[str, float], ...] = (
        ("title", 1.0), ("published_at", 0.8), ("body", 1.0), ("byline", 0.5),
    )
    min_body_chars: int = 80
    body_drop_ratio: float = 0.5
    boilerplate_share: float = 0.5
    min_articles: int = 4  # run checks need enough articles to mean anything


@dataclass(frozen=True, slots=True)
class Finding:
    """One failed run check: which field, what was seen, one URL that shows it."""

    field: str
    detail: str
    example_url: str | None

    def describe(self) -> str:
        example = f" (e.g. {self.example_url})" if self.example_url else ""
        return f"{self.field}: {self.detail}{example}"


@dataclass(frozen=True, slots=True)
class HealthReport:
    articles: int
    fill_rates: dict[str, float] = field(default_factory=dict)
    body_median: int = 0
    findings: tuple[Finding, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.findings

    def message(self) -> str:
        return "; ".join(f.describe() for f in self.findings)


def hard_problems(article: Article, policy: HealthPolicy = HealthPolicy()) -> list[str]:
    """Why this record must not be stored (empty when it may)."""
    problems = []
    if not article.title.strip():
        problems.append("title: empty")
    body = _body(article)
    if len(body) < policy.min_body_chars:
        problems.append(f"body: {len(body)} characters (fewer than {policy.min_body_chars})")
    for line in (article.title, article.sapo, *article.paragraphs):
        if is_boilerplate(line):
            problems.append(f"body: page chrome left in the text ({line[:60]!r})")
            break
    return problems


def check_run(
    articles: Sequence[Article],
    *,
    recent_body_medians: Sequence[float] = (),
    policy: HealthPolicy = HealthPolicy(),
) -> HealthReport:
    """Run-level checks over the articles parsed in one run (held-back ones included)."""
    if not articles:
        return HealthReport(articles=0)
    present = {name: [a for a in articles if _has(a, name)] for name in FIELDS}
    rates = {name: len(found) / len(articles) for name, found in present.items()}
    lengths = [len(_body(a)) for a in articles]
    median = int(statistics.median(lengths))
    report = HealthReport(len(articles), rates, median)
    if len(articles) < policy.min_articles:
        return report
    findings: list[Finding] = []
    for name, minimum in policy.min_fill:
        if rates[name] < minimum:
            missing = next(a for a in articles if not _has(a, name))
            findings.append(Finding(
                name,
                f"present in {rates[name]:.0%} of {len(articles)} articles "
                f"(at least {minimum:.0%} expected)",
                missing.url,
            ))
    if recent_body_medians:
        usual = statistics.median(recent_body_medians)
        if usual and median < policy.body_drop_ratio * usual:
            shortest = min(articles, key=lambda a: len(_body(a)))
            findings.append(Finding(
                "body", f"median length {median} characters, recent runs {usual:.0f}", shortest.url
            ))
    findings.extend(_leaked_lines(articles, policy))
    return HealthReport(len(articles), rates, median, tuple(findings))


def _leaked_lines(articles: Sequence[Article], policy: HealthPolicy) -> list[Finding]:
    """A line that recurs in more than half the articles is the site's chrome, not news."""
    counts = Counter(line for a in articles for line in set(a.paragraphs) | {a.sapo} if line)
    limit = policy.boilerplate_share * len(articles)
    findings = []
    for line, count in counts.most_common(3):
        if count > limit:
            example = next(a.url for a in articles if line in a.paragraphs or line == a.sapo)
            findings.append(Finding(
                "body",
                f"line {line[:80]!r} recurs in {count} of {len(articles)} articles "
                "(leaked boilerplate)",
                example,
            ))
    return findings


def _has(article: Article, name: str) -> bool:
    if name == "body":
        return bool(article.paragraphs)
    if name == "published_at":
        return article.published_at is not None
    if name == "byline":
        return bool(article.byline)
    return bool(article.title.strip())


def _body(article: Article) -> str:
    return "\n".join((article.sapo, *article.paragraphs)).strip()
