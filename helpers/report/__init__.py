"""Report: one offline HTML file that filters, drills down to articles and cannot be turned against
its reader. Compute the data, structure the provenance, render the page from package assets.
"""
