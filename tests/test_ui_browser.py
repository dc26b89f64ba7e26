"""The Prefect UI, checked in a real browser: `vnnews serve --demo` against a real Prefect server,
the served `nightly` deployment run against the local replay, then headless Chromium (the
system's, driven by Playwright; never a downloaded browser) on the pages an operator reads.

Skips when no Chromium is installed (`apt-get install chromium`; `.ci/run` does) or the
playwright package is missing. `VNNEWS_CHROMIUM=/path` names the browser to use.
Screenshots go to the test's tmp dir; with `VNNEWS_UPDATE_SCREENSHOTS=1` also to docs/img.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
import pytest

from flows.report import TABLE_COLUMNS
from tests.conftest import LiveServer, live_server

try:
    from playwright.sync_api import Page, Route, expect, sync_playwright
except ImportError:  # the dev extra not installed
    sync_playwright = None  # type: ignore[assignment]

T = TypeVar("T")

DOCS_IMG = Path(__file__).resolve().parent.parent / "docs" / "img"
# As the machine notes say: without the background-networking flags Chromium keeps trying to
# reach Google's hosts. Playwright adds --headless and a fresh temporary --user-data-dir itself.
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 900}
TABLE_VIEWPORT = {"width": 1920, "height": 900}  # the run table's 15 columns side by side
UI_TIMEOUT_MS = 60_000  # the Vue app renders slowly on a busy 2-core machine
DEPLOYMENTS = ("nightly", "backfill", "reparse")
TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def find_chromium() -> tuple[str | None, str]:
    """The browser to drive, or None and why not."""
    override = os.environ.get("VNNEWS_CHROMIUM")
    if override:
        if os.path.isfile(override) and os.access(override, os.X_OK):
            return override, ""
        return None, f"VNNEWS_CHROMIUM={override} is not an executable file"
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate, ""
    return None, "looked for /usr/bin/chromium, chromium and chromium-browser on PATH"


CHROMIUM, NO_CHROMIUM = find_chromium()

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        sync_playwright is None,
        reason="the playwright package is not installed (it is in the dev extra: "
        "pip install -e '.[dev]' or make install)",
    ),
    pytest.mark.skipif(
        CHROMIUM is None,
        reason=f"no Chromium browser ({NO_CHROMIUM}): install Debian's (apt-get install "
        "chromium; .ci/run does) or set VNNEWS_CHROMIUM to a Chromium binary",
    ),
]


@dataclass
class Served:
    """`vnnews serve --demo` running against the live server."""

    process: subprocess.Popen[bytes]
    log: Path

    def tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


@pytest.fixture()
def ui_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server of its own: the soak and crash tests leave the session's server busy recording
    (SQLite), and this test's form submission must not meet a 503."""
    with live_server(tmp_path_factory.mktemp("ui-prefect")) as server:
        yield server


@pytest.fixture()
def served(ui_server: LiveServer, tmp_path: Path) -> Iterator[Served]:
    log = tmp_path / "serve.log"
    command = [str(Path(sys.executable).with_name("vnnews")), "--data-dir",
               str(tmp_path / "data"), "serve", "--demo"]
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=ui_server.env(), cwd=tmp_path,
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield Served(process, log)
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    """Ctrl-C as a terminal sends it (to the whole process group), then kill on timeout."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        process.wait()


def poll(check: Callable[[], T | None], timeout: float, what: str, served: Served) -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if served.process.poll() is not None:
            pytest.fail(f"vnnews serve exited with code {served.process.returncode} while "
                        f"waiting for {what}:\n{served.tail()}")
        found = check()
        if found is not None:
            return found
        time.sleep(1.0)
    pytest.fail(f"no {what} after {timeout:.0f} s; vnnews serve said:\n{served.tail()}")


def post(api: str, path: str, body: dict[str, Any], patience: float = 90.0) -> Any:
    """POST to the API; a 503 (SQLite busy under the server's own recording) is retried, as
    Prefect's client does."""
    deadline = time.monotonic() + patience
    while True:
        response = httpx.post(f"{api}{path}", json=body, timeout=30)
        if response.status_code != 503 or time.monotonic() > deadline:
            response.raise_for_status()
            return response.json()
        time.sleep(1)


def run_nightly(api: str, served: Served) -> dict[str, Any]:
    """Wait for the three served deployments, start `nightly` as the UI's Run button does,
    and wait for the run to end. Returns the flow run."""

    def deployments() -> dict[str, str] | None:
        found = {d["name"]: d["id"] for d in post(api, "/deployments/filter", {})}
        return found if set(DEPLOYMENTS) <= set(found) else None

    ids = poll(deployments, 180, "deployments nightly, backfill and reparse", served)
    run_id = post(api, f"/deployments/{ids['nightly']}/create_flow_run", {})["id"]

    def ended() -> dict[str, Any] | None:
        run: dict[str, Any] = httpx.get(f"{api}/flow_runs/{run_id}", timeout=30).json()
        return run if run.get("state_type") in TERMINAL else None

    run = poll(ended, 300, f"end of the nightly run {run_id}", served)
    state = run.get("state") or {}
    assert run["state_type"] == "COMPLETED", (
        f"nightly ended {run['state_type']}: {state.get('message')}\n{served.tail()}"
    )
    return run


def keep_on_loopback(outside: list[str]) -> Callable[[Route], None]:
    """Let the page reach our own server only; note anything else it tries."""

    def handle(route: Route) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).hostname in LOOPBACK:
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    return handle


def visible(page: Page, text: str) -> None:
    expect(page.get_by_text(text, exact=True).first).to_be_visible(timeout=UI_TIMEOUT_MS)


def save(page: Page, tmp_path: Path, name: str) -> Path:
    shot = tmp_path / name
    page.screenshot(path=str(shot), full_page=True)
    if os.environ.get("VNNEWS_UPDATE_SCREENSHOTS") == "1":
        DOCS_IMG.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, DOCS_IMG / name)
    return shot


def check_ui(ui: str, run: dict[str, Any], table: dict[str, Any], tmp_path: Path) -> list[str]:
    """Headless Chromium on the deployments, the run and its table; screenshots of the first and
    the last. Returns the outside addresses the pages tried to reach (none expected)."""
    run_name = run["name"]
    outside: list[str] = []
    assert sync_playwright is not None and CHROMIUM is not None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_FLAGS)
        try:
            context = browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
            context.set_default_timeout(UI_TIMEOUT_MS)
            context.route("**/*", keep_on_loopback(outside))
            page = context.new_page()

            # The entry page opens the classic UI (the V2 UI would call amplitude.com).
            page.goto(f"{ui}/")
            visible(page, "Deployments")
            assert "/v2" not in urlsplit(page.url).path, page.url

            page.goto(f"{ui}/deployments")
            for name in DEPLOYMENTS:
                visible(page, name)
            visible(page, "At 02:00 AM every day")  # nightly_cron, as the UI words it
            save(page, tmp_path, "ui-deployments.png")

            page.goto(f"{ui}/runs/flow-run/{run['id']}")
            visible(page, run_name)
            visible(page, "Completed")
            page.locator("[role=tablist]").get_by_text("Artifacts", exact=True).click()
            visible(page, "ingest-summary")
            visible(page, "ingest-report")

            page.set_viewport_size(TABLE_VIEWPORT)  # type: ignore[arg-type]
            page.goto(f"{ui}/artifacts/artifact/{table['id']}")
            for heading in TABLE_COLUMNS:
                expect(page.get_by_role("columnheader", name=heading, exact=True)).to_be_visible(
                    timeout=UI_TIMEOUT_MS)
            for source in ("qdnd", "qdnd-hc", "bienphong"):
                expect(page.locator("td").get_by_text(source, exact=True)).to_be_visible()
            visible(page, run_name)  # the side panel links the artifact to its run
            save(page, tmp_path, "ui-run-table.png")

            page.set_viewport_size(VIEWPORT)  # type: ignore[arg-type]
            backfill_from_the_form(page, ui, tmp_path)
        finally:
            browser.close()

    return outside


def form_field(page: Page, label: str) -> Any:
    """One parameter of the custom-run form, by its label ("last_page (Optional)")."""
    exact = page.locator(".schema-form-property__label", has_text=re.compile(
        f"^{re.escape(label)}$"))
    return page.locator(".schema-form-property").filter(has=exact).first


def backfill_from_the_form(page: Page, ui: str, tmp_path: Path) -> None:
    """Deployments → backfill → Run → Custom run: source qdnd, last_page 1, Submit; the run it
    creates completes, is named by source and pages, and its table shows the source's row."""
    api = f"{ui}/api"
    deployment = next(d for d in post(api, "/deployments/filter", {}) if d["name"] == "backfill")
    def runs() -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = post(
            api, "/flow_runs/filter", {"deployments": {"id": {"any_": [deployment["id"]]}}})
        return found

    before = {r["id"] for r in runs()}  # other tests of the session may have run it too
    page.goto(f"{ui}/deployments/deployment/{deployment['id']}/run")
    form_field(page, "source").locator("textarea").fill("qdnd")
    last_page = form_field(page, "last_page (Optional)")
    last_page.get_by_role("button", name="int", exact=True).click()
    last_page.locator("input[type=number]").fill("1")
    save(page, tmp_path, "ui-backfill-form.png")
    page.get_by_role("button", name="Submit", exact=True).click()
    page.wait_for_url(re.compile(r".*tab=Runs"), timeout=UI_TIMEOUT_MS)

    def ended() -> dict[str, Any] | None:
        mine = [r for r in runs() if r["id"] not in before]
        assert len(mine) <= 1, f"the form started {len(mine)} runs"
        return mine[0] if mine and mine[0].get("state_type") in TERMINAL else None

    deadline = time.monotonic() + 300
    run = ended()
    while run is None and time.monotonic() < deadline:
        time.sleep(1)
        run = ended()
    assert run is not None, "the backfill started from the form did not end in 300 s"
    assert run["state_type"] == "COMPLETED", run.get("state")
    assert run["parameters"]["source"] == "qdnd" and run["parameters"]["last_page"] == 1
    assert re.fullmatch(r"backfill-qdnd-pages-1-1-\d{4}-\d{2}-\d{2}", run["name"]), run["name"]
    (table,) = post(api, "/artifacts/filter", {"artifacts": {
        "flow_run_id": {"any_": [run["id"]]}, "key": {"any_": ["ingest-summary"]}}})
    page.goto(f"{ui}/artifacts/artifact/{table['id']}")
    expect(page.get_by_role("columnheader", name="new versions", exact=True)).to_be_visible(
        timeout=UI_TIMEOUT_MS)
    expect(page.locator("td").get_by_text("qdnd", exact=True)).to_be_visible()
    visible(page, run["name"])


def test_ui_shows_deployments_completed_run_and_its_table(
    ui_server: LiveServer, served: Served, tmp_path: Path
) -> None:
    api, ui = ui_server.api_url, ui_server.url
    run = run_nightly(api, served)
    run_name = run["name"]
    assert re.fullmatch(r"nightly-\d{4}-\d{2}-\d{2}", run_name), run_name
    tables = post(api, "/artifacts/filter", {"artifacts": {
        "flow_run_id": {"any_": [run["id"]]}, "key": {"any_": ["ingest-summary"]},
    }})
    assert len(tables) == 1, tables
    table = tables[0]

    outside = check_ui(ui, run, table, tmp_path)
    assert not outside, f"the UI tried to reach outside loopback: {sorted(set(outside))}"
    for name in ("ui-deployments.png", "ui-run-table.png"):
        assert (tmp_path / name).stat().st_size > 20_000, f"{name} looks empty"
