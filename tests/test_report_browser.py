"""The report in a real browser: headless Chromium loads the file from disk, offline.

Checks what Chromium rendered (its DOM, a screenshot, a PDF) and, from Chromium's own
network log, that the page asked for nothing over the network.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from test_report import SECTIONS, invoke, make_history, parse

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WIDTH, HEIGHT = 1200, 2000

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason="headless Chromium is not installed (apt-get install -y chromium)",
)

Browse = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    db = folder / "anxlog.db"
    make_history(db)
    out = folder / "report.html"
    code, _, stderr = invoke(db, "report", "--out", str(out))
    assert code == 0, stderr
    return out


def chromium(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Headless Chromium on a file, with ``profile`` as a fresh profile and every network
    route closed."""
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND",  # no name resolves: the network is off
        f"--user-data-dir={profile}",
        *args,
        page.resolve().as_uri(),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


@pytest.fixture
def browse(tmp_path: Path) -> Browse:
    def run(page: Path, *args: str) -> subprocess.CompletedProcess[str]:
        profile = tempfile.mkdtemp(prefix="profile-", dir=tmp_path)  # a new, empty profile
        return chromium(page, Path(profile), *args)

    return run


def page_requests(net_log: Path) -> list[str]:
    """URLs the page asked the network stack for; Chromium's own background requests
    (update checks and the like) have no origin and are left out."""
    log = json.loads(net_log.read_text())
    names = {number: name for name, number in log["constants"]["logEventTypes"].items()}
    sources = {
        event["source"]["id"]
        for event in log["events"]
        if names[event["type"]] == "URL_REQUEST_START_JOB"
        and event.get("params", {}).get("initiator", "not an origin") != "not an origin"
    }
    return sorted(
        {
            event["params"]["url"]
            for event in log["events"]
            if event["source"]["id"] in sources and "url" in event.get("params", {})
        }
    )


def test_rendered_dom_has_every_section_in_order(report: Path, browse: Browse) -> None:
    dom = browse(report, "--dump-dom").stdout
    page = parse(dom)
    assert page.sections == SECTIONS
    assert page.paragraphs["verdict"].startswith("Emerging relief:")
    assert "svg" in page.tags and "script" not in page.tags
    assert "<script>alert('x')</script>" in page.text["session-list"]  # shown, not run


def test_page_makes_no_network_request(report: Path, browse: Browse, tmp_path: Path) -> None:
    # the detector first proves it sees a page's requests, on a page that makes some
    leaky = tmp_path / "leaky.html"
    leaky.write_text('<!DOCTYPE html><img src="http://example.invalid/x.png"><p>x</p>')
    leaky_log = tmp_path / "leaky.json"
    browse(leaky, f"--log-net-log={leaky_log}", "--dump-dom")
    assert page_requests(leaky_log) == ["http://example.invalid/x.png"]

    net_log = tmp_path / "report.json"
    browse(report, f"--log-net-log={net_log}", "--dump-dom")
    assert page_requests(net_log) == []


def png_pixels(path: Path) -> tuple[int, int, int, int]:
    """(width, height, non-white pixels, pixels of the chart's 7-day-mean green)."""
    import matplotlib.image

    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pixels = matplotlib.image.imread(path)[:, :, :3]
    height, width = pixels.shape[:2]
    non_white = int((pixels.min(axis=2) < 0.95).sum())
    green = (abs(pixels - [0x1F / 255, 0x6B / 255, 0x35 / 255]) < 0.08).all(axis=2)
    return width, height, non_white, int(green.sum())


def test_screenshot_is_the_right_size_and_shows_the_page(
    report: Path, browse: Browse, tmp_path: Path
) -> None:
    shot = tmp_path / "report.png"
    browse(report, f"--screenshot={shot}", f"--window-size={WIDTH},{HEIGHT}")
    width, height, non_white, green = png_pixels(shot)
    assert (width, height) == (WIDTH, HEIGHT)
    assert non_white > 0.05 * width * height  # text, tables and the chart, not a blank page
    assert green > 500  # the 7-day mean line of the inline SVG chart was drawn


@pytest.mark.parametrize(("paper", "paper_points"), [("auto", (612, 792)), ("A4", (595, 842))])
def test_prints_to_a_paginated_pdf(
    report: Path, browse: Browse, tmp_path: Path, paper: str, paper_points: tuple[int, int]
) -> None:
    page = report
    if paper != "auto":  # Chromium's default paper is Letter; the page's CSS can ask for A4
        page = tmp_path / "a4.html"
        page.write_text(report.read_text().replace("size: auto;", f"size: {paper};"))
    pdf = tmp_path / "report.pdf"
    browse(page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 20_000
    pages = re.findall(rb"/Type\s*/Page(?!s)", data)
    assert len(pages) >= 2  # the report flows onto more pages rather than being cut
    boxes = re.findall(rb"/MediaBox\s*\[([^]]*)\]", data)
    sizes = {tuple(round(float(value)) for value in box.split()[2:4]) for box in boxes}
    assert sizes == {paper_points}


PHONE = 390  # CSS pixels: the width of a common phone held upright

# Measures the report inside an iframe as wide as a phone (Chromium's window cannot be
# made that narrow); the report itself runs no script, its Content-Security-Policy says so.
MEASURE = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="phone" style="width:WIDTHpx;height:20000px;border:0" srcdoc="REPORT"></iframe>
<script>
addEventListener("load", () => {
  const doc = document.getElementById("phone").contentDocument;
  const boxes = [...doc.querySelectorAll("table")].map((table) => {
    const box = table.parentElement;
    return {section: table.closest("section, footer").id, box: box.className,
            overflow: getComputedStyle(box).overflowX, inner: box.clientWidth,
            content: box.scrollWidth, right: box.getBoundingClientRect().right};
  });
  const result = {viewport: doc.documentElement.clientWidth,
                  page: doc.documentElement.scrollWidth, boxes};
  const out = document.createElement("pre");
  out.id = "measured";
  out.textContent = JSON.stringify(result);
  document.body.append(out);
});
</script></body></html>"""


def test_wide_tables_scroll_in_their_own_box_on_a_phone(
    report: Path, browse: Browse, tmp_path: Path
) -> None:
    import html

    page = tmp_path / "phone.html"
    srcdoc = html.escape(report.read_text(encoding="utf-8"), quote=True)
    page.write_text(MEASURE.replace("WIDTH", str(PHONE)).replace("REPORT", srcdoc))
    dom = browse(page, "--dump-dom").stdout
    found = re.search(r'<pre id="measured">(.*?)</pre>', dom, re.DOTALL)
    assert found is not None, dom[-2000:]
    measured = json.loads(html.unescape(found.group(1)))
    assert measured["viewport"] == PHONE
    assert measured["page"] == PHONE  # the page itself never scrolls sideways
    boxes = {box["section"]: box for box in measured["boxes"] if box["section"] != "summary"}
    assert set(boxes) == {"sessions", "items", "gad7", "session-list", "daily-notes"}
    for box in boxes.values():
        assert (box["box"], box["overflow"]) == ("scroll", "auto")
        assert box["right"] <= PHONE
    wide = boxes["sessions"]  # nine columns cannot fit in 390 px: it scrolls in its box
    assert wide["content"] > wide["inner"]
