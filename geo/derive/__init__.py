"""Build-time derivation of the reference geography and the offline basemap from Natural Earth.

Run by ``python -m geo reference`` and ``python -m geo basemap``; the app never imports it.
`geo.derive.inputs` finds (or fetches from Debian's archive) the Natural Earth files they read.
"""
