"""The app's caches: the official dataset once per process, uploads per session, derived work by dataset.

Every derived cache (shown rows, counts, map layers, table, downloads) is keyed on `Dataset.key`, which names
the dataset's origin (the official file, or one upload in one session) and its whole content hash,
never on the displayed version: an upload can never see, or leave behind, another dataset's entries.
An uploaded dataset lives in its session (released when the session closes) and all uploads together
stay within `UPLOAD_BUDGET` bytes.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import threading
import weakref
from collections.abc import Callable

import folium
import pandas as pd
import pyarrow as pa
import streamlit as st

from geo import publish
from geo.dataset import Dataset, dataset_from_bytes, dataset_from_tables, load_dataset
from geo.errors import DataError, Problem
from geo.formats.limits import UPLOAD_LIMITS
from geo.mapview.base import MAP_HEIGHT
from geo.mapview.layers import drawn, drawn_bounds, report_layers
from geo.present.palette import colour_key
from geo.present.tables import report_table
from geo.present.text import Drawn, caption
from geo.reference import load_reference
from geo.state.filters import Filters, filter_index
from geo.state.link import Selection

#: Memory that all uploaded datasets of the server may hold at once.
UPLOAD_BUDGET = 400 << 20
#: How long derived work for one dataset and filter state is kept, in seconds.
TTL = 3600

_LIVE: weakref.WeakSet = weakref.WeakSet()  # uploaded datasets still held by a session
_LOCK = threading.Lock()


@st.cache_resource(show_spinner="Loading reports…")
def load(path: str, mtime: float) -> Dataset:
    dataset = load_dataset(path)
    # What is loaded once (the modules, this dataset, the reference geography) stays for the process's
    # life: leaving it out of Python's full collections makes each page view cheaper, and nothing of it
    # is ever garbage (Streamlit's collection after every run is off too: runner.postScriptGC).
    gc.collect()
    gc.freeze()
    return dataset


def held(dataset: Dataset) -> int:
    """About how many bytes a dataset holds (its table and its filter table)."""
    return dataset.table.nbytes + int(dataset.frame.memory_usage(index=False, deep=False).sum())


def upload(name: str, payload: tuple[bytes, ...]) -> Dataset:
    """An uploaded dataset, checked with the upload limits; kept by the session that uploaded it.

    The same files uploaded again in the session give the same dataset without a second check.
    """
    digest = hashlib.sha256(b"\0".join(payload)).hexdigest()
    kept = st.session_state.get("uploaded")
    if kept is not None and kept[0] == digest:
        return kept[1]
    st.session_state.uploaded = None  # the previous upload of this session is released first
    with _LOCK:
        in_use = sum(held(d) for d in list(_LIVE))
    if in_use + sum(map(len, payload)) * 3 > UPLOAD_BUDGET:
        raise DataError([Problem(name, "", "", "cannot be checked now: the server holds as many uploads as it "
                                 "can; try again in a few minutes")])
    with st.spinner("Checking the uploaded data…"):
        if len(payload) == 1:
            dataset = dataset_from_bytes(payload[0], name, limits=UPLOAD_LIMITS)
        else:
            dataset = dataset_from_tables(payload[0], payload[1], name, limits=UPLOAD_LIMITS)
    dataset = dataclasses.replace(dataset, origin=f"upload:{digest}:{id(st.session_state)}")
    with _LOCK:
        _LIVE.add(dataset)
    st.session_state.uploaded = (digest, dataset)
    return dataset


# Derived work is shared by every reader of the same view (`cache_resource`: the same object, not a
# copy per run); the page only reads it.

@st.cache_resource(show_spinner=False, max_entries=64, ttl=TTL)
def shown(key: str, _dataset: Dataset, filters: Filters) -> pd.DataFrame:
    """The rows of the reports the filters show."""
    return _dataset.frame.iloc[filter_index(_dataset.frame, filters)]


@st.cache_resource(show_spinner=False, max_entries=64, ttl=TTL)
def counts(key: str, _dataset: Dataset, filters: Filters) -> Drawn:
    """How the shown reports are drawn (the count line above the map)."""
    return drawn(shown(key, _dataset, filters), len(_dataset))


@st.cache_resource(show_spinner=False, max_entries=16, ttl=TTL)
def layers(key: str, _dataset: Dataset, filters: Filters, selection: Selection | None):
    rows = shown(key, _dataset, filters)
    options = _dataset.options
    return report_layers(rows, _dataset.features, colour_key(tuple(options.codes)), total=len(rows),
                         selection=selection, caption=caption(filters, options, len(rows)),
                         bounds=drawn_bounds(rows, load_reference()))


_COMPONENT_LOCK = threading.Lock()


@st.cache_resource(show_spinner=False, max_entries=16, ttl=TTL)
def map_component(base: tuple, key: str, filters: Filters, selection: Selection | None, _dataset: Dataset,
                  _base_map: Callable[[], folium.Map]) -> dict:
    """What `st_folium` sends for one page state, made once: its keyword arguments to the component.

    `st_folium` renders the whole folium map with Jinja on every run (a third of a run's CPU); the
    arguments depend only on the base map (`base`: dataset, first view, tiles, basemap) and on the
    report layers (the dataset, filters and selection), so readers of the same view share them.
    """
    import streamlit_folium

    groups = layers(key, _dataset, filters, selection)
    calls: list[dict] = []
    with _COMPONENT_LOCK:  # the component function is swapped for a recorder while st_folium runs
        original = streamlit_folium._component_func
        streamlit_folium._component_func = lambda **kwargs: calls.append(kwargs)
        try:
            streamlit_folium.st_folium(_base_map(), key="map", height=MAP_HEIGHT, use_container_width=True,
                                       returned_objects=["last_active_drawing"], feature_group_to_add=groups,
                                       layer_control=folium.LayerControl(collapsed=True))
        finally:
            streamlit_folium._component_func = original
    return calls[0]


def show_map(arguments: dict):
    """Place the map component with arguments from `map_component` (the same that `st_folium` would pass)."""
    import streamlit_folium

    return streamlit_folium._component_func(**arguments)


@st.cache_resource(show_spinner=False, max_entries=64, ttl=TTL)
def table(key: str, _dataset: Dataset, filters: Filters) -> pa.Table:
    """The table of the shown reports, as Arrow: what `st.dataframe` sends, converted once per view
    instead of in every run (at 100,000 reports a frame cost each filter change about 1 s)."""
    return pa.Table.from_pandas(report_table(shown(key, _dataset, filters)), preserve_index=False)


@st.cache_data(show_spinner=False, max_entries=64, ttl=TTL)
def download(key: str, _dataset: Dataset, what: tuple[str, str], filters: Filters) -> bytes:
    return publish.make_bytes(what, _dataset, filters)
