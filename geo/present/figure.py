"""The current view as a picture for publication: PNG or SVG, drawn on the server with no network.

matplotlib draws the offline basemap (Natural Earth), the reference outlines and the shown reports
with the map's own symbols (`geo.present.palette`), a title, what is shown (the caption), the legend,
the dataset version and the credit line, 1600 pixels wide.
"""

from __future__ import annotations

import functools
import io
import json
import math

import matplotlib

matplotlib.use("Agg")  # no screen, no network: the picture is drawn in memory

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.collections import LineCollection, PatchCollection  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch, PathPatch  # noqa: E402
from matplotlib.path import Path as MPath  # noqa: E402
from shapely.geometry import shape  # noqa: E402

from geo.model.countries import country_name  # noqa: E402
from geo.model.geometry import drawn_as_points, drawn_as_regions, frame_extent  # noqa: E402
from geo.model.vocabulary import CLAIM_STATUS, UNNAMED  # noqa: E402
from geo.present.palette import (LEGEND_GREY, MIXED_COLOR, NATIONALITY, OTHER_COLOR, STATUS_SYMBOLS,  # noqa: E402
                                 UNNAMED_COLOR, ColourKey, area_opacity)
from geo.reference import BASEMAP_FILE, Reference  # noqa: E402

TITLE = "Reported foreign-troop presence in the Russia–Ukraine war"
CREDIT = ("Data: Foreign troops in the Russia–Ukraine war, a map of reports (CC BY 4.0) · Reference geography "
          "and basemap: Natural Earth (public domain) · Each report is a claim with its sources, not an "
          "established fact.")
WIDTH_PX = 1600
DPI = 200
#: Where the picture looks when nothing is drawn (lon/lat): Ukraine and western Russia.
DEFAULT_EXTENT = (29.0, 43.5, 42.0, 53.5)
_SEA, _LAND = "#d7e6ef", "#f3f1ea"


@functools.cache
def _basemap() -> dict:
    return json.loads(BASEMAP_FILE.read_text(encoding="utf-8"))


def _paths(geometry) -> list[MPath]:
    """Matplotlib paths of a (multi)polygon, holes included."""
    parts = getattr(geometry, "geoms", [geometry])
    paths = []
    for polygon in parts:
        rings = [polygon.exterior, *polygon.interiors]
        vertices, codes = [], []
        for ring in rings:
            coords = list(ring.coords)
            vertices += coords
            codes += [MPath.MOVETO] + [MPath.LINETO] * (len(coords) - 2) + [MPath.CLOSEPOLY]
        paths.append(MPath(vertices, codes))
    return paths


def _lines(geometry) -> list:
    parts = getattr(geometry, "geoms", [geometry])
    return [list(part.coords) for part in parts]


def view_box(shown: pd.DataFrame, reference: Reference) -> tuple[float, float, float, float]:
    """West, south, east, north of the drawn reports, padded and kept within the basemap (which covers
    Ukraine and western Russia); the default view if nothing is drawn there."""
    box = frame_extent(shown, reference)
    if box is None:
        return DEFAULT_EXTENT
    west, south, east, north = box
    pad = max(0.5, 0.08 * max(east - west, north - south))
    limit = _basemap()["bbox"]
    west, south = max(west - pad, limit[0]), max(south - pad, limit[1])
    east, north = min(east + pad, limit[2]), min(north + pad, limit[3])
    return (west, south, east, north) if west < east and south < north else DEFAULT_EXTENT


def outside(shown: pd.DataFrame, reference: Reference, box) -> list[str]:
    """The places of drawn reports that lie outside the picture's box (a region if its centre does)."""
    west, south, east, north = box
    points = shown[drawn_as_points(shown)]
    names = [f"{row.place_name or row.admin1}" for row in points.itertuples()
             if not (west <= row.longitude <= east and south <= row.latitude <= north)]
    for name in sorted(set(shown.loc[drawn_as_regions(shown), "admin1"])):
        if name in reference.admin1:
            centre = reference.admin1[name].geometry.centroid
            if not (west <= centre.x <= east and south <= centre.y <= north):
                names.append(name)
    return sorted(set(names))


def _fit(box: tuple[float, float, float, float], aspect: float) -> tuple[float, float, float, float]:
    """Widen `box` (lon/lat) to the picture's aspect ratio (width / height), as drawn at its latitude."""
    west, south, east, north = box
    scale = math.cos(math.radians((south + north) / 2))
    width, height = (east - west) * scale, north - south
    if width / height < aspect:
        grow = (height * aspect / scale - (east - west)) / 2
        west, east = west - grow, east + grow
    else:
        grow = (width / aspect - height) / 2
        south, north = south - grow, north + grow
    return west, south, east, north


def _draw_basemap(ax, reference: Reference) -> None:
    style = {"country": ("#7a7a7a", 0.8, "-"), "admin1": ("#a5a5a5", 0.4, (0, (2, 2))), "river": ("#7fb0d4", 0.5, "-")}
    for feature in _basemap()["features"]:
        kind = feature["properties"]["kind"]
        geometry = shape(feature["geometry"])
        if kind == "land":
            ax.add_collection(PatchCollection([PathPatch(p) for p in _paths(geometry)], facecolor=_LAND,
                                              edgecolor="none", zorder=1))
        elif kind in style:
            color, width, dash = style[kind]
            ax.add_collection(LineCollection(_lines(geometry), colors=color, linewidths=width, linestyles=dash,
                                             zorder=2))
    for region in reference.admin1.values():
        ax.add_collection(PatchCollection([PathPatch(p) for p in _paths(region.geometry)], facecolor="none",
                                          edgecolor="#333", linewidth=0.5, zorder=3))
    ax.add_collection(LineCollection(_lines(reference.border), colors="#8B0000", linewidths=1.4, zorder=3))


def _draw_towns(ax, box) -> None:
    west, south, east, north = box
    span = max(east - west, north - south)
    top_rank = 2 if span > 14 else 4 if span > 8 else 6 if span > 4 else 8
    for feature in _basemap()["features"]:
        props = feature["properties"]
        if props["kind"] != "town" or props.get("rank", 99) > top_rank or not props.get("name"):
            continue
        lon, lat = feature["geometry"]["coordinates"]
        if west <= lon <= east and south <= lat <= north:
            ax.plot(lon, lat, "o", ms=2.2, mfc="white", mec="#555", mew=0.6, zorder=4)
            ax.annotate(props["name"], (lon, lat), xytext=(3, 0), textcoords="offset points", fontsize=5.5,
                        color="#333", va="center", zorder=4)


_STRIKE = MPath([(-1, -1), (1, 1)], [MPath.MOVETO, MPath.LINETO])


def _draw_reports(ax, shown: pd.DataFrame, reference: Reference, colours: ColourKey) -> int:
    """Regions as dashed areas, points as the map's symbols; return how many points are drawn."""
    areas = shown[drawn_as_regions(shown)]
    for name, members in areas.groupby("admin1"):
        if name not in reference.admin1:
            continue
        codes = {code for value in members["nationality"] for code in value}
        unnamed = any(not value for value in members["nationality"])
        color = (colours(next(iter(codes))) if len(codes) == 1 and not unnamed
                 else colours(UNNAMED) if not codes else MIXED_COLOR)
        alpha = area_opacity(len(members))
        ax.add_collection(PatchCollection([PathPatch(p) for p in _paths(reference.admin1[name].geometry)],
                                          facecolor=color, alpha=alpha, edgecolor="none", zorder=5))
        ax.add_collection(PatchCollection([PathPatch(p) for p in _paths(reference.admin1[name].geometry)],
                                          facecolor="none", edgecolor=color, linewidth=1.0,
                                          linestyle=(0, (4, 3)), zorder=5))
    points = shown[drawn_as_points(shown)]
    for status in CLAIM_STATUS.values:
        rows = points[points["claim_status"] == status]
        if not len(rows):
            continue
        symbol = STATUS_SYMBOLS[status]
        nat = [colours(codes[0] if codes else UNNAMED) for codes in rows["nationality"]]
        face = nat if symbol.fill == NATIONALITY else [_css(symbol.fill)] * len(rows)
        edge = nat if symbol.stroke == NATIONALITY else [_css(symbol.stroke)] * len(rows)
        ax.scatter(rows["longitude"], rows["latitude"], s=34, facecolors=face, edgecolors=edge,
                   linewidths=symbol.width * 0.55, linestyles=(0, symbol.dash) if symbol.dash else "solid",
                   zorder=7, gid=f"reports-{status}")
        if symbol.strike:
            ax.scatter(rows["longitude"], rows["latitude"], s=34, marker=_STRIKE, c="#333", linewidths=0.8, zorder=8)
    return len(points)


def _css(color: str):
    """A CSS colour (``#rrggbb`` or ``rgba(r,g,b,a)``) as matplotlib takes it."""
    if color.startswith("rgba("):
        r, g, b, a = (float(v) for v in color[5:-1].split(","))
        return (r / 255, g / 255, b / 255, a)
    return color


def _legend(ax, colours: ColourKey, unnamed: bool, shown: pd.DataFrame) -> None:
    present = {code for value in shown["nationality"] for code in value}
    handles = [Patch(facecolor=colour, label=country_name(code)) for code, colour in colours.own if code in present]
    others = [code for code in colours.others if code in present]
    if others:
        handles.append(Patch(facecolor=OTHER_COLOR, label=f"{len(others)} other nationalities"))
    if unnamed and (shown["nationality"].map(len) == 0).any():
        handles.append(Patch(facecolor=UNNAMED_COLOR, label="not named / aggregate"))
    for status in CLAIM_STATUS.values:
        symbol = STATUS_SYMBOLS[status]
        face = LEGEND_GREY if symbol.fill == NATIONALITY else _css(symbol.fill)
        edge = LEGEND_GREY if symbol.stroke == NATIONALITY else _css(symbol.stroke)
        handles.append(Line2D([], [], marker="o", linestyle="none", markersize=6, markerfacecolor=face,
                              markeredgecolor=edge, markeredgewidth=symbol.width * 0.5,
                              label=CLAIM_STATUS.label(status).lower()))
    handles.append(Patch(facecolor="#bbbbbb", edgecolor="#444", linestyle="--", label="only the oblast is known"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=6, frameon=False,
              title="Nationality · claim status", title_fontsize=6.5, alignment="left")


def draw(shown: pd.DataFrame, total_undrawn: int, reference: Reference, colours: ColourKey, unnamed: bool,
         caption: str, version: str, fmt: str = "png") -> bytes:
    """The picture of the shown reports (rows of a dataset's frame) as PNG or SVG bytes.

    Parameters
    ----------
    total_undrawn : int
        How many shown reports are known only to country level (said under the map, not drawn).
    caption : str
        What is shown: dates, nationalities, statuses, number of reports (`geo.present.text.caption`).
    """
    width_in = WIDTH_PX / DPI
    fig = plt.figure(figsize=(width_in, width_in * 0.66), dpi=DPI)
    try:
        ax = fig.add_axes((0.02, 0.12, 0.74, 0.74))
        box = _fit(view_box(shown, reference), 0.74 * width_in / (0.74 * width_in * 0.66))
        ax.set_facecolor(_SEA)
        _draw_basemap(ax, reference)
        _draw_towns(ax, box)
        _draw_reports(ax, shown, reference, colours)
        ax.set_xlim(box[0], box[2])
        ax.set_ylim(box[1], box[3])
        ax.set_aspect(1 / math.cos(math.radians((box[1] + box[3]) / 2)))
        ax.set_xticks([])
        ax.set_yticks([])
        _legend(ax, colours, unnamed, shown)
        fig.text(0.02, 0.955, TITLE, fontsize=10, fontweight="bold", va="top")
        fig.text(0.02, 0.915, caption, fontsize=6.5, va="top", wrap=True)
        undrawn = f"{total_undrawn} shown report(s) known only to country level are not drawn. " if total_undrawn else ""
        away = outside(shown, reference, box)
        beyond = f"Also shown but outside this picture: {', '.join(away)}. " if away else ""
        fig.text(0.02, 0.085, f"{undrawn}{beyond}Dataset version {version}.", fontsize=5.5, va="top", wrap=True)
        fig.text(0.02, 0.05, CREDIT, fontsize=5, va="top", color="#444", wrap=True)
        buffer = io.BytesIO()
        fig.savefig(buffer, format=fmt, dpi=DPI, metadata={"Title": TITLE} if fmt == "svg" else None)
        return buffer.getvalue()
    finally:
        plt.close(fig)
