#!/usr/bin/env bash
# Make docs/report_first_screen.png again: the first screen of the sample report, 1280 px wide,
# in headless Chromium (Debian's package; as root it needs --no-sandbox). Run it from a
# checkout after the report's first screen changes, and commit the picture.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && PYTHONPATH="$OLDPWD" python -m ssi_analysis.cli report --sample >/dev/null 2>&1)
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,900 \
    --screenshot="$PWD/docs/report_first_screen.png" "file://$work/report.html" 2>/dev/null
echo "wrote docs/report_first_screen.png"
