"""Make the README's picture of the report's first screen again, from the sample, in one command.

Run from a checkout, after the first screen's words or layout change::

    python docs/make_screenshot.py

It runs ``ssi-analysis report --sample`` (this checkout's code) in a temporary folder, lays the
page out at 1280 × 900 px in headless Chromium and writes

- ``docs/report_first_screen.png``: what a reader sees first;
- ``docs/report_first_screen.json``: the first screen's text it was made from (headings,
  question sentences, next step, grid; as ``tests/golden.py`` reads a page) and the picture's
  SHA-256.

``tests/test_docs.py`` fails when that text differs from the sample report's current first
screen (``tests/data/golden/sample_first_screen.json``) or when the picture is not the one the
text was written with: commit both files together. Needs Chromium (Debian/Ubuntu:
``apt-get install -y chromium``); ``--browser PATH`` names another binary.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
REPO = DOCS.parent
PICTURE = DOCS / "report_first_screen.png"
TEXT = DOCS / "report_first_screen.json"
SIZE = (1280, 900)


def browser_command(browser: str, profile: Path, width: int, height: int) -> list[str]:
    """Headless Chromium, offline and without a first-run profile, at one window size."""
    return [
        browser,
        "--headless",
        "--no-sandbox",  # needed as root (containers, CI)
        "--disable-gpu",
        "--hide-scrollbars",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
    ]


def make(browser: str | None = None) -> dict:
    """Write the picture and its first-screen text; return what was written to the JSON."""
    sys.path[:0] = [str(REPO), str(REPO / "tests")]  # this checkout's kit and tests/golden.py
    from golden import first_screen, sample_args

    from ssi_analysis.cli import main

    browser = browser or shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise SystemExit(
            "make_screenshot: no Chromium found; install it (apt-get install -y chromium) "
            "or give --browser PATH"
        )
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "report.html"
        with contextlib.redirect_stdout(io.StringIO()):  # the report's "wrote ..." lines
            code = main(sample_args(page))
        if code != 0:
            raise SystemExit("make_screenshot: the sample report failed (see above)")
        shot = Path(folder) / "shot.png"
        run = subprocess.run(
            [*browser_command(browser, Path(folder) / "profile", *SIZE),
             f"--screenshot={shot}", page.as_uri()],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        if not shot.exists():
            raise SystemExit(f"make_screenshot: Chromium wrote no picture:\n{run.stderr[-2000:]}")
        PICTURE.write_bytes(shot.read_bytes())
        screen = first_screen(page.read_text(encoding="utf-8"))
    record = {
        "made_by": "python docs/make_screenshot.py",
        "size": list(SIZE),
        "png_sha256": hashlib.sha256(PICTURE.read_bytes()).hexdigest(),
        "first_screen": screen,
    }
    TEXT.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return record


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--browser", help="the Chromium binary (default: found on PATH)")
    make(parser.parse_args().browser)
    print(f"wrote {PICTURE.relative_to(REPO)} and {TEXT.relative_to(REPO)}")
