"""Map of reported foreign-troop presence in the Russia–Ukraine war (Streamlit + folium).

Run: ``streamlit run streamlit_app.py`` (embedded data), or with another dataset in the project's
schema: ``streamlit run streamlit_app.py -- --data path/to/all.geojson`` (or ``TROOPS_DATA=...``).
``TROOPS_TILES=off`` starts without online tiles (air-gapped use).

The page reads top to bottom as its sections: data, header, map and details, sidebar, tabs,
link. All logic lives in ``geo/``; this file reads widgets and the link into one `PageState`,
calls ``geo`` and places the results on the page. (About 370 lines: one function of 10 to 60 lines
per section, in page order, so the page can be read here as a reader sees it; caches live in
``app_cache.py``.)
"""

from __future__ import annotations

import argparse
import os
import sys
from html import escape
from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

import app_cache
from geo.dataset import DEFAULT_DATA, Dataset
from geo.errors import DataError
from geo.mapview import assets
from geo.mapview.base import DEFAULT_VIEW, base_map
from geo.mapview.layers import clicked
from geo.model.countries import country_name, region_of
from geo.model.geometry import reports_in_region
from geo.model.vocabulary import CLAIM_STATUS, LAYER, UNNAMED, UNNAMED_LABEL
from geo import publish
from geo.present import charts, popups, tables
from geo.present.palette import ColourKey, colour_key
from geo.present.text import ABOUT, date_text, describe_filters, plain, problem_table
from geo.reference import REFERENCE_DIR, basemap_file, load_reference
from geo.state.filters import DATE_RULE, Filters, Options
from geo.state.link import PageState, parse_params, parse_view

st.set_page_config(page_title="Foreign troops in the Russia–Ukraine war: map of reports", layout="wide",
                   page_icon="🗺️")

#: Above this many reports a download is generated when clicked, not on every run.
EAGER_DOWNLOAD_LIMIT = 5000
#: Most problems of a refused dataset listed on the page.
SHOWN_PROBLEMS = 50

#: The table's columns: figures in full, sources as links named by their site (http/https only).
_SITE = r"https?://(?:www\.)?([^/?#]+)"
TABLE_COLUMNS = {
    "Figure": st.column_config.TextColumn("Figure", width="medium"),
    "Summary": st.column_config.TextColumn("Summary", width="large"),
    "Source": st.column_config.LinkColumn("Source", display_text=_SITE, help="The first source"),
    "Source 2": st.column_config.LinkColumn("Source 2", display_text=_SITE),
    "Source 3": st.column_config.LinkColumn("Source 3", display_text=_SITE),
    "Sources": st.column_config.NumberColumn("Sources", help="How many sources; the details panel lists every one"),
}


def _settings() -> argparse.Namespace:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data", default=os.environ.get("TROOPS_DATA") or str(DEFAULT_DATA))
    parser.add_argument("--tiles", choices=("on", "off"), default=os.environ.get("TROOPS_TILES", "on"))
    args, _ = parser.parse_known_args(sys.argv[1:])
    return args


SETTINGS = _settings()


def _nat_label(code: str) -> str:
    return UNNAMED_LABEL if code == UNNAMED else f"{country_name(code)} ({code})"


def _colours(options: Options) -> ColourKey:
    return colour_key(tuple(options.codes))


# --- sections -------------------------------------------------------------------------------------------


def data_section() -> Dataset:
    """The dataset: an upload if one is valid, else the configured file (the page stops if it is broken)."""
    st.sidebar.title("Filters")
    upload = st.sidebar.expander("Load another dataset")
    files = upload.file_uploader("A GeoJSON layer in this project's schema, or reports.csv + sources.csv",
                                 type=["geojson", "json", "csv"], accept_multiple_files=True, key="upload")
    if files:
        names = [f.name for f in files]
        try:
            if len(files) == 1 and not names[0].endswith(".csv"):
                dataset = app_cache.upload(names[0], (files[0].getvalue(),))
                st.session_state.upload_problems = None
                return dataset
            if sorted(names) == ["reports.csv", "sources.csv"]:
                by_name = {f.name: f.getvalue() for f in files}
                dataset = app_cache.upload("uploaded reports.csv", (by_name["reports.csv"], by_name["sources.csv"]))
                st.session_state.upload_problems = None
                return dataset
            upload.error("Upload one .geojson file, or the two files reports.csv and sources.csv together.")
        except DataError as error:
            upload.error("The uploaded data was not loaded: its problems are listed above the map.")
            st.session_state.upload_problems = error
    else:
        st.session_state.upload_problems = st.session_state.uploaded = None
    try:
        path = Path(SETTINGS.data)
        return app_cache.load(str(path), path.stat().st_mtime if path.exists() else 0.0)
    except DataError as error:
        st.error(f"The dataset {plain(SETTINGS.data)} could not be loaded. Fix these problems (or run "
                 "`python -m geo validate`) and reload:")
        _problems(error)
        st.stop()


def _problems(error: DataError) -> None:
    """The problems of refused data, as a full-width table: where, which field, what is wrong and how to fix it."""
    st.dataframe(problem_table(error, SHOWN_PROBLEMS), hide_index=True, width="stretch",
                 column_config={"Problem": st.column_config.TextColumn("Problem", width="large")})
    if len(error.problems) + error.more > SHOWN_PROBLEMS:
        st.caption(f"… and {len(error.problems) + error.more - SHOWN_PROBLEMS} more: fix these first.")


def _apply_filters(filters: Filters) -> None:
    st.session_state.f_dates = (filters.date_from, filters.date_to)
    st.session_state.f_nat = list(filters.nationalities)
    st.session_state.f_status = list(filters.statuses)
    st.session_state.f_layer = list(filters.layers)
    st.session_state.f_undated = filters.undated
    st.session_state.f_region = None


def _pick_region(options: Options) -> None:
    """Select the nationalities of the region picked (all of them when the pick is cleared)."""
    region = st.session_state.f_region
    st.session_state.f_nat = ([c for c in options.codes if region_of(c) == region] if region
                              else list(options.nationalities))


def page_state(dataset: Dataset, options: Options) -> PageState:
    """The page's state: from the link on a session's first run (or a new dataset), then from the widgets.

    The filters are read from the widgets' state before the sidebar is drawn, so that the map,
    the slowest part of the page to appear, is sent to the browser first.
    """
    if st.session_state.get("dataset") != dataset.key:
        params = {key: st.query_params.get_all(key) for key in st.query_params}
        shared = parse_params(params, options)
        if st.session_state.get("dataset") is not None:  # a new upload: start from everything
            shared = PageState(options.defaults)
        _apply_filters(shared.filters)
        st.session_state.dataset = dataset.key
        st.session_state.selection = shared.selection
        st.session_state.view0 = shared.view or DEFAULT_VIEW
        st.session_state.notices = shared.notices
        st.session_state.last_click = None
    date_from, date_to = st.session_state.f_dates
    filters = Filters(date_from=date_from, date_to=date_to,
                      nationalities=tuple(c for c in options.nationalities if c in st.session_state.f_nat),
                      statuses=tuple(s for s in CLAIM_STATUS.values if s in st.session_state.f_status),
                      layers=tuple(layer for layer in LAYER.values if layer in st.session_state.f_layer),
                      undated=bool(st.session_state.f_undated))
    # A click on the map (the component's last value, kept under its key) selects before anything is drawn,
    # so this run's report layers already show it.
    returned = st.session_state.get("map")
    click = clicked(returned.get("last_active_drawing") if isinstance(returned, dict) else None, options)
    if click and click != st.session_state.last_click:
        st.session_state.last_click = click
        st.session_state.selection = click
    view = parse_view({k: st.query_params.get_all(k) for k in ("lat", "lon", "z") if k in st.query_params})
    return PageState(filters, st.session_state.selection, view, st.session_state.notices)


def header_section(dataset: Dataset, filters: Filters, shown) -> None:
    st.html(popups.PAGE_CSS)
    st.header("Foreign troops in the Russia–Ukraine war: a map of reports", divider="gray")
    st.caption("Where North Korean, Chinese and other foreign troops have been **reported**, by whom and when: "
               "each report is a claim with its sources, not an established fact. "
               f"Dataset version `{dataset.version}` ({len(dataset)} reports, from {plain(dataset.name)}).")
    for notice in st.session_state.notices:
        st.warning(plain(notice), icon="🔗")
    refused = st.session_state.get("upload_problems")
    if refused is not None:
        count = len(refused.problems) + refused.more
        st.error(f"The uploaded data was not loaded ({count} problem{'s' if count != 1 else ''}); the map shows "
                 f"{plain(dataset.name)}. Fix these and upload it again:")
        _problems(refused)
    st.markdown(app_cache.counts(dataset.key, dataset, filters).line())
    if len(shown) == 0:
        st.info("No report matches these filters. Widen the date range, or select more nationalities, "
                "claim statuses or layers (or press “Show all reports”).", icon="ℹ️")


def map_section(dataset: Dataset, options: Options, state: PageState) -> None:
    """The map, served with the page's own assets; a click selects a report or a region."""
    leaflet = components.declare_component("leaflet_assets", path=str(assets.leaflet_dir()))
    reference_files = components.declare_component("reference_assets", path=str(REFERENCE_DIR))
    found = basemap_file()
    basemap = f"../{reference_files.name}/{found.name}" if found else None
    gzipped = found and assets.packed(found)
    if gzipped:
        packed_files = components.declare_component("packed_assets", path=str(gzipped.parent))
        basemap = {"gzip": f"../{packed_files.name}/{gzipped.name}", "plain": basemap}
    if found is None:
        st.warning("The offline basemap (data/reference/basemap.geojson) is missing: the map has no background "
                   "unless online tiles load. Derive it again with `python -m geo basemap` (see data/README.md).")
    view0, online = st.session_state.view0, st.session_state.get("tiles", SETTINGS.tiles == "on")

    def make_base_map():
        return base_map(load_reference(), assets.component_assets(leaflet.name), view=view0, online_tiles=online,
                        basemap=basemap, legend=(_colours(options), options.has_unnamed))

    arguments = app_cache.map_component((dataset.key, view0, online, basemap), dataset.key, state.filters,
                                        state.selection, dataset, make_base_map)
    app_cache.show_map(arguments)


def details_section(dataset: Dataset, options: Options, shown) -> None:
    selection = st.session_state.selection
    st.subheader("Details")
    if selection is None:
        st.caption("Click a point or an area on the map for its reports, sources and who claimed what. "
                   "Several reports at one place show a count: a click lists them. The legend is on the map.")
    elif selection.kind == "region":
        inside = reports_in_region(shown, selection.key)
        st.html(f"<b>{escape(selection.key)}</b>: {len(inside)} shown report(s) located only to this region "
                "(somewhere in it; drawn as the whole region).")
        st.dataframe(tables.report_table(inside), hide_index=True, height=360, column_config=TABLE_COLUMNS)
    else:
        row = dataset.frame.index[dataset.frame["id"] == selection.key]
        if len(row):
            if selection.key not in set(shown["id"]):
                st.caption("This report is hidden by the current filters.")
            st.html(popups.MAP_CSS + popups.popup_html(dataset.features[int(row[0])]["properties"]))


def sidebar_section(options: Options) -> None:
    if options.date_from < options.date_to:
        st.sidebar.slider("Date range", min_value=options.date_from, max_value=options.date_to,
                          format="YYYY-MM-DD", key="f_dates", help=DATE_RULE)
    elif options.ids:
        st.sidebar.markdown(f"**Date**: every dated report is of {date_text(options.date_from.isoformat())}.")
    else:
        st.sidebar.info("This dataset holds no report.")
    st.sidebar.toggle(f"Include undated reports ({options.undated})", key="f_undated",
                      help="Reports no source dates; the date range cannot place them.")
    st.sidebar.caption("Dates: the event's start, else the reported date; a month or a year covers all its days.")
    regions = sorted({region_of(c) for c in options.codes},
                     key=lambda r: -sum(options.count(c) for c in options.codes if region_of(c) == r))
    if len(regions) > 1:
        st.sidebar.pills("Nationalities by region", regions, key="f_region", on_change=_pick_region, args=(options,),
                         help="Selects the nationalities of one region (pick it again to select all).")
    st.sidebar.multiselect("Nationality", list(options.nationalities), key="f_nat",
                           format_func=lambda code: f"{_nat_label(code)} · {options.count(code)}",
                           placeholder="No nationality selected (type to search)",
                           help="Sorted by number of reports; type a name or a code to find one.")
    st.sidebar.multiselect("Claim status", list(CLAIM_STATUS.values), format_func=CLAIM_STATUS.label,
                           key="f_status", placeholder="No status selected",
                           help="; ".join(f"{t.label}: {t.meaning}" for t in CLAIM_STATUS))
    st.sidebar.multiselect("Layer", list(LAYER.values), format_func=LAYER.label, key="f_layer",
                           placeholder="No layer selected")
    st.sidebar.button("Show all reports", on_click=_apply_filters, args=(options.defaults,), width="stretch")
    st.sidebar.toggle("Online map tiles (OpenStreetMap, satellite)", value=SETTINGS.tiles == "on", key="tiles",
                      help="Off: only the built-in outlines, no request leaves this server (air-gapped use).")


def _download_tab(dataset: Dataset, options: Options, state: PageState, shown) -> None:
    files = publish.downloads(dataset.version, state.filters, options)
    st.markdown(f"**The current selection** ({len(shown)} reports; {describe_filters(state.filters)}): "
                "every field, the sources, the dataset version and the filters.")
    _buttons(dataset, state, [f for f in files if f.group == "selection"], eager=len(shown) <= EAGER_DOWNLOAD_LIMIT)
    st.markdown("**This view, to publish**: a picture 1600 pixels wide (title, what is shown, legend, dataset "
                "version, credits), or one web page that works offline and embeds in an article.")
    _buttons(dataset, state, [f for f in files if f.group == "view"], eager=False)
    st.markdown("**Cite this view**")
    link = publish.permalink(st.context.url or "", state, options.defaults)
    st.code(publish.citation(dataset.version, link), language=None, wrap_lines=True)
    st.markdown("**Whole layers** (WGS84 longitude/latitude; GeoJSON is RFC 7946):")
    fmt = st.radio("Format", publish.LAYER_FORMATS, format_func=lambda f: publish.FORMATS[f][2], horizontal=True,
                   key="layer_format", label_visibility="collapsed")
    layers = [f for f in files if f.group == "layers" and f.what[1] == fmt]
    for column, item in zip(st.columns(len(layers)), layers):
        _download_button(column, dataset, state, item, eager=fmt == "geojson" and len(dataset) <= EAGER_DOWNLOAD_LIMIT,
                         label=item.label.split(" (")[0])


def _buttons(dataset: Dataset, state: PageState, files: list, eager: bool) -> None:
    for column, item in zip(st.columns(len(files)), files):
        _download_button(column, dataset, state, item, eager=eager and item.what[1] in ("geojson", "csv"))


def _download_button(place, dataset: Dataset, state: PageState, item: publish.Download, eager: bool,
                     label: str | None = None) -> None:
    def data():
        return app_cache.download(dataset.key, dataset, item.what, state.filters)

    place.download_button(label or item.label, data=data() if eager else data, file_name=item.file_name,
                          mime=item.mime, on_click="ignore", key=f"dl_{'_'.join(item.what)}", width="stretch")


def tabs_section(dataset: Dataset, options: Options, state: PageState, shown) -> None:
    """Below the map: only the open tab's content runs and is sent (``on_change="rerun"``)."""
    tab_table, tab_time, tab_figures, tab_unmapped, tab_download, tab_about = st.tabs(
        ["Reports", "Timeline", "Conflicting figures", "Not on the map", "Download", "About"], key="below",
        on_change="rerun")
    with tab_table:
        if tab_table.open:
            st.dataframe(app_cache.table(dataset.key, dataset, state.filters), hide_index=True, height=420,
                         column_config=TABLE_COLUMNS)
    with tab_time:
        if tab_time.open:
            colour_by = st.radio("Colour by", ["Nationality", "Claim status"], horizontal=True, key="timeline_colour")
            if len(shown):
                st.altair_chart(charts.timeline_chart(shown, _colours(options), colour_by), width="stretch")
            left_out = charts.timeline_left_out(shown)
            st.caption("One bar segment per report and month; a report naming several nationalities counts once "
                       "for each." + (f" {left_out} report(s) dated only to a year, or undated, cannot be placed in a "
                                      "month and are not in the chart (they are in the table)." if left_out else ""))
    with tab_figures:
        if tab_figures.open:
            _figures_tab(options, shown)
    with tab_unmapped:
        if tab_unmapped.open:
            st.caption("Reports located only to a country are not drawn: a point in the middle of a country would "
                       "be invented.")
            st.dataframe(tables.report_table(shown[shown["location_precision"] == "country"]), hide_index=True,
                         column_config=TABLE_COLUMNS)
    with tab_download:
        if tab_download.open:
            _download_tab(dataset, options, state, shown)
    with tab_about:
        if tab_about.open:
            st.markdown(ABOUT)
            st.markdown("**Embed the map in an article.** Download *This view* as a web page (Download tab), host "
                        "the file beside the article and embed it:")
            st.code(publish.embed_snippet("foreign-troops-view.html"), language="html")


def _figures_tab(options: Options, shown) -> None:
    kinds = charts.figure_kinds(shown)
    if not kinds:
        st.caption("No report in the current selection gives a figure.")
        return
    left, right = st.columns(2)
    kind = left.selectbox("Figure", kinds, index=kinds.index("casualties") if "casualties" in kinds else 0)
    nat_with = [c for c in options.codes if c in set(shown["nationality"].explode().dropna())]
    nat = right.selectbox("Nationality", [None, *nat_with], format_func=lambda c: "all" if c is None else _nat_label(c),
                          index=1 + nat_with.index("KP") if "KP" in nat_with else 0)
    st.altair_chart(charts.figures_chart(shown, kind, nat), width="stretch")
    st.caption("Each claimant's figures as separate series, never averaged; the shape says how the figure was "
               "stated. Hover a point for the report; its sources are in the table.")


def link_section(state: PageState, options: Options) -> None:
    """Keep the address bar equal to the page's state, so a copied link reproduces it."""
    wanted = PageState(state.filters, st.session_state.selection, state.view).to_params(options.defaults)
    if wanted != {key: st.query_params.get(key) for key in st.query_params}:
        st.query_params.from_dict(wanted)


# --- the page ------------------------------------------------------------------------------------------

dataset = data_section()
options = dataset.options
state = page_state(dataset, options)
shown = app_cache.shown(dataset.key, dataset, state.filters)
header_section(dataset, state.filters, shown)
col_map, col_detail = st.columns([5, 2], gap="medium")
with col_map:
    map_section(dataset, options, state)
with col_detail:
    details_section(dataset, options, shown)
sidebar_section(options)
tabs_section(dataset, options, state, shown)
link_section(state, options)
