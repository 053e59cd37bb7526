"""CLI: the ``corpus-atlas`` command, every argparse parser of the kit in one place (one module per
group of subcommands, wired in ``main``). Nothing in the kit imports it.
"""

from __future__ import annotations

from helpers.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
