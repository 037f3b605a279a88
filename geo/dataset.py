"""A loaded dataset: checked reports as an Arrow table, a table to filter, features on demand.

The app loads the published ``layers/all.geojson`` by default, or any file in the project's schema
(a GeoJSON layer, or a ``reports.csv`` with its ``sources.csv``), checked by the same rulebook
(`geo.rules`) as the build. Held as Python dicts, 100,000 reports take seconds and a gigabyte;
held as one table they take a fraction of both, and a feature (a dict in the published schema,
with its geometry) is made only where one is needed: a popup, the details panel, a download.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geo.errors import DataError, Problem, display_path
from geo.formats.geojson import collection_cells, read_collection
from geo.formats.limits import FILE_LIMITS, Limits
from geo.formats.ndjson import layer_cells
from geo.formats.tables import read_report_tables
from geo.model.dates import spans
from geo.model.geometry import report_geometry
from geo.model.report import split_lists
from geo.model.version import table_digest
from geo.model.vocabulary import ALL_LAYER, LAYER
from geo.reference import Reference, load_reference
from geo.rules.cells import ReportCells
from geo.rules.engine import check
from geo.state.filters import Options

LAYERS_DIR = Path(__file__).resolve().parent.parent / "layers"
DEFAULT_DATA = LAYERS_DIR / f"{ALL_LAYER}.geojson"

#: Columns of a dataset's filter table (`Dataset.frame`) taken as they are published.
FRAME_COLUMNS = ("id", "date_precision", "nationality", "nationality_names", "nationality_label", "layer", "area",
                 "claim_status", "location_precision", "place_name", "admin1", "latitude", "longitude", "count",
                 "count_max", "count_qualifier", "count_kind", "count_label", "claimant", "claimant_country",
                 "summary")
_CHUNK = 10_000


class Features(Sequence):
    """The published features of a table of reports, made on demand (a read-only sequence).

    ``features[i]`` is the feature of row ``i``; `take` makes many at once (much faster than
    one by one). Reports drawn as the same region share one geometry object.
    """

    def __init__(self, table: pa.Table, reference: Reference):
        self.table = table.combine_chunks()
        self.reference = reference

    def __len__(self) -> int:
        return self.table.num_rows

    def _feature(self, props: dict) -> dict:
        return {"type": "Feature", "id": props["id"], "properties": props,
                "geometry": report_geometry(props, self.reference)}

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self.take(range(len(self))[index])
        position = range(len(self))[index]  # IndexError as for a list
        return self._feature(self.table.slice(position, 1).to_pylist()[0])

    def take(self, positions) -> list[dict]:
        """The features at the given row positions, in that order."""
        positions = np.asarray(positions, dtype=np.int64)
        out = []
        for start in range(0, len(positions), _CHUNK):
            out += [self._feature(props) for props in self.table.take(positions[start:start + _CHUNK]).to_pylist()]
        return out

    def __iter__(self) -> Iterator[dict]:
        for start in range(0, len(self), _CHUNK):
            yield from (self._feature(props) for props in self.table.slice(start, _CHUNK).to_pylist())

    def __eq__(self, other) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and list(self) == list(other)

    __hash__ = None


def frame_from_table(table: pa.Table) -> pd.DataFrame:
    """The filter table of a dataset: one row per report (same order), typed for pandas.

    Besides the `FRAME_COLUMNS`: ``date`` and ``date_end``, the first and last day the report's
    dates cover (a month covers all its days; NaT when undated), ``reported_on`` (the first day of
    the reported date), ``date_written`` and ``reported_written`` (as published), ``source``,
    ``source_2`` and ``source_3`` (the first three sources' URLs) and ``n_sources``.
    """
    frame = table.select(list(FRAME_COLUMNS)).to_pandas()
    frame["date"] = pd.to_datetime(spans(table.column("date").combine_chunks())[0])
    frame["date_end"] = pd.to_datetime(spans(table.column("date_end").combine_chunks())[1])
    frame["reported_on"] = pd.to_datetime(spans(table.column("reported_on").combine_chunks())[0])
    frame["date_written"] = table.column("date").to_pandas().fillna("")
    frame["reported_written"] = table.column("reported_on").to_pandas().fillna("")
    for key in ("nationality", "claimant_country"):
        frame[key] = pd.Series(split_lists(table.column(key).combine_chunks()), index=frame.index, dtype=object)
    frame["count"] = pd.array(frame["count"], dtype="Int64")
    frame["count_max"] = pd.array(frame["count_max"], dtype="Int64")
    frame["latitude"] = frame["latitude"].astype(float)
    frame["longitude"] = frame["longitude"].astype(float)
    sources = table.column("sources").combine_chunks()
    lengths = pc.fill_null(pc.list_value_length(sources), 0).to_numpy(zero_copy_only=False)
    urls = sources.flatten().flatten()[0].to_numpy(zero_copy_only=False)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    for k, key in enumerate(("source", "source_2", "source_3")):
        nth = np.full(len(frame), None, dtype=object)
        nth[lengths > k] = urls[starts[lengths > k] + k]
        frame[key] = nth
    frame["n_sources"] = lengths.astype(np.int64)
    return frame


@dataclass(frozen=True, eq=False)
class Dataset:
    """Reports ready for the app: their published table, features on demand, a table to filter.

    Attributes
    ----------
    name : str
        Where the data came from, as shown to users.
    version : str
        The dataset version shown and cited (``<newest reported_on>+<8 hex>``).
    digest : str
        The whole content hash (SHA-256 hex): what caches are keyed on.
    features : Features
        One GeoJSON feature per report, sorted by id; row ``i`` of `frame` is ``features[i]``.
    frame : pandas.DataFrame
        One row per report with the columns the filters, charts, map and table use.
    origin : str
        Where it was loaded from: ``file`` (the configured file), or an upload (named by the app).
    """

    name: str
    version: str
    digest: str
    features: Features
    frame: pd.DataFrame
    origin: str = "file"

    @property
    def key(self) -> str:
        """What caches of derived work are keyed on: the origin and the whole content hash, never the version."""
        return f"{self.origin}:{self.digest}"

    def __len__(self) -> int:
        return len(self.features)

    @property
    def table(self) -> pa.Table:
        return self.features.table

    @functools.cached_property
    def options(self) -> Options:
        """What the dataset offers to filter and select (computed once)."""
        return Options.of(self.frame)

    def layer_positions(self, layer: str) -> np.ndarray:
        """Row positions of the reports a published layer holds (``all``: every report)."""
        if layer == ALL_LAYER:
            return np.arange(len(self))
        return np.flatnonzero((self.frame["layer"] == layer).to_numpy())


def dataset_from_table(table: pa.Table, name: str, reference: Reference) -> Dataset:
    """A `Dataset` of a table of published properties (sorted here by id)."""
    table = table.sort_by("id").combine_chunks()
    version, digest = table_digest(table, reference)
    return Dataset(name=name, version=version, digest=digest, features=Features(table, reference),
                   frame=frame_from_table(table))


def dataset_from_cells(cells: ReportCells, name: str, reference: Reference | None = None) -> Dataset:
    """Check a report table with the rulebook; raise `DataError` with every problem, or return the dataset."""
    reference = reference or load_reference()
    checked = check(cells, reference)
    if checked.problems:
        raise DataError(checked.problems, more=checked.more)
    return dataset_from_table(checked.table, name, reference)


def dataset_from_bytes(raw: bytes, name: str, reference: Reference | None = None,
                       limits: Limits = FILE_LIMITS) -> Dataset:
    """Load GeoJSON (UTF-8 bytes) in the project's schema: a layer, or any FeatureCollection of reports.

    A layer written by this project is read column by column (`geo.formats.ndjson`); any other
    layout feature by feature (`geo.formats.geojson`). Both give the rules the same cells.
    """
    if len(raw) > limits.max_bytes:
        raise DataError([Problem(name, "", "", f"is {len(raw):,} bytes; the limit is {limits.max_bytes:,}: split it")])
    try:
        raw.decode("utf-8")  # checked, not kept: a large file's text would double the memory held
    except UnicodeDecodeError:
        raise DataError([Problem(name, "", "", "is not UTF-8 text, as RFC 7946 requires")])
    cells = layer_cells(raw, name, limits)
    if cells is None:
        problems: list[Problem] = []
        data = read_collection(raw.decode("utf-8"), name, problems, limits)
        if data is None:
            raise DataError(problems)
        cells = collection_cells(data, name, whole_dataset=data.get("name") not in LAYER.values)
        cells.problems[:0] = [(-1, problem) for problem in problems]
    return dataset_from_cells(cells, name, reference)


def dataset_from_tables(reports: bytes, sources: bytes, name: str, reference: Reference | None = None,
                        limits: Limits = FILE_LIMITS) -> Dataset:
    """Load a ``reports.csv`` and its ``sources.csv`` given as bytes (an upload)."""
    cells = read_report_tables(Path("reports.csv"), Path("sources.csv"), raw=(reports, sources), limits=limits)
    return dataset_from_cells(cells, name, reference)


def load_dataset(path: str | Path = DEFAULT_DATA, reference: Reference | None = None) -> Dataset:
    """Load and check a dataset file: a GeoJSON layer in the schema or a ``reports.csv``.

    Raises
    ------
    DataError
        With every problem found (file, feature or row, field, rule, value, fix).
    """
    path = Path(path)
    name = display_path(path)
    if path.suffix.lower() == ".csv":
        return dataset_from_cells(read_report_tables(path), name, reference)
    if path.suffix.lower() not in (".geojson", ".json"):
        raise DataError([Problem(name, "", "", "unknown kind of file; give a GeoJSON layer in the project's "
                                 "schema (.geojson) or a reports.csv with its sources.csv beside it")])
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError([Problem(name, "", "", "no such file")])
    except IsADirectoryError:
        raise DataError([Problem(name, "", "", "is a directory, not a GeoJSON file")])
    return dataset_from_bytes(raw, name, reference)
