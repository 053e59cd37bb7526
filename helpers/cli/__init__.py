"""The ``corpus-atlas`` command: every argparse parser of the kit. Nothing in the kit imports it."""

from __future__ import annotations

from helpers.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
