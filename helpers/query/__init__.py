"""Query: ``Filter`` (frozen) and ``apply(corpus, filter)``, the per-corpus indexes that make a filter
change cheap, and the keyword tokeniser shared with the report's JavaScript.
"""
