"""Steps of `build_registry` that attach facts to registry cities: Wikidata (by UN/LOCODE), CDP
network membership, twin-town links, and the country-level grid and degree-day tables."""

from __future__ import annotations

import polars as pl

from citypact.domain.names import normalize_name
from citypact.domain.reconcile import match_locodes
from citypact.reference import catalog as src
from citypact.reference.assemble import (
    OUTCOME_SCHEMA,
    SourceMatch,
    outcome_rows,
    resolve_column,
    stat_rows,
    two_pass_match,
)

PLAUSIBLE_YEARS = (1800, 2030)
WIKIDATA_EXTRACT_YEAR = 2022


def wikidata_step(
    wp: pl.DataFrame, wa: pl.DataFrame, names: pl.DataFrame, populations: pl.DataFrame
) -> tuple[SourceMatch, pl.DataFrame, pl.DataFrame]:
    """Give registry cities their UN/LOCODE, Wikidata population series and area.

    A record is one (locode, Wikidata item) with its latest plausible population; names (key,
    country, name) and populations (key, population) list every name and figure known for each
    registry city. One locode per city and one city per locode: conflicts keep the closest
    population. Returns report, (key, locode, item) and city_statistics rows.
    """
    plausible = wp.filter(pl.col("year").is_between(*PLAUSIBLE_YEARS))
    recs = (
        plausible.sort(["year", "population", "row"], descending=[True, True, False])
        .unique(["locode", "item"], keep="first")
        .sort("locode", "item")
        .with_row_index("ref")
        .with_columns(pl.col("ref").cast(pl.Int64))
    )
    first_row = wp.group_by("locode", "item").agg(pl.col("row").min())
    m = match_locodes(recs.select("ref", "locode", "population"), names, populations).join(
        recs.select("ref", "locode", "item"), on="ref"
    )
    ok = m.filter(pl.col("key").is_not_null()).sort("population_ratio", "ref")
    kept = ok.unique("key", keep="first", maintain_order=True).unique(
        "locode", keep="first", maintain_order=True
    )
    lost = ok.join(kept.select("ref"), on="ref", how="anti").join(
        kept.select("locode", winner="key"), on="locode", how="left"
    )
    lost = lost.with_columns(
        key=pl.lit(None, pl.Utf8),
        reason=pl.format("conflict: {} kept by a closer population", pl.coalesce("winner", "key")),
    ).drop("winner")
    outcomes = (
        pl.concat([m.filter(pl.col("key").is_null()), lost.select(m.columns), kept.select(m.columns)])
        .join(first_row, on=["locode", "item"], how="left")
        .select(
            source=pl.lit(src.WIKIDATA),
            row="row",
            name=pl.col("locode") + " (" + pl.col("item") + ")",
            country=pl.col("locode").str.slice(0, 2),
            reason="reason",
            key="key",
            name_score=pl.lit(None, pl.Float64),
            distance_km=pl.lit(None, pl.Float64),
        )
        .cast(OUTCOME_SCHEMA)  # type: ignore[arg-type]
        .sort("row")
    )
    links = kept.select("key", "locode", "item")
    series = (
        plausible.join(links, on=["locode", "item"])
        .group_by("key", "year", "item")
        .agg(pl.col("population").max())
        .select("key", "year", value="population", note=pl.format("Wikidata P1082, {}", "item"))
    )
    area_same = wa.join(links, on=["locode", "item"])
    single = wa.filter(pl.col("item").n_unique().over("locode") == 1)
    area_other = single.join(links.drop("item"), on="locode").join(
        area_same.select("key"), on="key", how="anti"
    )
    area = pl.concat([area_same, area_other], how="diagonal").unique("key", keep="first")
    stats = pl.concat(
        [
            stat_rows(series, variable="population", unit="persons", source=src.WIKIDATA),
            stat_rows(
                area.select(
                    "key",
                    value="area_km2",
                    note=pl.format("Wikidata P2046, {}; no point in time, year of the 2022 extract", "item"),
                ),
                year=WIKIDATA_EXTRACT_YEAR,
                variable="area_km2",
                unit="km2",
                source=src.WIKIDATA,
            ),
        ]
    )
    report = SourceMatch(src.WIKIDATA, recs.height, links.height, 0, outcomes)
    return report, links, stats


def cdp_step(
    cdp: pl.DataFrame,
    lookup: dict[str, str],
    primary: pl.DataFrame,
    alternates: pl.DataFrame,
    cities: pl.DataFrame | None = None,
) -> tuple[SourceMatch, pl.DataFrame]:
    """Match CDP reporting accounts (all years' names, latest coordinates) to registry cities and
    derive network members: "cdp-cities" (any emission figure reported) and "c40" (C40 flag).
    Returns report and network_members rows (network, key, since_year, source)."""
    cdp = cdp.filter(pl.col("account").is_not_null()).with_columns(
        country=resolve_column(cdp["country_name"], lookup)
    )
    coords = (
        cdp.filter(pl.col("lat").is_not_null())
        .sort("year", descending=True)
        .unique("account", keep="first")
        .select("account", "lat", "lon")
    )
    names = pl.concat(
        [
            cdp.select("account", "year", "row", "country", "country_name", name=c)
            for c in ("city", "organization")
        ]
    )
    recs = (
        names.filter(pl.col("name").is_not_null())
        .sort("year", "row", descending=[True, False])
        .unique(["account", "name"], keep="first", maintain_order=True)
        .join(coords, on="account", how="left")
        .select(
            ref="account",
            country="country",
            name="name",
            lat="lat",
            lon="lon",
            country_label="country_name",
            row=pl.format("{}:{}", "year", "row"),
        )
    )
    base = recs.drop("country_label", "row")
    # self-reported points are often swapped or miss a sign: offer the repaired variants too
    matches = two_pass_match(
        _coordinate_variants(base), None, primary, alternates, one_to_one=False, name_fallback=True
    )
    if cities is not None:
        matches = names_over_coordinates(recs, matches, cities)
    keys = matches.filter(pl.col("key").is_not_null()).select(account="ref", key="key")
    flagged = cdp.join(keys, on="account")
    members = pl.concat(
        [
            flagged.filter("has_emissions")
            .group_by("key")
            .agg(since_year=pl.col("year").min())
            .with_columns(network=pl.lit("cdp-cities")),
            flagged.filter("c40")
            .group_by("key")
            .agg(since_year=pl.col("year").min())
            .with_columns(network=pl.lit("c40")),
        ]
    ).select("network", "key", pl.col("since_year").cast(pl.Int32), source=pl.lit(src.CDP))
    # CDP rows are referenced as "<reporting year>:<row>" in the unmatched list's name column
    outcomes = outcome_rows(
        src.CDP, recs.with_columns(name=pl.col("name") + " [" + pl.col("row") + "]"), matches
    )
    report = SourceMatch(src.CDP, matches.height, keys.height, 0, outcomes)
    return report, members


_US_CODES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM "
    "NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
)
# The state or province a CDP name gives after a comma ("Cambridge, MA"), by country.
_STATES = {
    "US": dict(zip(
        _US_CODES.split(),
        ["Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware",
         "District of Columbia", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa",
         "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota",
         "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire", "New Jersey",
         "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon",
         "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah",
         "Vermont", "Virginia", "Washington", "West Virginia", "Wisconsin", "Wyoming"], strict=True)),
    "CA": {"AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
           "NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "ON": "Ontario",
           "PE": "Prince Edward Island", "QC": "Quebec", "SK": "Saskatchewan"},
}  # fmt: skip


def names_over_coordinates(
    records: pl.DataFrame, matches: pl.DataFrame, cities: pl.DataFrame
) -> pl.DataFrame:
    """Where a record's name gives a state ("Cambridge, MA") and the city matched by its coordinate lies
    in another state (the file's point is in Cambridge, Minnesota), the names win: the registry city
    of that name in that state if there is exactly one, else no match; the reason names the conflict,
    so it shows in the load report. records: ref, country, name; cities: key, name, country,
    admin_area."""
    stated = records.select(
        "ref",
        "country",
        city=pl.col("name").str.extract(r"^(.*?),\s*([A-Z]{2})$", 1).str.strip_chars(),
        code=pl.col("name").str.extract(r"^(.*?),\s*([A-Z]{2})$", 2),
    ).drop_nulls(["city", "code"])
    state_of = {(c, code): name for c, states in _STATES.items() for code, name in states.items()}
    stated = (
        stated.with_columns(
            state=pl.struct("country", "code").map_elements(
                lambda r: state_of.get((r["country"], r["code"])), return_dtype=pl.String
            ),
            folded=pl.col("city").map_elements(normalize_name, return_dtype=pl.String),
        )
        .drop_nulls("state")
        .unique("ref", keep="first", maintain_order=True)
    )
    if stated.is_empty():
        return matches
    registry = cities.select(
        "key",
        "country",
        "admin_area",
        folded=pl.col("name").map_elements(normalize_name, return_dtype=pl.String),
    )
    found = matches.join(stated, on="ref").join(
        registry.select("key", matched_state="admin_area"), on="key", how="left"
    )
    conflicts = found.filter(pl.col("key").is_not_null() & (pl.col("matched_state") != pl.col("state")))
    if conflicts.is_empty():
        return matches
    named = conflicts.join(
        registry.rename({"key": "named_key", "admin_area": "state"}),
        on=["country", "folded", "state"],
        how="left",
    )
    unique = named.group_by("ref").agg(pl.col("named_key").drop_nulls().unique())
    fixed = conflicts.join(unique, on="ref").select(
        "ref",
        key=pl.when(pl.col("named_key").list.len() == 1).then(pl.col("named_key").list.first()),
        name_score=pl.col("name_score"),
        distance_km=pl.lit(None, pl.Float64),
        score=pl.col("score"),
        reason=pl.format(
            "name and state win over the coordinate: the file says {}, its point lies in {} ({})",
            "state",
            "matched_state",
            "key",
        ),
    )
    return pl.concat([matches.join(fixed.select("ref"), on="ref", how="anti"), fixed.select(matches.columns)])


def _coordinate_variants(records: pl.DataFrame) -> pl.DataFrame:
    """Each record with its coordinates as given, sign-flipped and swapped (8 variants)."""
    variants = []
    for swap in (False, True):
        for sy in (1.0, -1.0):
            for sx in (1.0, -1.0):
                y, x = ("lon", "lat") if swap else ("lat", "lon")
                variants.append(records.with_columns(lat=pl.col(y) * sy, lon=pl.col(x) * sx))
    return pl.concat(variants).filter(pl.col("lat").is_null() | (pl.col("lat").abs() <= 90))


def twin_step(
    tw: pl.DataFrame, lookup: dict[str, str], primary: pl.DataFrame, alternates: pl.DataFrame
) -> tuple[SourceMatch, pl.DataFrame]:
    """Match twin-town nodes (distinct city, country, coordinates) and keep links whose both ends
    are registry cities, symmetric and de-duplicated (key_a < key_b)."""
    stacked = pl.concat([_side(tw, 1), _side(tw, 2)])
    nodes = (
        stacked.group_by("name", "label", "lat", "lon")
        .agg(pl.col("row").min())
        .sort("row", "name", "label", "lat", "lon", nulls_last=True)
        .with_row_index("ref")
        .with_columns(pl.col("ref").cast(pl.Int64))
    )
    nodes = nodes.with_columns(country=resolve_column(nodes["label"], lookup))
    recs = nodes.select("ref", "country", "name", "lat", "lon")
    matches = two_pass_match(recs, None, primary, alternates, one_to_one=False)
    node_key = nodes.join(matches.select("ref", "key"), on="ref").select("name", "label", "lat", "lon", "key")
    keyed = stacked.join(node_key, on=["name", "label", "lat", "lon"], how="left", nulls_equal=True)
    ends = [keyed.filter(pl.col("side") == i).select("row", pl.col("key").alias(f"k{i}")) for i in (1, 2)]
    pairs = (
        ends[0]
        .join(ends[1], on="row")
        .filter(pl.col("k1").is_not_null() & pl.col("k2").is_not_null() & (pl.col("k1") != pl.col("k2")))
    )
    links = (
        pairs.select(
            key_a=pl.min_horizontal("k1", "k2"),
            key_b=pl.max_horizontal("k1", "k2"),
            source=pl.lit(src.TWIN_WIKIPEDIA),
        )
        .unique()
        .sort("key_a", "key_b")
    )
    outcomes = outcome_rows(
        src.TWIN_WIKIPEDIA,
        nodes.select("ref", "name", country_label="label"),
        matches,
        ref_rows=nodes.select("ref", "row"),
    )
    report = SourceMatch(
        src.TWIN_WIKIPEDIA,
        nodes.height,
        matches.filter(pl.col("key").is_not_null()).height,
        0,
        outcomes,
    )
    return report, links


def _side(tw: pl.DataFrame, i: int) -> pl.DataFrame:
    """One end of each twin row (row, side, name, label, lat, lon); a city cell such as
    "Varna, Bulgaria" with an empty country cell is split into name and country label."""
    side = tw.select(
        "row", side=pl.lit(i), name=f"city{i}", label=f"country{i}", lat=f"lat{i}", lon=f"lon{i}"
    )
    return side.with_columns(
        label=pl.coalesce("label", pl.col("name").str.extract(r",\s*([^,]+)$")),
        name=pl.when(pl.col("label").is_null())
        .then(pl.col("name").str.replace(r",[^,]+$", ""))
        .otherwise(pl.col("name")),
    )


def grid_intensity(owid: pl.DataFrame, countries: pl.DataFrame) -> pl.DataFrame:
    """Country grid intensity (gCO2/kWh) keyed by ISO2 via simplemaps' ISO3 -> ISO2."""
    return (
        owid.join(countries.select("iso2", "iso3"), on="iso3")
        .select(country="iso2", year="year", g_co2_per_kwh="g_co2_per_kwh", source=pl.lit(src.OWID_EMBER))
        .sort("country", "year")
    )


# Sub-national Electricity Maps zones taken for a whole country, deliberately: Chile's Sistema
# Eléctrico Nacional serves nearly all of the country's load. Other sub-national zones (a US
# utility, Corsica, Ceuta) describe no country and are left out.
ZONE_AS_COUNTRY = {"CL-SEN": "CL"}


def grid_factors(
    ember: pl.DataFrame, electricity_maps: pl.DataFrame, countries: pl.DataFrame
) -> pl.DataFrame:
    """The scope-2 grid factor of each country and year: Electricity Maps' direct (combustion)
    figure where a country-level zone has the year, else Ember's life-cycle figure.

    `ember`: the registry's grid_intensity (country, year, g_co2_per_kwh). Columns: country, year,
    g_co2e_per_kwh, basis (`direct` | `life_cycle`), source (a source id of the catalog).
    """
    direct = (
        electricity_maps.with_columns(pl.col("zone").replace(ZONE_AS_COUNTRY).alias("country"))
        .join(countries.select(country="iso2"), on="country", how="semi")
        .filter(pl.col("direct_g_per_kwh").is_not_null())
        .select(
            "country",
            "year",
            g_co2e_per_kwh="direct_g_per_kwh",
            basis=pl.lit("direct"),
            source=pl.lit(src.ELECTRICITY_MAPS),
        )
    )
    life_cycle = ember.join(direct, on=["country", "year"], how="anti").select(
        "country",
        "year",
        g_co2e_per_kwh="g_co2_per_kwh",
        basis=pl.lit("life_cycle"),
        source=pl.lit(src.OWID_EMBER),
    )
    return pl.concat([direct, life_cycle]).sort("country", "year")


def degree_days(eurostat: pl.DataFrame) -> pl.DataFrame:
    """Eurostat HDD/CDD per country and year, tagged with the source id."""
    return eurostat.with_columns(source=pl.lit(src.EUROSTAT_CHDD)).sort("country", "year")
