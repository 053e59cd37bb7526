"""Core: what every stage shares and nothing else. Paths and settings (``config``), the data model
(``schema``), verified cache files, progress bars, worker pools, lazy exports and text formatting.
"""
