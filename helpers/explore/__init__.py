"""Explore: the ipywidgets ``Explorer``. Linked filters, type-ahead pickers, live plotly figures
counted from the filter index, and an article list with a reader.
"""
