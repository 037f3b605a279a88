"""The folium map: a base map that stays put (`geo.mapview.base`), report layers swapped in as filters
change and clicks read back (`geo.mapview.layers`), Leaflet served locally (`geo.mapview.assets`) and
the map's JavaScript (``js/``).
"""
