"""Benchmark of the case library: full-text search over the cases, and "cases like mine".

python -m bench cases [--case-cities 10000] [--cases 100000] [--searches 300] [--similar 200]

* Data: a fresh migrated SQLite database with 10,000 cities (16 countries, populations log-uniform
  5,000-5,000,000, coordinates, national degree days per year, GDP for about half the cities) and
  100,000 best-practice cases whose texts come from a seeded vocabulary of climate-measure words in
  English, German and Japanese (Zipf-like frequencies, so a query hits a realistic share of the
  cases). Loaded with executemany inserts, then ANALYZE; generation is not timed.
* Search: `search_cases(session, q, filters)` over a mix of 30 queries (rare and common words, short
  Japanese words, two-word queries), with and without filters, limit 20. Target: p99 < 50 ms.
  Baseline: the same searches as a plain LIKE '%word%' scan over case_study.search_text.
* Cases like mine: `cases_like_mine(session, city_id, limit=10)` for random cities. Target: < 100 ms.
  Baseline: the same similarity as a plain per-city Python loop over all cities.

Nothing is asserted: the figures are printed.
"""

from __future__ import annotations

import argparse
import heapq
import math
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from citypact.domain import text as folding
from citypact.domain.measures import CO_BENEFITS, FIELDS, GPC_SECTORS, IMPLEMENTATION, INSTRUMENTS, SDGS
from citypact.domain.peers import MIN_SHARED, Conditions, nearest_to
from citypact.services.benchmarking.data import city_conditions
from citypact.services.plans import cases as case_library
from citypact.services.plans import measures
from citypact.storage.db import Database
from citypact.storage.migrate import upgrade
from citypact.storage.models import CaseStudy, City, CityStatistic, Country, DegreeDays

SEARCH_TARGET_MS = 50.0
SIMILAR_TARGET_MS = 100.0
SEED = 2024
# iso2, iso3, name, share of the cities, (lat, lon) box, typical heating and cooling degree days.
COUNTRIES: tuple[tuple[str, str, str, float, tuple[float, float, float, float], float, float], ...] = (
    ("DE", "DEU", "Germany", 0.14, (47.5, 54.8, 6.0, 14.8), 3100.0, 40.0),
    ("JP", "JPN", "Japan", 0.12, (31.0, 43.3, 130.0, 145.0), 1900.0, 300.0),
    ("US", "USA", "United States", 0.16, (25.8, 48.9, -124.0, -67.0), 2300.0, 800.0),
    ("FR", "FRA", "France", 0.08, (43.0, 50.9, -4.5, 7.5), 2400.0, 60.0),
    ("IT", "ITA", "Italy", 0.06, (37.0, 46.5, 7.0, 18.5), 1900.0, 300.0),
    ("ES", "ESP", "Spain", 0.05, (36.2, 43.6, -8.9, 3.2), 1700.0, 350.0),
    ("GB", "GBR", "United Kingdom", 0.05, (50.1, 58.6, -5.6, 1.7), 2800.0, 5.0),
    ("PL", "POL", "Poland", 0.04, (49.1, 54.7, 14.2, 24.1), 3500.0, 30.0),
    ("SE", "SWE", "Sweden", 0.03, (55.4, 67.8, 11.2, 23.9), 4800.0, 5.0),
    ("AT", "AUT", "Austria", 0.03, (46.4, 48.9, 9.6, 17.1), 3400.0, 40.0),
    ("NL", "NLD", "Netherlands", 0.03, (50.8, 53.5, 3.4, 7.2), 2800.0, 10.0),
    ("CA", "CAN", "Canada", 0.04, (42.3, 55.0, -123.0, -63.0), 4500.0, 150.0),
    ("BR", "BRA", "Brazil", 0.05, (-30.0, -3.0, -60.0, -35.0), 50.0, 2900.0),
    ("IN", "IND", "India", 0.06, (8.5, 30.0, 70.0, 88.0), 200.0, 3300.0),
    ("KR", "KOR", "Korea", 0.03, (34.7, 38.3, 126.1, 129.5), 2800.0, 350.0),
    ("AU", "AUS", "Australia", 0.03, (-38.0, -12.5, 115.0, 153.0), 700.0, 1000.0),
)
DEGREE_YEARS = range(2015, 2023)
# Climate-measure vocabulary, most frequent first; the weights fall off like Zipf's law, 1/(rank + 5),
# so the most common word is in about 45 % of the cases and the rarest in about 1 %.
TERMS = (
    "solar", "energy efficiency", "Klimaschutz", "省エネ", "photovoltaic", "heat pump", "Wärmepumpe",
    "building retrofit", "Gebäudesanierung", "bike lane", "Radweg", "district heating", "Fernwärme",
    "断熱", "太陽光", "public transport", "ÖPNV", "LED street lighting", "街路灯", "electric bus",
    "Elektrobus", "電気自動車", "car sharing", "Carsharing", "green roof", "Dachbegrünung", "屋上緑化",
    "tree planting", "Stadtbaum", "植樹", "composting", "Kompostierung", "ごみ削減", "recycling",
    "Wertstoffhof", "biogas", "Biogasanlage", "バイオガス", "wind turbine", "Windkraft", "風力発電",
    "energy advice", "Energieberatung", "省エネ診断", "school", "Schule", "学校", "social housing",
    "Sozialwohnungen", "公営住宅", "climate budget", "Klimahaushalt", "気候予算", "cooling centre",
    "Hitzeschutz", "熱中症", "flood protection", "Hochwasserschutz", "浸水対策", "smart grid",
    "Stromnetz", "スマートグリッド", "hydrogen", "Wasserstoff", "水素", "geothermal", "Geothermie",
    "地熱", "energy cooperative", "Bürgerenergie", "市民電力", "parking management", "Parkraum",
    "駐車場", "pedestrian zone", "Fußgängerzone", "歩行者", "cargo bike", "Lastenrad", "モビリティ",
    "waste heat", "Abwärme", "排熱", "sewage sludge", "Klärschlamm", "下水汚泥", "landfill gas",
    "Deponiegas", "procurement", "Beschaffung", "調達", "night train", "Nachtzug", "e-scooter",
    "rainwater", "Regenwasser", "雨水", "peatland", "Moorschutz", "湿地", "passive house",
    "Passivhaus", "パッシブハウス", "heat plan", "Wärmeplanung", "熱計画", "energy poverty",
    "Energiearmut", "エネルギー貧困", "microgrid", "マイクログリッド", "agrivoltaics", "Agri-PV",
    "営農型太陽光", "tidal power", "潮力発電", "seagrass", "海草",
)  # fmt: skip
ACTIONS = ("introduced", "expanded", "funded", "piloted", "planned", "built", "subsidised")
GROUPS = ("households", "schools", "small businesses", "tenants", "commuters", "the city's own buildings")
SYLLABLES = ("ber", "lin", "ha", "mun", "ko", "to", "sen", "dai", "wald", "burg", "ville", "port", "na", "ri")
# The query mix: rare and common words, Japanese 2- and 3-character words, two-word queries, a miss.
QUERIES = (
    "solar", "Wärmepumpe", "断熱", "bike lane", "district heating", "Gebäudesanierung", "街路灯",
    "省エネ", "heat pump", "太陽光", "Fernwärme", "school", "climate", "energy", "植樹", "水素",
    "biogas", "Klimaschutz", "passive house", "熱計画", "geothermal", "seagrass", "潮力発電",
    "solar school", "Radweg Schule", "断熱 学校", "heat pump tenants", "LED street", "e-scooter",
    "nuclear fusion",
)  # fmt: skip
# Filters used with some of the searches (None: no filter).
FILTER_MIX: tuple[dict[str, str] | None, ...] = (
    None, None, None, {"field": "transport"}, {"field": "energy_supply"}, {"co_benefits": "air_quality"},
    {"country": "DE"}, {"country": "JP"}, {"field": "buildings_residential", "country": "US"},
)  # fmt: skip


def _percentiles(samples: Sequence[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def at(p: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, math.ceil(p * len(ordered)) - 1))]

    return {"p50": at(0.50), "p90": at(0.90), "p99": at(0.99), "max": ordered[-1]}


def _line(label: str, samples: Sequence[float], target: float | None = None) -> str:
    p = _percentiles(samples)
    figures = " ".join(f"{name} {value:7.1f}" for name, value in p.items())
    met = ""
    if target is not None:
        met = f"  target p99 < {target:.0f} ms: {'met' if p['p99'] < target else 'MISSED'}"
    return f"  {label:<34} {figures} ms{met}"


@contextmanager
def _clock(into: dict[str, float], name: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    into[name] = time.perf_counter() - started


# ------------------------------------------------------------------------------------------ the data


def _city_name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def _sentence(rng: random.Random, terms: Callable[[int], list[str]]) -> str:
    a, b = terms(2)
    return f"The city {rng.choice(ACTIONS)} {a} and {b} for {rng.choice(GROUPS)}."


def _case_rows(
    rng: random.Random, n: int, cities: Sequence[tuple[int, str, float, str]]
) -> Iterator[dict[str, Any]]:
    weights = [1.0 / (rank + 5) for rank in range(1, len(TERMS) + 1)]
    cumulative = [0.0]
    for w in weights:
        cumulative.append(cumulative[-1] + w)
    cumulative = cumulative[1:]

    def terms(k: int) -> list[str]:
        return rng.choices(TERMS, cum_weights=cumulative, k=k)

    # Bigger cities write more cases; every city has a chance.
    city_weights = [math.sqrt(population) for _, _, population, _ in cities]
    city_cumulative = []
    total = 0.0
    for w in city_weights:
        total += w
        city_cumulative.append(total)
    fields, instruments, stages = list(FIELDS), list(INSTRUMENTS), list(IMPLEMENTATION)
    for _ in range(n):
        city_id, city_name, _, country = rng.choices(cities, cum_weights=city_cumulative, k=1)[0]
        main = terms(3)
        values: dict[str, Any] = {
            "title": f"{main[0].capitalize()} in {city_name}",
            "title_de": f"{main[1]} in {city_name}" if rng.random() < 0.5 else None,
            "title_ja": f"{city_name}の{main[2]}" if rng.random() < 0.3 else None,
            "summary": " ".join(_sentence(rng, terms) for _ in range(rng.randint(2, 4))),
            "results": _sentence(rng, terms) if rng.random() < 0.7 else "",
            "lessons": _sentence(rng, terms) if rng.random() < 0.5 else "",
        }
        tags = {
            "sdgs": rng.sample(list(SDGS), rng.randint(0, 3)),
            "co_benefits": rng.sample(list(CO_BENEFITS), rng.randint(0, 2)),
            "gpc_sectors": rng.sample(list(GPC_SECTORS), rng.randint(0, 1)),
        }
        classified = {
            "field": rng.choice(fields),
            "instrument": rng.choice(instruments),
            "implementation": rng.choice(stages),
            "tags": measures.tag_text(tags),
        }
        published = rng.random() < 0.97
        yield {
            "city_id": city_id,
            **classified,
            "start_year": rng.randint(2005, 2025) if rng.random() < 0.9 else None,
            "contact": "",
            "reduction_t_per_year": round(rng.lognormvariate(6.0, 1.5), 1) if rng.random() < 0.6 else None,
            "cost_note": "",
            "search_text": case_library.case_search_text(
                {**values, **classified}, (city_name, country), None, published=published
            ),
            "is_published": published,
            **values,
        }


def build_database(url: str, n_cities: int, n_cases: int, seed: int = SEED) -> None:
    """A fresh migrated database with the generated cities and cases, analysed."""
    rng = random.Random(seed)
    upgrade(url)
    db = Database(url)
    with db.write() as session:
        session.execute(insert(Country), [{"iso2": c[0], "iso3": c[1], "name": c[2]} for c in COUNTRIES])
        session.flush()
        degree = []
        for iso2, *_, hdd, cdd in COUNTRIES:
            for year in DEGREE_YEARS:
                degree.append(
                    {
                        "country": iso2,
                        "year": year,
                        "source": "bench",
                        "hdd": round(hdd * rng.uniform(0.85, 1.15)),
                        "cdd": round(cdd * rng.uniform(0.8, 1.2)),
                    }
                )
        session.execute(insert(DegreeDays), degree)
        city_rows = []
        shares = [c[3] for c in COUNTRIES]
        for i in range(1, n_cities + 1):
            iso2, _, _, _, (lat0, lat1, lon0, lon1), _, _ = rng.choices(COUNTRIES, weights=shares, k=1)[0]
            name = f"{_city_name(rng)} {i}"
            population = round(10 ** rng.uniform(math.log10(5_000), math.log10(5_000_000)))
            city_rows.append(
                {
                    "id": i,
                    "key": f"bench:{i}",
                    "name": name,
                    "name_ascii": name,
                    "country": iso2,
                    "lat": rng.uniform(lat0, lat1),
                    "lon": rng.uniform(lon0, lon1),
                    "population": population,
                    "population_year": 2020,
                    "search_text": folding.search_text(name, name, ""),
                }
            )
        session.execute(insert(City), city_rows)
        statistics_rows = []
        for city in city_rows:
            if rng.random() < 0.5:
                per_capita = rng.lognormvariate(math.log(35_000), 0.5)
                for year in rng.sample(range(2015, 2022), rng.randint(1, 3)):
                    statistics_rows.append(
                        {
                            "city_id": city["id"],
                            "year": year,
                            "variable": "gdp_ppp_usd",
                            "value": per_capita * city["population"] * rng.uniform(0.95, 1.05),
                            "unit": "USD",
                            "source": "bench",
                        }
                    )
        session.execute(insert(CityStatistic), statistics_rows)
        cities = [(c["id"], c["name"], float(c["population"]), c["country"]) for c in city_rows]
        batch: list[dict[str, Any]] = []
        for row in _case_rows(rng, n_cases, cities):
            batch.append(row)
            if len(batch) == 10_000:
                session.execute(insert(CaseStudy), batch)
                batch = []
        if batch:
            session.execute(insert(CaseStudy), batch)
    with db.engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
    db.dispose()


# ----------------------------------------------------------------------------------------- the search


def _search_mix(rng: random.Random, n: int) -> list[tuple[str, dict[str, str] | None]]:
    return [(QUERIES[i % len(QUERIES)], rng.choice(FILTER_MIX)) for i in rng.sample(range(n), n)]


def baseline_search(session: Session, q: str, filters: dict[str, str] | None, limit: int = 20) -> int:
    """The same search as a plain LIKE '%word%' scan over the folded texts: count, then one page."""
    where = ["c.is_published = 1"]
    params: dict[str, Any] = {}
    for i, word in enumerate(folding.fold(q).split()):
        where.append(f"c.search_text LIKE :w{i} ESCAPE '\\'")
        params[f"w{i}"] = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    for name, value in (filters or {}).items():
        if name == "country":
            where.append("c.city_id IN (SELECT id FROM city WHERE country = :country)")
            params["country"] = value.upper()
        elif name == "co_benefits":
            where.append("c.tags LIKE :tag")
            params["tag"] = f"%|co_benefits:{value}|%"
        else:
            where.append(f"c.{name} = :{name}")
            params[name] = value
    clause = " AND ".join(where)
    total = session.execute(text(f"SELECT count(*) FROM case_study c WHERE {clause}"), params).scalar_one()
    session.execute(
        text(
            f"SELECT c.*, city.name, city.country FROM case_study c JOIN city ON city.id = c.city_id "
            f"WHERE {clause} ORDER BY c.id DESC LIMIT {limit}"
        ),
        params,
    ).all()
    return int(total)


def bench_search(db: Database, n: int) -> dict[str, list[float]]:
    rng = random.Random(SEED)
    mix = _search_mix(rng, n)
    timings: dict[str, list[float]] = {"engine": [], "baseline": []}
    hits: dict[str, int] = {}
    mismatches = 0
    with db.read() as session:
        for q, filters in mix[:20]:  # warm the caches (pages, statement cache) before timing
            case_library.search_cases(session, q, filters, limit=20)
        for q, filters in mix:
            started = time.perf_counter()
            page = case_library.search_cases(session, q, filters, limit=20)
            timings["engine"].append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            total = baseline_search(session, q, filters)
            timings["baseline"].append((time.perf_counter() - started) * 1000)
            mismatches += total != page.total
            if filters is None:
                hits[q] = page.total
    published = db_count(db, "SELECT count(*) FROM case_study WHERE is_published = 1")
    shares = sorted(hits.items(), key=lambda item: -item[1])
    print(
        "  hits without filters (share of the published cases): "
        + ", ".join(f"{q} {count / published:.1%}" for q, count in shares)
    )
    print(f"  engine and baseline disagree on the total in {mismatches} of {len(mix)} searches")
    by_query: dict[str, list[float]] = {}
    for (q, _), ms in zip(mix, timings["engine"], strict=True):
        by_query.setdefault(q, []).append(ms)
    slowest = sorted(by_query.items(), key=lambda item: -max(item[1]))[:5]
    print("  slowest queries (engine, max ms): " + ", ".join(f"{q!r} {max(ms):.1f}" for q, ms in slowest))
    return timings


def db_count(db: Database, sql: str) -> int:
    with db.read() as session:
        return int(session.execute(text(sql)).scalar_one())


# --------------------------------------------------------------------------------- cases like mine


def _conditions(session: Session) -> Conditions:
    """The framework conditions of every city, as cases like mine reads them (services.conditions)."""
    ids = list(session.scalars(select(City.id).order_by(City.id)))
    return city_conditions(session, ids)


def baseline_like_mine(session: Session, city_id: int, limit: int = 10) -> list[int]:
    """Cases like mine as a plain per-city Python loop: read the conditions (the same loader, not
    kept between calls), standardize, measure the peers' distance (over the conditions both cities
    know, at least MIN_SHARED, the world region counting 0 or 1) to every city with published
    cases, keep the nearest, fetch their cases."""
    with_cases = {
        row[0]
        for row in session.execute(text("SELECT DISTINCT city_id FROM case_study WHERE is_published = 1"))
    }
    conditions = _conditions(session)
    matrix = conditions.matrix().tolist()
    region = conditions.region.tolist() if conditions.region is not None else [""] * len(matrix)
    ids = conditions.ids.tolist()
    scales = []
    for j in range(len(matrix[0])):
        known = [row[j] for row in matrix if not math.isnan(row[j])]
        mean = sum(known) / len(known) if known else 0.0
        sd = math.sqrt(sum((x - mean) ** 2 for x in known) / len(known)) if known else 1.0
        scales.append((mean, sd if sd > 0 else 1.0))
    me = ids.index(city_id)
    mine = matrix[me]
    nearest: list[tuple[float, int, int]] = []
    for i, (cid, values) in enumerate(zip(ids, matrix, strict=True)):
        if cid == city_id or cid not in with_cases:
            continue
        squared, count = 0.0, 0
        for v, w, (m, sd) in zip(values, mine, scales, strict=True):
            if not (math.isnan(v) or math.isnan(w)):
                squared += ((v - m) / sd - (w - m) / sd) ** 2
                count += 1
        if region[i] and region[me]:
            squared += 0.0 if region[i] == region[me] else 1.0
            count += 1
        if count >= MIN_SHARED:
            nearest.append((math.sqrt(squared / count), i, cid))
    chosen = heapq.nsmallest(limit, nearest)
    if not chosen:
        return []
    ids_sql = ",".join(str(cid) for _, _, cid in chosen)
    rank = {cid: k for k, (_, _, cid) in enumerate(chosen)}
    cases = session.execute(
        text(f"SELECT id, city_id, title FROM case_study WHERE is_published = 1 AND city_id IN ({ids_sql})")
    ).all()
    return [c.city_id for c in sorted(cases, key=lambda c: (rank[c.city_id], c.id))[:limit]]


def bench_similar(db: Database, n: int, n_cities: int, baseline_calls: int) -> dict[str, list[float]]:
    rng = random.Random(SEED + 1)
    city_ids = [rng.randint(1, n_cities) for _ in range(n)]
    timings: dict[str, list[float]] = {"engine": [], "baseline": []}
    disagree = 0
    with db.read() as session:
        case_library.cases_like_mine(session, city_ids[0], limit=10)  # warm-up
        found: dict[int, list[int]] = {}
        for city_id in city_ids:
            started = time.perf_counter()
            like = case_library.cases_like_mine(session, city_id, limit=10)
            timings["engine"].append((time.perf_counter() - started) * 1000)
            found[city_id] = [f.case.city_id for f in like]
        # The baseline runs after the engine, so that its garbage does not land on the engine's clock.
        for city_id in city_ids[:baseline_calls]:
            started = time.perf_counter()
            expected = baseline_like_mine(session, city_id, limit=10)
            timings["baseline"].append((time.perf_counter() - started) * 1000)
            disagree += expected != found[city_id]
    print(
        f"  engine and baseline disagree on the cities of the cases in {disagree} of {baseline_calls} calls"
    )
    return timings


def similar_stages(db: Database, n_cities: int) -> None:
    """Milliseconds of the stages of cases_like_mine (timed from outside, median of 20 cities)."""
    rng = random.Random(SEED + 2)
    stages: dict[str, list[float]] = {}
    with db.read() as session:
        for _ in range(20):
            city_id = rng.randint(1, n_cities)
            times: dict[str, float] = {}
            with _clock(times, "cities with published cases"):
                with_cases = case_library.cities_with_published_cases(session)
            with _clock(times, "city_conditions (kept per database)"):
                conditions = _conditions(session)
            with _clock(times, "nearest_to"):
                me = int(np.flatnonzero(conditions.ids == city_id)[0])
                rows, _ = nearest_to(conditions, me, np.isin(conditions.ids, list(with_cases)), 10)
            with _clock(times, "cases of the nearest cities + views"):
                nearest = [int(conditions.ids[r]) for r in rows]
                cases = session.scalars(
                    select(CaseStudy).where(CaseStudy.is_published, CaseStudy.city_id.in_(nearest))
                ).all()
                case_library._case_views(session, cases, "en")
            for name, seconds in times.items():
                stages.setdefault(name, []).append(seconds * 1000)
    for name, values in stages.items():
        print(f"    stage {name:<40} {statistics.median(values):7.1f} ms")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--case-cities", type=int, default=10_000)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--searches", type=int, default=300)
    parser.add_argument("--similar", type=int, default=200)
    parser.add_argument("--similar-baseline", type=int, default=50, help="baseline calls (slow)")
    parser.add_argument("--keep-db", type=Path, default=None, help="build (or reuse) the database here")


def run(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep_db or Path(folder) / "cases.db"
        url = f"sqlite:///{path}"
        print(
            f"== case library: {args.case_cities:,} cities, {args.cases:,} cases, "
            f"SQLite (FTS5 trigram index on the folded texts)"
        )
        if not path.exists():
            started = time.perf_counter()
            build_database(url, args.case_cities, args.cases)
            print(f"  generated and loaded in {time.perf_counter() - started:.1f} s (not counted)")
        db = Database(url)
        try:
            print(f"== search_cases: {args.searches} searches over {len(QUERIES)} queries, limit 20")
            search = bench_search(db, args.searches)
            print(_line("search_cases", search["engine"], SEARCH_TARGET_MS))
            print(_line("baseline: LIKE '%word%' scan", search["baseline"]))
            print(f"== cases_like_mine: {args.similar} random cities, limit 10")
            similar = bench_similar(db, args.similar, args.case_cities, args.similar_baseline)
            print(_line("cases_like_mine", similar["engine"], SIMILAR_TARGET_MS))
            print(_line(f"baseline: Python loop ({args.similar_baseline} calls)", similar["baseline"]))
            similar_stages(db, args.case_cities)
        finally:
            db.dispose()
