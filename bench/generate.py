"""Synthetic reports in the project's own schema, for the benchmark (never for ``data/``).

    python bench/generate.py 10000 bench/out/n10000      # reports.csv + sources.csv + layers/

Every record is plainly synthetic: ids ``SYN-000001``…, place names ``Synthetic settlement …`` and
sources under ``https://example.org/synthetic/``. The mix follows the real dataset: mostly
settlement- or district-precision points, sampled uniformly inside the reference oblast polygons
(``geo.reference``), about 10 % oblast-level reports drawn as the region, about 2 % country-level
reports that are not drawn; North Korean troops in the majority, then Chinese nationals, a few
others; all four claim statuses; dates from 2024-10-01 to 2025-12-31. A fixed seed makes the same
N give the same files, and the files pass ``python -m geo validate``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from geo.build import build_layers, write_layers  # noqa: E402
from geo.reference import Reference, load_reference  # noqa: E402
from geo.model.report import REPORT_COLUMNS, SOURCE_COLUMNS  # noqa: E402

SEED = 20241001
FIRST_DAY = dt.date(2024, 10, 1)
LAST_DAY = dt.date(2025, 12, 31)

#: Region → (area, share of the located reports): the front-line and border oblasts of the reference
#: geography. Kursk and Donetsk dominate, as in the real data.
REGIONS = {
    "Kursk Oblast": ("kursk", 0.42),
    "Donetsk Oblast": ("donetsk", 0.26),
    "Belgorod Oblast": ("border", 0.07),
    "Sumy Oblast": ("border", 0.07),
    "Kharkiv Oblast": ("border", 0.06),
    "Bryansk Oblast": ("border", 0.04),
    "Luhansk Oblast": ("border", 0.08),
}

#: Location precision → share of all reports.
PRECISIONS = {"settlement": 0.75, "district": 0.13, "oblast": 0.10, "country": 0.02}

#: Nationality cell → share. Several codes in one cell occasionally; "" is an unnamed nationality.
NATIONALITIES = {
    "KP": 0.74, "CN": 0.12, "IN": 0.015, "NP": 0.015, "LK": 0.01, "CU": 0.01, "TJ": 0.01, "UZ": 0.01,
    "PK": 0.005, "KP;CN": 0.02, "CN;TJ": 0.005, "KP;RU": 0.01, "": 0.02,
}


def format_coordinate(value: float) -> str:
    """A coordinate with at most six decimals and no trailing zeros."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


UNNAMED_LABELS = ("foreign mercenaries (nationality not stated)", "Asian-looking soldiers (unidentified)")

STATUSES = {"claimed": 0.50, "corroborated": 0.25, "acknowledged": 0.10, "denied": 0.15}

#: (claimant, claimant_country), most prolific first.
CLAIMANTS = (
    ("Ukrainian General Staff", "UA"),
    ("Ukrainian military intelligence (HUR)", "UA"),
    ("South Korea NIS", "KR"),
    ("Institute for the Study of War", "US"),
    ("US Department of Defense", "US"),
    ("Russian Ministry of Defence", "RU"),
    ("Kremlin (spokesman)", "RU"),
    ("KCNA (North Korean state media)", "KP"),
    ("Chinese Ministry of Foreign Affairs", "CN"),
    ("Joint statement of Ukraine and South Korea", "UA;KR"),
)
#: Who denies, by the first nationality concerned (a denial by anyone else keeps its claimant).
DENIERS = {"KP": ("KCNA (North Korean state media)", "KP"), "CN": ("Chinese Ministry of Foreign Affairs", "CN")}
#: Who acknowledges: the deploying or the host state.
ACKNOWLEDGERS = (("KCNA (North Korean state media)", "KP"), ("Russian Ministry of Defence", "RU"),
                 ("Kremlin (spokesman)", "RU"))

#: What a figure counts → the range its numbers are drawn from.
COUNT_RANGES = {"troops": (100, 15000), "recruited": (100, 5000), "casualties": (10, 3000), "killed": (1, 500),
                "wounded": (1, 800), "captured": (1, 10)}
COUNT_QUALIFIERS = ("", "", "about", "at_least", "more_than", "up_to")
OUTLETS = ("Synthetic Wire", "Example Daily", "Placeholder Post", "Benchmark Broadcasting", "Mock Monitor")
#: Area of a country-level report → (country, place as reported); it is drawn nowhere.
COUNTRY_LEVEL = {"donetsk": ("UA", "Ukraine (front line, unspecified)"), "kursk": ("RU", "Russia (unspecified)"),
                 "other": ("RU", "Russia (training grounds, unspecified)")}


@dataclass(frozen=True)
class Generated:
    """Where a generated dataset lives and what it holds."""

    directory: Path
    n: int
    reports_csv: Path
    sources_csv: Path

    @property
    def layer(self) -> Path:
        """The published all-reports layer the app loads (``TROOPS_DATA``)."""
        return self.directory / "layers" / "all.geojson"


# --- sampling ------------------------------------------------------------------------------------


def _choice(rng: np.random.Generator, weights: dict[str, float], size: int) -> np.ndarray:
    """`size` keys of `weights` drawn with those (relative) weights."""
    keys = np.array(list(weights), dtype=object)
    p = np.array(list(weights.values()), dtype=float)
    return keys[rng.choice(len(keys), size=size, p=p / p.sum())]


def points_in(geometry, count: int, rng: np.random.Generator) -> np.ndarray:
    """`count` points uniformly inside `geometry` (rejection sampling in its bounds); shape (count, 2)."""
    minx, miny, maxx, maxy = geometry.bounds
    found: list[np.ndarray] = []
    have = 0
    while have < count:
        batch = max(64, 2 * (count - have))
        x = rng.uniform(minx, maxx, batch)
        y = rng.uniform(miny, maxy, batch)
        inside = shapely.contains_xy(geometry, x, y)
        found.append(np.column_stack([x[inside], y[inside]]))
        have += int(inside.sum())
    return np.concatenate(found)[:count]


def _dates(rng: np.random.Generator, n: int) -> tuple[list, list, list]:
    """reported_on, event_start (often empty, never after reported_on), event_end (rarely)."""
    span = (LAST_DAY - FIRST_DAY).days
    reported = [FIRST_DAY + dt.timedelta(days=int(d)) for d in rng.integers(0, span + 1, n)]
    starts, ends = [], []
    for day, has_start, lag, has_end, length in zip(reported, rng.random(n) < 0.7, rng.integers(0, 15, n),
                                                    rng.random(n) < 0.2, rng.integers(1, 11, n)):
        start = max(FIRST_DAY, day - dt.timedelta(days=int(lag))) if has_start else None
        end = min(day, start + dt.timedelta(days=int(length))) if start and has_end else None
        starts.append(start)
        ends.append(end if end and end > start else None)
    return reported, starts, ends


# --- rows ----------------------------------------------------------------------------------------


def _count_cells(rng: np.random.Generator) -> tuple[str, str, str]:
    if rng.random() >= 0.6:
        return "", "", ""
    kind = list(COUNT_RANGES)[rng.integers(len(COUNT_RANGES))]
    low, high = COUNT_RANGES[kind]
    figure = int(np.exp(rng.uniform(np.log(low), np.log(high + 1))))  # small figures more often
    return str(figure), COUNT_QUALIFIERS[rng.integers(len(COUNT_QUALIFIERS))], kind


def _summary(claimant: str, status: str, nationality: str, count: str, kind: str, place: str) -> str:
    who = {"KP": "North Korean", "CN": "Chinese"}.get(nationality.split(";")[0], "foreign")
    figure = f"{count} {who} {kind}" if count else f"{who} troops"
    verb = {"denied": "denied reports of", "acknowledged": "acknowledged", "corroborated": "confirmed"}.get(status, "reported")
    return f"{claimant} {verb} {figure} near {place}. Synthetic record generated for the benchmark."


def _claimant(rng: np.random.Generator, status: str, nationality: str) -> tuple[str, str]:
    """Who makes the claim: denials come from the state concerned, acknowledgements from a host
    or deploying state, other claims mostly from Ukraine and its partners."""
    first = nationality.split(";")[0]
    if status == "denied" and first in DENIERS:
        return DENIERS[first]
    if status == "acknowledged":
        return ACKNOWLEDGERS[rng.integers(len(ACKNOWLEDGERS))]
    return CLAIMANTS[min(int(rng.exponential(2.5)), len(CLAIMANTS) - 1)]


def _location(rng: np.random.Generator, reference: Reference, precision: str, region: str,
              point: np.ndarray) -> dict[str, str]:
    """The location cells of a report: a point in `region`, the region itself, or a country."""
    if precision == "country":
        area = ("donetsk", "kursk", "other")[rng.integers(3)]
        country, place = COUNTRY_LEVEL[area]
        return {"area": area, "place_name": place, "admin1": "", "country": country,
                "latitude": "", "longitude": "", "location_source": ""}
    has_point = precision in ("settlement", "district")
    return {
        "area": REGIONS[region][0],
        "place_name": f"Synthetic settlement {rng.integers(1, 5000):04d}" if has_point else region,
        "admin1": region,
        "country": reference.admin1[region].country,
        "latitude": format_coordinate(round(point[1], 5)) if has_point else "",
        "longitude": format_coordinate(round(point[0], 5)) if has_point else "",
        "location_source": "synthetic: uniform random point in the reference polygon" if has_point else "",
    }


def _sources(rng: np.random.Generator, ident: str) -> list[dict]:
    """One to three clearly synthetic sources of a report."""
    return [{
        "report_id": ident,
        "url": f"https://example.org/synthetic/{ident.lower()}/{k}",
        "title": f"Synthetic source {k} of {ident}" if k == 1 or rng.random() < 0.5 else "",
        "outlet": OUTLETS[rng.integers(len(OUTLETS))],
    } for k in range(1, 1 + int(rng.integers(1, 4)))]


def generate_rows(n: int, reference: Reference, seed: int = SEED) -> tuple[list[dict], list[dict]]:
    """Return (report rows, source rows) as dicts keyed by the CSV columns; ids ``SYN-000001``…

    Ids follow ``reported_on``, so a denial's ``responds_to`` can name an earlier claim.
    """
    rng = np.random.default_rng(seed)
    precision = _choice(rng, PRECISIONS, n)
    region = _choice(rng, {name: share for name, (_, share) in REGIONS.items()}, n)
    points = np.full((n, 2), np.nan)
    for name in REGIONS:
        rows = np.flatnonzero((region == name) & np.isin(precision, ("settlement", "district")))
        if len(rows):
            points[rows] = points_in(reference.admin1[name].geometry, len(rows), rng)
    nationality = _choice(rng, NATIONALITIES, n)
    status = _choice(rng, STATUSES, n)
    reported, starts, ends = _dates(rng, n)
    order = np.argsort(np.array([day.toordinal() for day in reported]), kind="stable")

    reports, sources = [], []
    for number, i in enumerate(order, start=1):
        ident = f"SYN-{number:06d}"
        claimant, claimant_country = _claimant(rng, status[i], nationality[i])
        count, qualifier, kind = _count_cells(rng)
        location = _location(rng, reference, precision[i], region[i], points[i])
        answers = status[i] == "denied" and number > 1 and rng.random() < 0.3
        reports.append({
            "id": ident,
            "reported_on": reported[i].isoformat(),
            "event_start": starts[i].isoformat() if starts[i] else "",
            "event_end": ends[i].isoformat() if ends[i] else "",
            "nationality": nationality[i],
            "nationality_label": UNNAMED_LABELS[rng.integers(2)] if not nationality[i] else "",
            **location,
            "location_precision": precision[i],
            "count": count,
            "count_qualifier": qualifier,
            "count_kind": kind,
            "claim_status": status[i],
            "claimant": claimant,
            "claimant_country": claimant_country,
            "responds_to": f"SYN-{rng.integers(1, number):06d}" if answers else "",
            "summary": _summary(claimant, status[i], nationality[i], count, kind, location["place_name"]),
            "notes": "Synthetic; conflicts with an earlier figure." if rng.random() < 0.1 else "",
        })
        sources += _sources(rng, ident)
    return reports, sources


def _write_csv(path: Path, columns: tuple[str, ...], rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def generate(n: int, directory: str | Path, seed: int = SEED) -> Generated:
    """Write ``reports.csv`` and ``sources.csv`` with `n` synthetic reports into `directory`."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    reports, sources = generate_rows(n, load_reference(), seed)
    _write_csv(directory / "reports.csv", REPORT_COLUMNS, reports)
    _write_csv(directory / "sources.csv", SOURCE_COLUMNS, sources)
    (directory / "STAMP").write_text(_stamp(n, seed), encoding="utf-8")
    return Generated(directory, n, directory / "reports.csv", directory / "sources.csv")


def _stamp(n: int, seed: int) -> str:
    """What a generated folder holds: N, the seed and a hash of this generator's code and of the schema."""
    from geo.model.report import PROPERTY_KEYS

    code = hashlib.sha256(Path(__file__).read_bytes() + ",".join(REPORT_COLUMNS + PROPERTY_KEYS).encode()).hexdigest()[:12]
    return f"n={n} seed={seed} generator={code}\n"


def build(generated: Generated) -> float:
    """Build the published layers (``<dir>/layers/*.geojson``) the app loads; return the seconds taken.

    The time covers `geo.build.build_layers` only (read, validate, build and check the layers in
    memory), not writing the files.
    """
    start = time.perf_counter()
    result = build_layers(generated.reports_csv, generated.directory / "layers")
    seconds = time.perf_counter() - start
    write_layers(result)
    return seconds


def ensure(n: int, directory: str | Path, seed: int = SEED) -> Generated:
    """The dataset of `n` reports in `directory`, generated and built unless already there."""
    directory = Path(directory)
    generated = Generated(directory, n, directory / "reports.csv", directory / "sources.csv")
    stamp = directory / "STAMP"
    if stamp.exists() and stamp.read_text(encoding="utf-8") == _stamp(n, seed) and generated.layer.exists():
        return generated
    generated = generate(n, directory, seed)
    build(generated)
    return generated


def main(argv: list[str]) -> int:
    """``python bench/generate.py N DIR``: generate, build the layers and say where they are."""
    if len(argv) != 2 or not argv[0].isdigit():
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    generated = generate(int(argv[0]), argv[1])
    seconds = build(generated)
    print(f"{generated.n} reports in {generated.directory}; layers built in {seconds:.1f} s; "
          f"the app loads TROOPS_DATA={generated.layer}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
