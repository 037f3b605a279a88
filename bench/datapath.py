"""The Python data paths being compared: load → filter → map object → HTML.

*Project*: ``geo.dataset.load_dataset`` (validating) → ``geo.state.filters.filter_index`` →
``geo.mapview.base.base_map`` + ``report_layers`` → ``standalone_html``; and, separately, what the app
really sends for a filter state: ``st_folium``'s processing of the same map (run for real, with
the Streamlit component call captured) and Streamlit's ``json.dumps`` of the component arguments.

*Baseline*: ``geopandas.read_file`` → a pandas filter with the same meaning →
``GeoDataFrame.explore(popup=True)`` (every property in the popup and the tooltip) → rendered HTML.
Neither side loads online tiles (``TROOPS_TILES=off``; ``explore(tiles=None)``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd

from geo.dataset import Dataset, load_dataset
from geo.mapview.assets import LeafletAssets
from geo.mapview.base import MAP_HEIGHT, base_map, standalone_html
from geo.mapview.layers import report_layers
from geo.present.palette import colour_key
from geo.model.vocabulary import UNNAMED
from geo.state.filters import Filters, filter_index
from geo.reference import Reference, load_reference

#: The filter states measured: every report, then one changed filter (North Korea deselected).
STATES = ("all", "no KP")


def timed(function: Callable, *args):
    """Call `function`; return (its result, seconds)."""
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


@dataclass
class Steps:
    """Seconds spent in each named step of one pass, in order."""

    seconds: dict[str, float] = field(default_factory=dict)

    @contextlib.contextmanager
    def step(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start

    @property
    def total(self) -> float:
        return sum(self.seconds.values())


@dataclass(frozen=True)
class Drawn:
    """What a map should show for one filter state: report points and reports drawn as regions."""

    points: int
    reports_in_regions: int

    @property
    def total(self) -> int:
        return self.points + self.reports_in_regions


# --- filter states ---------------------------------------------------------------------------------


def filter_states(dataset: Dataset) -> dict[str, Filters]:
    """The measured filter states of `dataset`, as the app's widgets would produce them."""
    everything = dataset.options.defaults
    changed = dataclasses.replace(everything, nationalities=tuple(c for c in everything.nationalities if c != "KP"))
    return {"all": everything, "no KP": changed}


def drawn(dataset: Dataset, filters: Filters, reference: Reference | None = None) -> Drawn:
    """How many reports of a filter state are drawn: points, and oblast-level reports as regions."""
    regions = set((reference or load_reference()).admin1)
    shown = dataset.frame.iloc[filter_index(dataset.frame, filters)]
    points = int(shown["latitude"].notna().sum())
    in_regions = int(((shown["location_precision"] == "oblast") & shown["admin1"].isin(regions)).sum())
    return Drawn(points, in_regions)


# --- project -----------------------------------------------------------------------------------------


def project_load(layer: Path) -> Dataset:
    """Load and validate a published layer, as the app does."""
    return load_dataset(layer)


def _base_map(dataset: Dataset, assets: LeafletAssets, basemap: str) -> folium.Map:
    """The app's base map without online tiles; the page fetches the offline basemap from `basemap`."""
    return base_map(load_reference(), assets, online_tiles=False, basemap=basemap)


def _filtered_layers(dataset: Dataset, filters: Filters, steps: Steps) -> list:
    """Filter, then the report layers of what passes, timing both steps as the app does them."""
    with steps.step("filter"):
        index = filter_index(dataset.frame, filters)
        shown = dataset.frame.iloc[index]
    with steps.step("report layers"):
        return report_layers(shown, dataset.features, colour_key(tuple(dataset.options.codes)), total=len(index))


def project_page(dataset: Dataset, filters: Filters, assets: LeafletAssets, basemap: str) -> tuple[str, Steps]:
    """The project's map of one filter state as a standalone HTML page; with the step timings."""
    steps = Steps()
    groups = _filtered_layers(dataset, filters, steps)
    with steps.step("base map"):
        m = _base_map(dataset, assets, basemap)
    with steps.step("render HTML"):
        html = standalone_html(m, groups)
    return html, steps


@contextlib.contextmanager
def captured_component() -> Iterator[list[dict]]:
    """Replace streamlit-folium's component call by a recorder of its keyword arguments."""
    import streamlit_folium

    calls: list[dict] = []
    original = streamlit_folium._component_func
    streamlit_folium._component_func = lambda **kwargs: calls.append(kwargs)
    try:
        yield calls
    finally:
        streamlit_folium._component_func = original


def component_json(kwargs: dict) -> str:
    """The component arguments as Streamlit serializes them (``json_args`` of the element)."""
    return json.dumps({key: value for key, value in kwargs.items() if not callable(value)})


def project_app_payload(dataset: Dataset, filters: Filters, basemap: str) -> tuple[str, Steps]:
    """What one app run sends through ``st_folium`` for a (new) filter state; with step timings.

    Mirrors ``streamlit_app.py``: filter, report layers, base map, then ``st_folium`` with the
    layers as ``feature_group_to_add`` (its real code, the component call captured), then the JSON
    that Streamlit puts into the element.
    """
    from streamlit_folium import st_folium

    from geo.mapview import assets

    steps = Steps()
    groups = _filtered_layers(dataset, filters, steps)
    with steps.step("base map"):
        m = _base_map(dataset, assets.component_assets("leaflet_assets"), basemap)
    with steps.step("st_folium"), captured_component() as calls:
        st_folium(m, key="map", height=MAP_HEIGHT, use_container_width=True, returned_objects=["last_active_drawing"],
                  feature_group_to_add=groups, layer_control=folium.LayerControl(collapsed=True))
    with steps.step("JSON"):
        text = component_json(calls[0])
    return text, steps


# --- baseline ------------------------------------------------------------------------------------


def baseline_load(layer: Path) -> gpd.GeoDataFrame:
    """Read the published layer with geopandas."""
    return gpd.read_file(layer)


def _nationality_pattern(codes: tuple[str, ...]) -> str:
    named = [re.escape(code) for code in codes if code != UNNAMED]
    return rf"(?:^|;)(?:{'|'.join(named)})(?:;|$)" if named else r"(?!)"


def baseline_filter(frame: gpd.GeoDataFrame, filters: Filters) -> gpd.GeoDataFrame:
    """The rows of `frame` that pass `filters`: the project's filter semantics in plain pandas."""
    start, end = pd.Timestamp(filters.date_from), pd.Timestamp(filters.date_to)
    nationality = frame["nationality"].fillna("")
    nat = nationality.str.contains(_nationality_pattern(filters.nationalities), regex=True)
    if UNNAMED in filters.nationalities:
        nat |= nationality.eq("") | frame["nationality_label"].fillna("").ne("")
    first, last = _days(frame["date"], 0), _days(frame["date_end"], 1)
    dated = (first <= end) & (last >= start)
    if filters.undated:
        dated |= first.isna()
    mask = dated & frame["claim_status"].isin(filters.statuses) & frame["layer"].isin(filters.layers) & nat
    return frame[mask.to_numpy()]


def _days(column: pd.Series, end: int) -> pd.Series:
    """A date column as days: geopandas reads full days as datetimes; a month or a year stays text,
    and covers its first to its last day (`geo.model.dates`)."""
    if pd.api.types.is_datetime64_any_dtype(column):
        return column.dt.tz_localize(None) if column.dt.tz is not None else column
    import pyarrow as pa

    from geo.model.dates import spans

    values = pa.array(column.fillna("").astype(str).tolist(), pa.string())
    return pd.Series(pd.to_datetime(spans(values)[end]), index=column.index)


def baseline_page(frame: gpd.GeoDataFrame, filters: Filters) -> tuple[str, Steps, int]:
    """Filter, then ``explore`` with every property in the popup (and, by default, the tooltip),
    rendered; with the step timings and the number of features drawn."""
    steps = Steps()
    with steps.step("filter"):
        shown = baseline_filter(frame, filters)
    with steps.step("map object"):
        m = shown.explore(popup=True, tiles=None)
    with steps.step("render HTML"):
        html = m.get_root().render()
    return html, steps, baseline_drawn(shown)


def baseline_drawn(frame: gpd.GeoDataFrame) -> int:
    """How many features ``explore`` draws: the rows that have a geometry."""
    return int((~frame.geometry.isna() & ~frame.geometry.is_empty).sum())
