"""`vnnews`: the command line. Every subcommand has useful `--help`; wrong arguments print one
line and exit 2; a run that fails prints its per-source report and exits 1, never a traceback.

Prefect is imported only by the commands that run flows, so `sources`, `parse` and `export` start
fast and work without it.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections.abc import Sequence
from contextlib import ExitStack
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

import config
from flows.fixtures import article_json
from scrapers.records import Page, ScrapeError

REPO_ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = REPO_ROOT / "tests" / "snapshots"
DEMO_RATE = 20.0  # requests per second against our own loopback replay server


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="vnnews",
        description="Ingest Vietnamese military and Party news into a versioned corpus.",
    )
    parser.add_argument(
        "--data-dir",
        type=_data_dir,
        help="where the corpus lives: a directory or s3://bucket/prefix (default: "
        "$VNNEWS_DATA_DIR or data_dir in settings.toml)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                     parser_class=OneLineParser)

    run = commands.add_parser(
        "run", help="one nightly ingestion of every enabled source (live network)",
        description="Run the nightly flow: discover, fetch, parse and store every enabled "
        "source, or only --source. Exits 1 when a source fails, with the reason.",
    )
    run.add_argument("--source", help="ingest only this source (see `vnnews sources`)")
    run.add_argument("--max-pages", type=_positive_int, help="listing pages per listing")

    demo = commands.add_parser(
        "demo", help="the nightly flow against the local replay of a site snapshot",
        description="Serve the bundled site snapshots (tests/snapshots/*) on 127.0.0.1 and run "
        "the nightly flow for every enabled source they hold, through the normal transport. "
        "Data goes to <data-dir>/demo.",
    )
    demo.add_argument("--snapshot", type=Path, action="append",
                      help="snapshot directory with one folder per host (repeatable; default: "
                      "every snapshot under tests/snapshots)")

    serve = commands.add_parser(
        "serve", help="the Prefect UI on loopback, serving the nightly/backfill/reparse "
        "deployments",
        description="Start a Prefect server on ui_host:ui_port (settings.toml; default "
        "127.0.0.1:4200) with its embedded SQLite database (under PREFECT_HOME, default "
        "~/.prefect), then serve the deployments nightly (on nightly_cron in timezone), backfill "
        "and reparse until Ctrl-C. Schedules stay active for the next start. With "
        "PREFECT_API_URL set, serve against that server instead of starting one.",
    )
    serve.add_argument("--demo", action="store_true",
                       help="serve against the local replay of the bundled snapshots (data in "
                       "<data-dir>/demo): runs started from the UI work with no network")

    alerts = commands.add_parser(
        "alerts", help="post every failed source run to a webhook (a Prefect automation)",
        description="Save a Prefect Webhook block and an automation on the server at "
        "PREFECT_API_URL: each failed source run (event vnnews.source.failed) is POSTed to URL "
        "as JSON with the source, status and reason. Running it again replaces both.",
    )
    alerts.add_argument("--webhook", required=True, metavar="URL",
                        help="where to POST, e.g. a chat incoming-webhook URL")
    alerts.add_argument("--allow-private-urls", action="store_true",
                        help="allow a webhook on a private or loopback address")

    commands.add_parser("sources", help="table of configured sources",
                        description="List the sources in config/sources.toml.")

    export = commands.add_parser(
        "export", help="write the current corpus (or the corpus as of a date) as files",
        description="Write the current version of every article. txt: one file per distinct "
        "text named NNN_<content hash>.txt (sha256 of the file's bytes starts with that hash) "
        "and manifest.jsonl; jsonl and parquet: articles.jsonl / articles.parquet with every "
        "stored column, the text and `original`. Republished copies linked to an original in "
        "the same export are left out unless --include-duplicates. OUT is replaced as a whole "
        "and must be empty or a previous export.",
    )
    export.add_argument("--format", choices=["txt", "jsonl", "parquet"], required=True,
                        help="output format")
    export.add_argument("--out", type=Path, required=True, help="output directory")
    export.add_argument("--source", help="only this source")
    export.add_argument("--as-of", type=_as_of, metavar="DATE", help=AS_OF_HELP)
    export.add_argument("--include-duplicates", action="store_true",
                        help="keep copies whose original is in the export")

    history = commands.add_parser(
        "history", help="every stored version of one article, with word diffs",
        description="List every stored version of URL (version, stored_at, fetched_at, run_id, "
        "content_hash, parser_version), then a word-level diff between consecutive versions: "
        "[-removed-]{+added+}, unchanged words shortened to …, ¶ for a paragraph break.",
    )
    history.add_argument("url", help="the article's URL, as stored")
    history.add_argument("--as-of", type=_as_of, metavar="DATE", help=AS_OF_HELP)

    compact = commands.add_parser(
        "compact", help="merge the version log's small files and delete replaced ones",
        description="Compact the version log (one file per partition instead of one per batch) "
        "and vacuum files replaced more than --retention-hours ago. No version is lost, and "
        "--as-of reads give the same answers after (they use each row's stored_at, not Delta's "
        "table versions).",
    )
    compact.add_argument("--retention-hours", type=_non_negative_int, default=24,
                         help="keep replaced files this long for readers still using them "
                         "(default: 24)")

    record = commands.add_parser(
        "record", help="fetch a live page and keep it as a test fixture with its parsed JSON",
        description="Fetch URL through the normal transport (robots.txt, rate limit, retries), "
        "save it gzipped under tests/fixtures/SOURCE/recorded/, list it in pages.txt (or "
        "listings.txt with --listing) and write the parsed record as the golden JSON to review.",
    )
    record.add_argument("source", help="source name, e.g. qdnd")
    record.add_argument("url", help="the page to fetch (on the source's hosts)")
    record.add_argument("--listing", action="store_true", help="the page is a listing or feed")
    record.add_argument("--fixtures", type=Path, default=REPO_ROOT / "tests" / "fixtures",
                        help="fixtures directory (default: tests/fixtures of this checkout)")

    reparse = commands.add_parser(
        "reparse", help="re-extract a source's articles from the raw archive (no network)",
        description="Parse SOURCE's archived responses again with today's parser, sending no "
        "request: for each article, its latest 200 response in <data-dir>/warc/SOURCE fetched "
        "within --since/--until. A version is added only where the canonical text changed, and "
        "the row names the parser version. Exits 1 when the re-parse fails, with the reason.",
    )
    reparse.add_argument("source", help="source name, e.g. qdnd")
    reparse.add_argument("--since", type=_date_text, metavar="DATE",
                         help="only responses fetched on or after DATE (YYYY-MM-DD in UTC, or "
                         "an ISO date-time)")
    reparse.add_argument("--until", type=_date_text, metavar="DATE",
                         help="only responses fetched on or before DATE (a date includes its "
                         "whole day)")

    backfill = commands.add_parser(
        "backfill", help="fetch a source's older articles by dates or listing pages (resumable)",
        description="Run the backfill flow for SOURCE here, with a progress bar: walk its "
        "listings over a date range (--since/--until: publication days in the configured time "
        "zone) and/or a page range (--pages N or A-B), fetch the articles the store lacks and "
        "store them. Each finished listing page is checkpointed: interrupted and started again "
        "with the same arguments, it resumes without fetching what it stored. Exits 1 when the "
        "backfill fails, with the reason.",
    )
    backfill.add_argument("source", help="source name, e.g. qdnd")
    backfill.add_argument("--since", type=_day, metavar="DATE",
                          help="first publication day, YYYY-MM-DD")
    backfill.add_argument("--until", type=_day, metavar="DATE",
                          help="last publication day, YYYY-MM-DD (included)")
    backfill.add_argument("--pages", type=_page_range, metavar="N|A-B",
                          help="listing pages 1..N, or A..B")
    backfill.add_argument("--mode", choices=["fetch", "reparse"], default="fetch",
                          help="fetch (default) or reparse: re-extract the WARC archive "
                          "(--since/--until then select fetch days)")
    backfill.add_argument("--dry-run", action="store_true",
                          help="read listing pages only; say what would be fetched, store nothing")
    backfill.add_argument("--replay", type=Path, action="append", metavar="SNAPSHOT",
                          help="fetch from a local replay of this snapshot directory (one folder "
                          "per host, e.g. tests/snapshots/qdnd) on 127.0.0.1 instead of the live "
                          "site; repeatable")

    commands.add_parser(
        "link", help="link republished copies across the stored corpus",
        description="Sign every stored text not signed yet and link copies to their originals "
        "(exact, near at Jaccard >= 0.8, or named by a Nguồn line). The nightly run does this "
        "after storing; run it once on a corpus stored before linking existed.",
    )

    parse = commands.add_parser(
        "parse", help="run a source's parser on a saved page and print the record as JSON",
        description="Parse a saved HTML page with SOURCE's parser and print the article record "
        "(url, title, text, content_hash, published_at, byline, authors, images, ...).",
    )
    parse.add_argument("source", help="source name, e.g. qdnd")
    parse.add_argument("file", type=Path, help="saved HTML page")
    parse.add_argument("--url", help="the page's URL (default: its canonical link or og:url)")
    return parser


AS_OF_HELP = ("the corpus as it stood then: a date (2024-05-01 = the end of that day, Vietnam "
              "time) or an ISO date-time with offset (2024-05-01T08:00+07:00, ...Z)")


def _as_of(value: str) -> datetime:
    from storage.history import parse_as_of  # only when --as-of is given: keeps startup fast

    try:
        return parse_as_of(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _whole_number(value: str, minimum: int, bound: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < minimum:
        raise argparse.ArgumentTypeError(f"{value!r} must be {bound}")
    return number


def _non_negative_int(value: str) -> int:
    return _whole_number(value, 0, "0 or more")


def _date_text(value: str) -> str:
    """A --since/--until value, checked here so a typo is a usage error before Prefect starts."""
    from flows.pipeline import parse_when

    try:
        parse_when(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return value


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _page_range(value: str) -> tuple[int, int]:
    first, _, last = value.partition("-")
    try:
        low, high = (1, int(first)) if not last else (int(first), int(last))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a page count N or a page range A-B"
        ) from None
    if low < 1 or high < low:
        raise argparse.ArgumentTypeError(f"{value!r}: pages start at 1 and A must not exceed B")
    return low, high


def _data_dir(value: str) -> Path | str:
    try:
        return config.data_root(value, "--data-dir")
    except config.ConfigError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _positive_int(value: str) -> int:
    return _whole_number(value, 1, "at least 1")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        cfg = config.load()
    except config.ConfigError as error:
        print(f"vnnews: configuration error: {error}", file=sys.stderr)
        return 2
    data_dir: Path | str = args.data_dir or cfg.settings.data_dir
    try:
        handler = COMMANDS[args.command]
        return handler(args, cfg, data_dir)
    except (config.ConfigError, KeyError) as error:
        parser.error(str(error).strip("'\""))
    except (ScrapeError, ValueError, OSError) as error:
        print(f"vnnews {args.command}: {error}", file=sys.stderr)
        return 1


def cmd_sources(args: argparse.Namespace, cfg: config.Config, data_dir: Path | str) -> int:
    header = ("name", "site", "enabled", "base_url", "req/s", "max_pages", "listings")
    rows = [header] + [
        (s.name, s.site, "yes" if s.enabled else "no", s.base_url, f"{s.requests_per_second:g}",
         str(s.max_pages), " ".join(s.listings))
        for s in cfg.sources
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return 0


def cmd_parse(args: argparse.Namespace, cfg: config.Config, data_dir: Path | str) -> int:
    from scrapers import get_site
    from scrapers.dom import meta, parse_html
    from scrapers.http import decode_body

    source = cfg.source(args.source)
    body = args.file.read_bytes()
    text, encoding = decode_body(body, None)
    url = args.url
    if not url:
        tree = parse_html(text)
        link = tree.css_first('link[rel="canonical"]')
        url = (link.attributes.get("href") if link else None) or meta(tree, "og:url")
    if not url:
        print("vnnews parse: the page has no canonical URL or og:url; use --url", file=sys.stderr)
        return 2
    page = Page(url=url, final_url=url, status=200, headers=(), body=body, text=text,
                encoding=encoding, fetched_at=datetime.now().astimezone())
    article = get_site(source.site).parse(page, source=source.name)
    print(json.dumps(article_json(article), ensure_ascii=False, indent=2))
    return 0


def cmd_record(args: argparse.Namespace, cfg: config.Config, data_dir: Path | str) -> int:
    from flows.fixtures import record
    from flows.pipeline import make_fetcher

    source = cfg.source(args.source)
    host = (urlsplit(args.url).hostname or "").lower()
    if host not in source.hosts:
        print(f"vnnews record: {args.url} is not on {source.name}'s hosts "
              f"({', '.join(source.hosts)})", file=sys.stderr)
        return 2
    with make_fetcher(cfg, [source]) as fetcher:
        result = record(source, args.url, args.fixtures, fetcher, listing=args.listing)
    print(f"saved {result.page}")
    if result.error:
        print(f"vnnews record: the page does not parse: {result.error}", file=sys.stderr)
        return 1
    print(f"wrote {result.golden}: review it before committing")
    return 0


def cmd_reparse(args: argparse.Namespace, cfg: config.Config, data_dir: Path | str) -> int:
    cfg.source(args.source)  # an unknown source is a usage error (exit 2)
    _prefect_defaults()
    from flows.reparse import ReparseReport, reparse

    state: Any = reparse(args.source, since=args.since, until=args.until,
                         data_dir=str(data_dir), return_state=True)
    report = state.result(raise_on_failure=False)
    if isinstance(report, ReparseReport):
        print(report.summary())
    if not state.is_completed():
        print(f"reparse failed: {state.message}", file=sys.stderr)
        return 1
    return 0


def cmd_backfill(args: argparse.Namespace, cfg: config.Config, data_dir: Path | str) -> int:
    cfg.source(args.source)  # an unknown source is a usage error (exit 2)
    if args.since and args.until and args.since > args.until:
        print(f"vnnews backfill: --since {args.since} is after --until {args.until}",
              file=sys.stderr)
        return 2
    if args.mode == "fetch" and not (args.since or args.until or args.pages):
        print("vnnews backfill: give --since/--until or --pages", file=sys.stderr)
        return 2
    if args.mode == "reparse" and args.pages:
        print("vnnews backfill: --pages applies to --mode fetch only", file=sys.stderr)
        return 2
    _prefect_defaults()
    from flows.backfill import PROGRESS, backfill
    from flows.progress import progress_bar

    first, last = args.pages or (1, None)
    with ExitStack() as stack:
        host_map, rate = None, None
        if args.replay:
            from scrapers.replay import ReplayServer

            missing = [str(p) for p in args.replay if not p.is_dir()]
            if missing:
                print(f"vnnews backfill: snapshot directory {missing[0]} not found",
                      file=sys.stderr)
                return 2
            server = stack.enter_context(ReplayServer(args.replay))
            host_map, rate = server.host_map(), DEMO_RATE
        listener = stack.enter_context(progress_bar(args.source))
        token = PROGRESS.set(listener)
        try:
            state = backfill(args.source, since=args.since, until=args.until, first_page=first,
                             last_page=last, mode=args.mode, dry_run=args.dry_run,
                             data_dir=str(data_dir), host_map=host_map,
                             requests_per_second=rate, return_state=True)
        except KeyboardInterrupt:
            print("vnnews backfill: interrupted; finished listing pages are checkpointed: run "
                  "the same command again to resume", file=sys.stderr)
            return 130
        finally:
            PROGRESS.reset(token)
    return _report(state)


def cmd_link(args: argparse.Namespace, cfg: config.Config, data_dir: Path | str) -> int:
    import uuid

    from flows.pipeline import configured_log
    from storage.dedupe import link_new

    root = configured_log(cfg, data_dir).root  # registers the object-store options
    report = link_new(root, [], run_id=f"cli-link-{uuid.uuid4()}")
    print(json.dumps(report.row()))
    return 0


def cmd_export(args: argparse.Namespace, cfg: config.Config, data_dir: Path | str) -> int:
    from flows.pipeline import configured_log
    from storage.export import export

    if args.source:
        cfg.source(args.source)
    result = export(configured_log(cfg, data_dir), args.out, fmt=args.format, source=args.source,
                    as_of=args.as_of, include_duplicates=args.include_duplicates)
    what = (f"{result.files} files and {result.manifest.name}" if result.format == "txt"
            else f"{result.articles} articles in {result.manifest.name}")
    print(f"wrote {what} to {result.out_dir}")
    if result.left_out:
        print(f"left out {result.left_out} republished copies whose original is in the export "
              "(--include-duplicates keeps them)")
    return 0


def cmd_history(args: argparse.Namespace, cfg: config.Config, data_dir: Path | str) -> int:
    from flows.pipeline import configured_log
    from storage.history import UnknownURLError, show_history

    try:
        print(show_history(configured_log(cfg, data_dir), args.url, as_of=args.as_of))
    except UnknownURLError as error:
        print(f"vnnews history: {error}", file=sys.stderr)
        return 1
    return 0


def cmd_compact(args: argparse.Namespace, cfg: config.Config, data_dir: Path | str) -> int:
    from flows.pipeline import configured_log

    log = configured_log(cfg, data_dir)
    if not log.exists():
        print(f"vnnews compact: no version log at {log.uri}", file=sys.stderr)
        return 1
    report = log.compact(retention_hours=args.retention_hours)
    print(f"{report.rows} versions kept; data files {report.files_before} -> "
          f"{report.files_after} ({report.files_compacted} merged into {report.files_written}); "
          f"vacuum deleted {report.files_deleted} files replaced over "
          f"{report.retention_hours} h ago")
    return 0


def cmd_run(args: argparse.Namespace, cfg: config.Config, data_dir: Path | str) -> int:
    _prefect_defaults()
    from flows.ingest import ingest_source, nightly

    if args.source:
        cfg.source(args.source)
        state = ingest_source(args.source, max_pages=args.max_pages, data_dir=str(data_dir),
                              return_state=True)
    else:
        if args.max_pages:
            print("vnnews run: --max-pages needs --source", file=sys.stderr)
            return 2
        state = nightly(data_dir=str(data_dir), return_state=True)
    return _report(state)


def cmd_serve(args: argparse.Namespace, cfg: config.Config, data_dir: Path | str) -> int:
    _prefect_defaults()
    from flows.deployments import build, configured_api_url, serve_all, server_log
    from flows.server import PrefectServer, ServerError, api_healthy

    with ExitStack() as stack:
        parameters: dict[str, Any] = {"data_dir": _absolute(data_dir)}
        if args.demo:
            from scrapers.replay import ReplayOptions, ReplayServer

            snapshots = _snapshots()
            replay = stack.enter_context(
                ReplayServer(snapshots, options=ReplayOptions(cookie_gate=True))
            )
            host_map = replay.host_map()
            parameters = {
                "data_dir": _demo_dir(data_dir), "host_map": host_map,
                "requests_per_second": DEMO_RATE,
                "sources": [s.name for s in cfg.enabled_sources if s.host in host_map],
            }
            print(f"replaying {len(snapshots)} snapshots on {replay.origin}")
        api_url = configured_api_url()
        if api_url is None:
            server = PrefectServer(cfg.settings.ui_host, cfg.settings.ui_port,
                                   log_path=server_log(_state_dir(cfg, data_dir)))
            print(f"starting the Prefect server on {server.url} (log: {server.log_path})")
            try:
                server.start()
            except ServerError as error:
                print(f"vnnews serve: {error}", file=sys.stderr)
                return 1
            stack.callback(server.stop)
            api_url = server.api_url
        elif not api_healthy(api_url):
            print(f"vnnews serve: no Prefect server answers at PREFECT_API_URL={api_url}",
                  file=sys.stderr)
            return 1
        ui = api_url.removesuffix("/api")
        print(f"Prefect UI: {ui}  (deployments nightly, backfill, reparse; nightly runs "
              f"'{cfg.settings.nightly_cron}' in {cfg.settings.timezone}). Ctrl-C stops serving; "
              "schedules stay active for the next start.", flush=True)
        deployments = build(cfg, **parameters)
        # A service manager stops us with SIGTERM: take the Ctrl-C path, so the server we
        # started (its own session, a Ctrl-C in the terminal does not reach it) stops too.
        previous = signal.signal(signal.SIGTERM, _interrupt)
        stack.callback(signal.signal, signal.SIGTERM, previous)
        try:
            serve_all(deployments, api_url)
        except KeyboardInterrupt:
            print("stopped; schedules stay active", file=sys.stderr)
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def cmd_alerts(args: argparse.Namespace, cfg: config.Config, data_dir: Path | str) -> int:
    parts = urlsplit(args.webhook)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        print(f"vnnews alerts: --webhook {args.webhook!r} is not an http(s) URL", file=sys.stderr)
        return 2
    _prefect_defaults()
    from flows.alerts import install_failure_webhook
    from flows.deployments import configured_api_url
    from flows.server import api_healthy

    api_url = configured_api_url()
    if api_url is None or not api_healthy(api_url):
        print("vnnews alerts: set PREFECT_API_URL to a running Prefect server (e.g. the one "
              "`vnnews serve` starts: http://127.0.0.1:4200/api)", file=sys.stderr)
        return 1
    setup = install_failure_webhook(args.webhook, allow_private_urls=args.allow_private_urls)
    print(f"automation {setup.automation_id}: failed source runs are posted to {parts.hostname}")
    return 0


def _snapshots() -> list[Path]:
    return sorted(
        p for p in SNAPSHOTS.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))
    )


def _demo_dir(data_dir: Path | str) -> str:
    return f"{data_dir}/demo" if isinstance(data_dir, str) else str(data_dir.absolute() / "demo")


def _absolute(data_dir: Path | str) -> str:
    """As a flow parameter: runs started by the server must not depend on its working dir."""
    return data_dir if isinstance(data_dir, str) else str(data_dir.absolute())


def _state_dir(cfg: config.Config, data_dir: Path | str) -> Path:
    """Local state: inside a local data dir, else the configured state_dir."""
    return data_dir / "state" if isinstance(data_dir, Path) else cfg.settings.state_dir


def cmd_demo(args: argparse.Namespace, cfg: config.Config, data_dir: Path | str) -> int:
    _prefect_defaults()
    from flows.ingest import nightly
    from scrapers.replay import ReplayOptions, ReplayServer

    snapshots = args.snapshot or _snapshots()
    missing = [str(p) for p in snapshots if not p.is_dir()]
    if missing:
        print(f"vnnews demo: snapshot directory {missing[0]} not found", file=sys.stderr)
        return 2
    demo_dir = f"{data_dir}/demo" if isinstance(data_dir, str) else data_dir / "demo"
    with ReplayServer(snapshots, options=ReplayOptions(cookie_gate=True)) as server:
        host_map = server.host_map()
        sources = [s.name for s in cfg.enabled_sources if s.host in host_map]
        if not sources:
            print("vnnews demo: no enabled source has a snapshot", file=sys.stderr)
            return 2
        print(f"replaying {len(snapshots)} snapshots on {server.origin} for "
              f"{', '.join(sorted(host_map))}; sources: {', '.join(sources)}")
        state = nightly(data_dir=str(demo_dir), host_map=host_map,
                        requests_per_second=DEMO_RATE, sources=sources, return_state=True)
    code = _report(state)
    print(f"corpus: {demo_dir}  (export: vnnews --data-dir {demo_dir} "
          "export --format txt --out OUT)")
    return code


def _report(state: Any) -> int:
    from flows.reparse import ReparseReport
    from flows.report import RunReport, summary_table

    result = state.result(raise_on_failure=False)
    reports = result if isinstance(result, list) else [result]
    if isinstance(result, ReparseReport):
        print(result.summary())
    reports = [r for r in reports if isinstance(r, RunReport)]
    if reports:
        print(summary_table(reports))
    if not state.is_completed():
        print(f"run failed: {state.message}", file=sys.stderr)
        return 1
    return 0


def _prefect_defaults() -> None:
    """No outside calls: Prefect's analytics off unless the user set it."""
    from flows.server import SERVER_DEFAULTS  # a one-off run's temporary server needs them too

    for name, value in SERVER_DEFAULTS.items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("PREFECT_LOGGING_LOG_PRINTS", "true")
    # A one-off run's temporary server needs 10-20 s to start, more on a busy machine; Prefect's
    # default wait is shorter than what was seen here under load.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


COMMANDS = {
    "run": cmd_run,
    "demo": cmd_demo,
    "sources": cmd_sources,
    "export": cmd_export,
    "history": cmd_history,
    "compact": cmd_compact,
    "parse": cmd_parse,
    "record": cmd_record,
    "reparse": cmd_reparse,
    "backfill": cmd_backfill,
    "serve": cmd_serve,
    "alerts": cmd_alerts,
    "link": cmd_link,
}


if __name__ == "__main__":
    sys.exit(main())
