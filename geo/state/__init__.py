"""The state of a page that a link carries: filters, the selected report or region, the map view.

- `geo.state.filters`: `Filters`, what the data offers to filter by (`Options`) and filtering;
- `geo.state.link`: `View`, `Selection`, `PageState`, and reading and writing query parameters.
"""
