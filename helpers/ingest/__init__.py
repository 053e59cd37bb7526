"""Ingest: files and tables -> the ``articles`` table and the ``load_report``. Finding files, decoding
them, reading dates and outlets, parsing one article (pure) and the incremental load.
"""
