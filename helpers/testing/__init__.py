"""Testing: synthetic corpora, slow reference implementations (the filter contract, the Explorer's
figures) and browser settings, for the tests and benches. Nothing in the kit imports it.
"""
