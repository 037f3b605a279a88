"""Map of reported foreign-troop presence in the Russia–Ukraine war (Streamlit + folium).

Run: ``streamlit run streamlit_app.py`` (embedded data), or with another dataset in the project's
schema: ``streamlit run streamlit_app.py -- --data path/to/all.geojson`` (or ``TROOPS_DATA=...``).
``TROOPS_TILES=off`` starts without online tiles (air-gapped use). All logic lives in ``geo/``;
this file reads widgets and the link, calls ``geo`` and places the results on the page.
"""

from __future__ import annotations

import argparse
import os
import sys
from html import escape
from pathlib import Path

import folium
import streamlit as st
import streamlit.components.v1 as components
from streamlit_folium import st_folium

from geo import assets, charts, export, present, share
from geo.dataset import DEFAULT_DATA, Dataset, dataset_from_bytes, dataset_from_reports, load_dataset
from geo.countries import country_name
from geo.errors import DataError
from geo.filters import DATE_RULE, UNNAMED, Filters, date_bounds, default_filters, filter_index
from geo.mapview import BASEMAP_FILE, DEFAULT_VIEW, MAP_HEIGHT, base_map, legend_html, report_layers
from geo.records import read_reports
from geo.reference import REFERENCE_DIR, load_reference
from geo.schema import ALL_LAYER, CLAIM_STATUSES, LAYERS

st.set_page_config(page_title="Foreign troops in the Russia–Ukraine war: map of reports", layout="wide",
                   page_icon="🗺️")

#: Above this many reports a download is generated when clicked, not on every run.
EAGER_DOWNLOAD_LIMIT = 5000


TABLE_COLUMNS = {
    "Source": st.column_config.LinkColumn("Source", help="The first source (http/https links only)"),
    "Summary": st.column_config.TextColumn("Summary", width="large"),
}

ABOUT = """
**What this is.** A map and dataset of *reported* presence of foreign troops in the Russia–Ukraine war
(Donetsk Oblast, Kursk Oblast and along the Russia–Ukraine border). Each report is one claim by one
claimant at one time, with its sources; conflicting figures stay separate and are never averaged.

**Symbols.** Colour = nationality. Filled circle = corroborated (confirmed by an independent party);
filled with a dark ring = acknowledged (admitted by the deploying or host state); hollow = claimed
(unconfirmed); grey, dashed and struck through = denied. A point is a settlement or district; a dashed
area means only the oblast is known (the report is somewhere in it). Country-level reports are not drawn.

**Filters.** Dates use the event's start date, falling back to the date the claim was reported; a report
spanning several days is shown if any day falls in the range. Nationality matches a report naming any of
the selected nationalities. The link in the address bar reproduces the filters, the selected report and
the map view; cite it with the dataset version shown at the top.

**Sources and licence.** Reports compiled from published reporting (every report links its sources);
reference geography from Natural Earth (public domain). Data CC BY 4.0; code MIT.
"""


def _settings() -> argparse.Namespace:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data", default=os.environ.get("TROOPS_DATA") or str(DEFAULT_DATA))
    parser.add_argument("--tiles", choices=("on", "off"), default=os.environ.get("TROOPS_TILES", "on"))
    args, _ = parser.parse_known_args(sys.argv[1:])
    return args


SETTINGS = _settings()


@st.cache_resource(show_spinner="Loading reports…")
def _load(path: str, mtime: float) -> Dataset:
    return load_dataset(path)


@st.cache_resource(show_spinner="Checking the uploaded data…", max_entries=4)
def _load_upload(name: str, payload: tuple[bytes, ...], names: tuple[str, ...]) -> Dataset:
    if len(payload) == 1:
        return dataset_from_bytes(payload[0], name)
    texts = dict(zip(names, (p.decode("utf-8-sig") for p in payload)))
    reports = read_reports(Path("reports.csv"), Path("sources.csv"), texts=(texts["reports.csv"], texts["sources.csv"]))
    return dataset_from_reports(reports, name)


@st.cache_data(show_spinner=False, max_entries=64)
def _filtered(version: str, _dataset: Dataset, filters: Filters):
    return filter_index(_dataset.frame, filters)


@st.cache_resource(show_spinner=False, max_entries=16)
def _layers(version: str, _dataset: Dataset, filters: Filters):
    index = _filtered(version, _dataset, filters)
    return report_layers(_dataset.frame.iloc[index], _dataset.features, total=len(index))


@st.cache_data(show_spinner=False, max_entries=32)
def _geojson_bytes(version: str, _dataset: Dataset, filters: Filters, description: str) -> bytes:
    index = _filtered(version, _dataset, filters)
    return export.selection_geojson(_dataset.features.take(index), version, description)


@st.cache_data(show_spinner=False, max_entries=32)
def _csv_bytes(version: str, _dataset: Dataset, filters: Filters) -> bytes:
    index = _filtered(version, _dataset, filters)
    return export.selection_csv(_dataset.features.take(index))


@st.cache_data(show_spinner=False, max_entries=16)
def _layer_bytes(version: str, _dataset: Dataset, layer: str) -> bytes:
    features = _dataset.features.take(_dataset.layer_positions(layer))
    return export.selection_geojson(features, version, f"layer {layer}")


def _problem_list(error: DataError) -> str:
    return "\n".join(str(problem) for problem in error.problems[:50]) + (
        f"\n… and {len(error.problems) - 50} more" if len(error.problems) > 50 else "")


# --- data --------------------------------------------------------------------------------------------

st.sidebar.title("Filters")
upload = st.sidebar.expander("Load another dataset")
files = upload.file_uploader("A GeoJSON layer in this project's schema, or reports.csv + sources.csv",
                             type=["geojson", "json", "csv"], accept_multiple_files=True, key="upload")
dataset: Dataset | None = None
if files:
    names = tuple(f.name for f in files)
    try:
        if len(files) == 1 and not names[0].endswith(".csv"):
            dataset = _load_upload(names[0], (files[0].getvalue(),), names)
        elif sorted(names) == ["reports.csv", "sources.csv"]:
            dataset = _load_upload("uploaded reports.csv", tuple(f.getvalue() for f in files), names)
        else:
            upload.error("Upload one .geojson file, or the two files reports.csv and sources.csv together.")
    except DataError as error:
        upload.error("The uploaded data was not loaded; fix these problems and upload it again:")
        upload.code(_problem_list(error), language=None)
    except UnicodeDecodeError:
        upload.error("The uploaded file is not UTF-8 text; save it as UTF-8 and upload it again.")
if dataset is None:
    try:
        path = Path(SETTINGS.data)
        dataset = _load(str(path), path.stat().st_mtime if path.exists() else 0.0)
    except DataError as error:
        st.error(f"The dataset {SETTINGS.data} could not be loaded. Fix these problems (or run "
                 "`python -m geo validate`) and reload:")
        st.code(_problem_list(error), language=None)
        st.stop()

ids = set(dataset.frame["id"])
regions = sorted(set(dataset.frame.loc[dataset.frame["location_precision"] == "oblast", "admin1"]))
nat_options = dataset.nationalities + ([UNNAMED] if dataset.has_unnamed_nationality else [])
defaults = default_filters(dataset.frame, dataset.nationalities, dataset.has_unnamed_nationality)
first_day, last_day = date_bounds(dataset.frame)


def _apply_filters(filters: Filters) -> None:
    st.session_state.f_dates = (filters.date_from, filters.date_to)
    st.session_state.f_nat = list(filters.nationalities)
    st.session_state.f_status = list(filters.statuses)
    st.session_state.f_layer = list(filters.layers)


# First run of a session, or a new dataset: restore the state a shared link asks for.
if st.session_state.get("dataset_version") != dataset.version:
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    shared = share.parse_params(params, defaults, nat_options, ids=ids, regions=regions)
    if st.session_state.get("dataset_version") is not None:  # a new upload: start from everything
        shared = share.SharedState(filters=defaults)
    _apply_filters(shared.filters)
    st.session_state.dataset_version = dataset.version
    st.session_state.selected = shared.selected
    st.session_state.view0 = shared.view or DEFAULT_VIEW
    st.session_state.notices = shared.notices
    st.session_state.last_click = None

# The filters as the sidebar's widgets hold them (they are drawn after the map, so that the map,
# the slowest part of the page to appear, is sent to the browser first).
date_from, date_to = st.session_state.f_dates
filters = Filters(date_from=date_from, date_to=date_to,
                  nationalities=tuple(c for c in nat_options if c in st.session_state.f_nat),
                  statuses=tuple(s for s in CLAIM_STATUSES if s in st.session_state.f_status),
                  layers=tuple(layer for layer in LAYERS if layer in st.session_state.f_layer))
online = st.session_state.get("tiles", SETTINGS.tiles == "on")
index = _filtered(dataset.version, dataset, filters)
shown = dataset.frame.iloc[index]

# --- header ------------------------------------------------------------------------------------------

st.header("Foreign troops in the Russia–Ukraine war: a map of reports", divider="gray")
st.caption("Where North Korean, Chinese and other foreign troops have been **reported**, by whom and when: "
           "each report is a claim with its sources, not an established fact. "
           f"Dataset version `{dataset.version}` ({len(dataset)} reports, from {dataset.name}).")
for notice in st.session_state.notices:
    st.warning(notice, icon="🔗")

drawn_points = int((shown["latitude"].notna()).sum())
drawn_regions = shown.loc[(shown["location_precision"] == "oblast") & shown["admin1"].isin(regions), "admin1"].nunique()
undrawn = int((shown["location_precision"] == "country").sum())
st.markdown(f"**Showing {len(shown)} of {len(dataset)} reports** — on the map: {drawn_points} as points, "
            f"{len(shown) - drawn_points - undrawn} as {drawn_regions} oblast-wide areas; "
            f"{undrawn} known only to country level (listed below the map, not drawn).")
if len(shown) == 0:
    st.info("No report matches these filters. Widen the date range, or select more nationalities, "
            "claim statuses or layers (or press “Show all reports”).", icon="ℹ️")

# --- map and details ------------------------------------------------------------------------------

# The page's own assets, served by this app: Leaflet (from its Python package) and the basemap.
leaflet = components.declare_component("leaflet_assets", path=str(assets.leaflet_dir()))
reference_files = components.declare_component("reference_assets", path=str(REFERENCE_DIR))
col_map, col_detail = st.columns([5, 2], gap="medium")
with col_map:
    m = base_map(load_reference(), assets.component_assets(leaflet.name), view=st.session_state.view0,
                 online_tiles=online, basemap=f"../{reference_files.name}/{BASEMAP_FILE.name}", nationalities=dataset.nationalities,
                 unnamed=dataset.has_unnamed_nationality, selected=st.session_state.selected)
    result = st_folium(m, key="map", height=MAP_HEIGHT, use_container_width=True,
                       returned_objects=["last_active_drawing"],
                       feature_group_to_add=_layers(dataset.version, dataset, filters),
                       layer_control=folium.LayerControl(collapsed=True))
    drawing = (result or {}).get("last_active_drawing") or {}
    clicked = (drawing.get("properties") or {}) if isinstance(drawing, dict) else {}
    click = clicked.get("id") if clicked.get("id") in ids else (
        f"region:{clicked['region']}" if clicked.get("region") in regions else None)
    if click and click != st.session_state.last_click:
        st.session_state.last_click = click
        st.session_state.selected = click

with col_detail:
    selected = st.session_state.selected
    st.subheader("Details")
    if not selected:
        st.caption("Click a point or an area on the map for its reports, sources and who claimed what.")
        st.html(present.MAP_CSS + legend_html(dataset.nationalities, dataset.has_unnamed_nationality))
    elif selected.startswith("region:"):
        name = selected[len("region:"):]
        inside = shown[(shown["admin1"] == name) & (shown["location_precision"] == "oblast")]
        st.html(f"<b>{escape(name)}</b>: {len(inside)} shown report(s) located only to this region "
                "(somewhere in it; drawn as the whole region).")
        st.dataframe(present.report_table(inside), hide_index=True, height=360,
                     column_config=TABLE_COLUMNS)
    else:
        row = dataset.frame.index[dataset.frame["id"] == selected]
        if len(row):
            props = dataset.features[int(row[0])]["properties"]
            if selected not in set(shown["id"]):
                st.caption("This report is hidden by the current filters.")
            st.html(present.MAP_CSS + present.popup_html(props))

# --- sidebar -----------------------------------------------------------------------------------------


def _nat_label(code: str) -> str:
    if code == UNNAMED:
        return "Nationality not named"
    return f"{country_name(code)} ({code})"


st.sidebar.slider("Date range", min_value=first_day, max_value=max(last_day, first_day), format="YYYY-MM-DD",
                  key="f_dates", help=DATE_RULE)
st.sidebar.caption("Dates: the event's start date, or the reported date when the event date is unknown.")
st.sidebar.multiselect("Nationality", nat_options, format_func=_nat_label, key="f_nat",
                       placeholder="No nationality selected")
st.sidebar.multiselect("Claim status", list(CLAIM_STATUSES), format_func=present.STATUS_LABELS.get,
                       key="f_status", placeholder="No status selected",
                       help="; ".join(f"{present.STATUS_LABELS[s]}: {present.status_meaning(s)}" for s in CLAIM_STATUSES))
st.sidebar.multiselect("Layer", list(LAYERS), format_func=present.LAYER_LABELS.get, key="f_layer",
                       placeholder="No layer selected")
st.sidebar.button("Show all reports", on_click=_apply_filters, args=(defaults,), width="stretch")
st.sidebar.toggle("Online map tiles (OpenStreetMap, satellite)", value=SETTINGS.tiles == "on", key="tiles",
                  help="Off: only the built-in outlines, no request leaves this server (air-gapped use).")

# --- below the map -------------------------------------------------------------------------------------

# Only the open tab's content runs and is sent (on_change="rerun"): the page stays light.
tab_table, tab_time, tab_figures, tab_unmapped, tab_download, tab_about = st.tabs(
    ["Reports", "Timeline", "Conflicting figures", "Not on the map", "Download", "About"], key="below",
    on_change="rerun")
with tab_table:
    if tab_table.open:
        st.dataframe(present.report_table(shown), hide_index=True, height=420,
                     column_config=TABLE_COLUMNS)
with tab_time:
    if tab_time.open:
        colour_by = st.radio("Colour by", ["Nationality", "Claim status"], horizontal=True, key="timeline_colour")
        if len(shown):
            st.altair_chart(charts.timeline_chart(shown, colour_by), width="stretch")
        st.caption("One bar segment per report and month; a report naming several nationalities counts once for each.")
with tab_figures:
    if tab_figures.open:
        kinds = charts.figure_kinds(shown)
        if kinds:
            left, right = st.columns(2)
            kind = left.selectbox("Figure", kinds, index=kinds.index("casualties") if "casualties" in kinds else 0)
            nat_with = [c for c in dataset.nationalities if c in set(shown["nationality"].explode().dropna())]
            nat = right.selectbox("Nationality", [None, *nat_with], format_func=lambda c: "all" if c is None else _nat_label(c),
                                  index=1 + nat_with.index("KP") if "KP" in nat_with else 0)
            st.altair_chart(charts.figures_chart(shown, kind, nat), width="stretch")
            st.caption("Each claimant's figures as separate series, never averaged; the shape says how the figure "
                       "was stated. Hover a point for the report; its sources are in the table.")
        else:
            st.caption("No report in the current selection gives a figure.")
with tab_unmapped:
    if tab_unmapped.open:
        country_level = shown[shown["location_precision"] == "country"]
        st.caption("Reports located only to a country are not drawn: a point in the middle of a country would be invented.")
        st.dataframe(present.report_table(country_level), hide_index=True,
                     column_config=TABLE_COLUMNS)
with tab_download:
    if tab_download.open:
        description = export.describe_filters(filters)
        st.markdown(f"**The current selection** ({len(shown)} reports; {description}):")
        slug = dataset.version.replace("+", "_")
        eager = len(shown) <= EAGER_DOWNLOAD_LIMIT
        st.download_button(
            "Selection as GeoJSON", on_click="ignore", mime="application/geo+json",
            file_name=f"foreign-troops-selection-{slug}.geojson",
            data=_geojson_bytes(dataset.version, dataset, filters, description) if eager
            else (lambda: _geojson_bytes(dataset.version, dataset, filters, description)))
        st.download_button(
            "Selection as CSV", on_click="ignore", mime="text/csv",
            file_name=f"foreign-troops-selection-{slug}.csv",
            data=_csv_bytes(dataset.version, dataset, filters) if eager
            else (lambda: _csv_bytes(dataset.version, dataset, filters)))
        st.markdown("**Whole layers** (RFC 7946 GeoJSON, WGS84 longitude/latitude):")
        cols = st.columns(len(LAYERS) + 1)
        for col, layer in zip(cols, (*LAYERS, ALL_LAYER)):
            col.download_button(
                present.LAYER_LABELS.get(layer, "All reports"), on_click="ignore", mime="application/geo+json",
                file_name=f"{layer}-{slug}.geojson", key=f"dl_{layer}",
                data=(lambda layer=layer: _layer_bytes(dataset.version, dataset, layer)) if len(dataset) > EAGER_DOWNLOAD_LIMIT
                else _layer_bytes(dataset.version, dataset, layer))
with tab_about:
    if tab_about.open:
        st.markdown(ABOUT)

# --- the link ----------------------------------------------------------------------------------------

current_view = share.parse_params({k: st.query_params.get_all(k) for k in ("lat", "lon", "z") if k in st.query_params},
                                  defaults, nat_options).view
wanted = share.to_params(filters, defaults, st.session_state.selected, current_view)
if wanted != {key: st.query_params.get(key) for key in st.query_params}:
    st.query_params.from_dict(wanted)
