"""The app's caches: the official dataset once per process, uploads per session, derived work by dataset.

Every derived cache (filtered rows, map layers, downloads) is keyed on `Dataset.key`, which names
the dataset's origin (the official file, or one upload in one session) and its whole content hash,
never on the displayed version: an upload can never see, or leave behind, another dataset's entries.
An uploaded dataset lives in its session (released when the session closes) and all uploads together
stay within `UPLOAD_BUDGET` bytes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import threading
import weakref

import streamlit as st

from geo import publish
from geo.dataset import Dataset, dataset_from_bytes, dataset_from_tables, load_dataset
from geo.errors import DataError, Problem
from geo.formats.limits import UPLOAD_LIMITS
from geo.mapview.layers import drawn_bounds, report_layers
from geo.present.palette import colour_key
from geo.present.text import caption
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
    return load_dataset(path)


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


@st.cache_data(show_spinner=False, max_entries=64, ttl=TTL)
def filtered(key: str, _dataset: Dataset, filters: Filters):
    return filter_index(_dataset.frame, filters)


@st.cache_resource(show_spinner=False, max_entries=16, ttl=TTL)
def layers(key: str, _dataset: Dataset, filters: Filters, selection: Selection | None):
    index = filtered(key, _dataset, filters)
    shown = _dataset.frame.iloc[index]
    options = _dataset.options
    return report_layers(shown, _dataset.features, colour_key(tuple(options.codes)), total=len(index),
                         selection=selection, caption=caption(filters, options, len(index)),
                         bounds=drawn_bounds(shown, load_reference()))


@st.cache_data(show_spinner=False, max_entries=64, ttl=TTL)
def download(key: str, _dataset: Dataset, what: tuple[str, str], filters: Filters) -> bytes:
    return publish.make_bytes(what, _dataset, filters)
