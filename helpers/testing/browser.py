"""Browser settings shared by the browser tests and benches."""

from __future__ import annotations

#: Debian's Chromium and the flags the kit's browser tests and benchmarks start it with: headless
#: as root, no GPU, and none of the background connections a closed network would refuse.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
)
