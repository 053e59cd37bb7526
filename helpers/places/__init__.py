"""Places: the offline gazetteer (GeoNames cities plus the kit's supplement), finding place names in
text and deciding which place each one means, and the offline base map.
"""
