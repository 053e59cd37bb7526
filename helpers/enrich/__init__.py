"""Enrich: people, organisations, groups and places in every article. NER with spaCy, one article's
mentions, names and merge rules, canonical entities and the analyst's alias table, cached per article.
"""
