"""Per-source steps of `build_registry`: read a source, reconcile it with the registry so far,
and return its contribution. Matching itself is pure (citypact.domain.reconcile); here we only
shape records and candidates and turn matches into registry rows."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from babel import Locale

from citypact.domain.names import country_lookup, fold_ascii, map_unique, resolve_country, slugify
from citypact.domain.reconcile import keep_one_per_key, match_nearby, match_records
from citypact.reference import catalog as src

UNMATCHED_SCHEMA: dict[str, pl.DataType] = {
    "source": pl.Utf8(),
    "row": pl.Int64(),
    "name": pl.Utf8(),
    "country": pl.Utf8(),
    "reason": pl.Utf8(),
}
OUTCOME_SCHEMA: dict[str, pl.DataType] = {
    **UNMATCHED_SCHEMA,
    "key": pl.Utf8(),
    "name_score": pl.Float64(),
    "distance_km": pl.Float64(),
}
STAT_SCHEMA: dict[str, pl.DataType] = {
    "key": pl.Utf8(),
    "year": pl.Int32(),
    "variable": pl.Utf8(),
    "value": pl.Float64(),
    "unit": pl.Utf8(),
    "source": pl.Utf8(),
    "note": pl.Utf8(),
}
CAND_COLUMNS = ("key", "country", "name", "lat", "lon", "population")
LATIN = r"^[\p{Latin}\p{M}\s\p{P}\p{S}\d]+$"
_COUNTRY_DISPLAY = {
    "Korea South": "South Korea",
    "Korea North": "North Korea",
    "Bahamas The": "The Bahamas",
    "Gambia The": "The Gambia",
    "Micronesia Federated States Of": "Micronesia",
    "Côte D’Ivoire": "Côte d’Ivoire",
    "Vatican City": "Vatican City",
    "Burma": "Myanmar",
    "Swaziland": "Eswatini",
    "Macedonia": "North Macedonia",
    "Falkland Islands (Islas Malvinas)": "Falkland Islands",
}


@dataclass(frozen=True)
class SourceMatch:
    """Outcome of reconciling one source: records read, matched, added as new cities, and one
    row per record (OUTCOME_SCHEMA: key null and a reason when unmatched)."""

    source: str
    read: int
    matched: int
    added: int
    outcomes: pl.DataFrame

    @property
    def unmatched(self) -> pl.DataFrame:
        """Records without a registry city (UNMATCHED_SCHEMA)."""
        return self.outcomes.filter(pl.col("key").is_null()).select(list(UNMATCHED_SCHEMA))


# Degree-day source codes: gea = Nangini's GEA+ per-city figure; nangini_clim = its climatological one.
DD_NOTE = "{} °C; year = emission year"


def stat_rows(frame: pl.DataFrame, **const: str | int | None) -> pl.DataFrame:
    """Shape rows into city_statistics columns; `const` fills columns missing from `frame`."""
    cols = [pl.col(c) if c in frame.columns else pl.lit(const.get(c)).alias(c) for c in STAT_SCHEMA]
    out = frame.select(cols).cast(STAT_SCHEMA)  # type: ignore[arg-type]
    return out.filter(pl.col("value").is_not_null() & pl.col("year").is_not_null())


# --------------------------------------------------------------------------- countries


def countries_frame(sm: pl.DataFrame) -> pl.DataFrame:
    """iso2, iso3, English name from simplemaps, with its terse names made readable."""
    names = pl.col("country_name").replace(_COUNTRY_DISPLAY).str.replace_all(" And ", " and ")
    return (
        sm.select("iso2", "iso3", name=names.str.replace_all(" Of ", " of ").str.replace(" The ", " the "))
        .unique("iso2", keep="first", maintain_order=True)
        .sort("iso2")
    )


def country_index(sm: pl.DataFrame, countries: pl.DataFrame) -> dict[str, str]:
    """Normalized country label -> ISO2, from simplemaps names, CLDR English names (babel) for
    the same codes, and the alias table for Wikipedia/CDP spellings."""
    codes = set(countries["iso2"].to_list())
    cldr = [(n, c) for c, n in Locale("en").territories.items() if c in codes]
    return country_lookup(
        sm.select("country_name", "iso2").unique().iter_rows(),
        countries.select("name", "iso2").iter_rows(),
        cldr,
    )


def resolve_column(labels: pl.Series, lookup: dict[str, str]) -> pl.Series:
    """ISO2 for a column of free-text country labels (null where unknown)."""

    def resolve(label: str) -> str | None:
        return resolve_country(label, lookup)

    return map_unique(labels, resolve)


# ------------------------------------------------------------------------------ matching


# Records filed under the first country may be registry cities of the others ("Hong Kong, China").
COUNTRY_OVERLAPS = {"CN": ("HK", "MO")}


def _expand_countries(records: pl.DataFrame) -> pl.DataFrame:
    extra = [
        records.filter(pl.col("country") == parent).with_columns(country=pl.lit(child))
        for parent, children in COUNTRY_OVERLAPS.items()
        for child in children
    ]
    return pl.concat([records, *extra])


def two_pass_match(
    records: pl.DataFrame,
    record_alts: pl.DataFrame | None,
    primary: pl.DataFrame,
    alternates: pl.DataFrame,
    *,
    one_to_one: bool,
    name_fallback: bool = False,
) -> pl.DataFrame:
    """Fuzzy match on primary names, then exact match of all name variants (alternate names on
    either side) for the records still unmatched. records: ref, country, name, lat, lon.

    name_fallback: for sources with unreliable self-reported coordinates (CDP, Nangini), a
    record whose same-named city lies beyond the distance limit is matched on the name alone
    when that is unambiguous in the country; its reason says so.
    """
    records = _expand_countries(records)
    first = match_records(records, primary)
    open_refs = first.filter(pl.col("key").is_null())["ref"].implode()
    rest = records.filter(pl.col("ref").is_in(open_refs))
    if record_alts is not None:
        rest = pl.concat([rest, _expand_countries(record_alts).filter(pl.col("ref").is_in(open_refs))])
    second = match_records(rest, pl.concat([primary, alternates]), fuzzy=False)
    both = first.join(second, on="ref", how="left", suffix="_2")
    use2 = pl.col("key").is_null() & pl.col("key_2").is_not_null()
    merged = both.select(
        "ref",
        *(
            pl.when(use2).then(pl.col(f"{c}_2")).otherwise(pl.col(c)).alias(c)
            for c in ("key", "name_score", "distance_km", "score", "reason")
        ),
    )
    if name_fallback:
        far = merged.filter(pl.col("key").is_null() & pl.col("reason").str.starts_with("same name"))
        no_coords = records.filter(pl.col("ref").is_in(far["ref"].implode())).with_columns(
            lat=pl.lit(None, pl.Float64), lon=pl.lit(None, pl.Float64)
        )
        by_name = (
            match_records(no_coords, primary)
            .filter(pl.col("key").is_not_null())
            .drop("reason")
            .join(far.select("ref", "reason"), on="ref")
            .with_columns(reason=pl.lit("name only, coordinates disagree: ") + pl.col("reason"))
        )
        merged = pl.concat([merged.join(by_name.select("ref"), on="ref", how="anti"), by_name])
    return keep_one_per_key(merged) if one_to_one else merged


def outcome_rows(
    source: str, records: pl.DataFrame, matches: pl.DataFrame, ref_rows: pl.DataFrame | None = None
) -> pl.DataFrame:
    """OUTCOME_SCHEMA rows, one per ref; records give the name and country_label shown, and
    ref_rows (ref, row) the row reference (default: the ref itself)."""
    first = records.unique("ref", keep="first", maintain_order=True)
    rows = ref_rows if ref_rows is not None else first.select("ref", row="ref")
    return (
        matches.join(first.select("ref", "name", country=pl.col("country_label")), on="ref", how="left")
        .join(rows, on="ref", how="left")
        .select(pl.lit(source).alias("source"), *(c for c in OUTCOME_SCHEMA if c != "source"))
        .cast(OUTCOME_SCHEMA)  # type: ignore[arg-type]
        .sort("row", nulls_last=True)
    )


# -------------------------------------------------------------------------------- steps


def simplemaps_cities(sm: pl.DataFrame) -> pl.DataFrame:
    """Base registry rows, one per simplemaps city, keyed "sm:<id>"."""
    return sm.select(
        key=pl.lit("sm:") + pl.col("sm_id").cast(pl.Utf8),
        name="name",
        name_ascii="name_ascii",
        country="iso2",
        admin_area="admin_name",
        lat="lat",
        lon="lon",
        capital="capital",
        population="population",
    )


def geonames_step(gn: pl.DataFrame, primary: pl.DataFrame) -> tuple[SourceMatch, pl.DataFrame, pl.DataFrame]:
    """Match GeoNames to simplemaps. Returns the report, links (key, geonames_id, population,
    lat, lon) and every GeoNames name of matched cities (key, name)."""
    recs = pl.concat(
        [
            gn.select(ref="row", country="country", name="name", lat="lat", lon="lon"),
            gn.select(ref="row", country="country", name="ascii_name", lat="lat", lon="lon"),
        ]
    )
    alts = (
        gn.select(
            ref="row", country="country", name=pl.col("alternate_names").str.split(","), lat="lat", lon="lon"
        )
        .explode("name")
        .filter(pl.col("name").str.contains(LATIN))
    )
    matches = two_pass_match(recs, alts, primary, primary.clear(), one_to_one=True)
    links = matches.filter(pl.col("key").is_not_null()).join(
        gn.select(ref="row", geonames_id="geonames_id", population="population", lat="lat", lon="lon"),
        on="ref",
    )
    names = (
        gn.select("row", name=pl.concat_list("name", "ascii_name", pl.col("alternate_names").str.split(",")))
        .explode("name")
        .join(links.select(row="ref", key="key"), on="row")
        .select("key", "name")
    )
    report = SourceMatch(
        src.GEONAMES,
        gn.height,
        links.height,
        0,
        outcome_rows(src.GEONAMES, recs.with_columns(country_label="country"), matches),
    )
    return report, links.select("key", "geonames_id", "population", "lat", "lon"), names


def nangini_step(
    ng: pl.DataFrame, lookup: dict[str, str], primary: pl.DataFrame, alternates: pl.DataFrame
) -> tuple[SourceMatch, pl.DataFrame, pl.DataFrame]:
    """Match Nangini's 343 cities; unmatched ones with a known country become new cities keyed
    "nangini:<name-iso2 slug>". Returns report, key per row (row, key) and the new city rows."""
    ng = ng.with_columns(country=resolve_column(ng["country_name"], lookup))
    base = {"ref": "row", "country": "country", "lat": "lat", "lon": "lon", "country_label": "country_name"}
    recs = pl.concat([ng.select(name=c, **base) for c in ("name", "name_cdp", "name_carbonn")]).filter(
        pl.col("name").is_not_null()
    )
    base_recs = recs.drop("country_label")
    matches = two_pass_match(base_recs, None, primary, alternates, one_to_one=True, name_fallback=True)
    open_refs = matches.filter(pl.col("key").is_null() & ~pl.col("reason").str.contains("already matched"))[
        "ref"
    ].implode()
    pops = ng.select(ref="row", population="population")
    near = (
        match_nearby(base_recs.filter(pl.col("ref").is_in(open_refs)).join(pops, on="ref"), primary)
        .join(matches.select("ref", old="reason"), on="ref")
        .with_columns(reason=pl.lit("nearby loose name match: ") + pl.col("old"))
        .drop("old")
    )
    matches = keep_one_per_key(pl.concat([matches.join(near, on="ref", how="anti"), near]))
    addable = (
        matches.filter(pl.col("key").is_null() & ~pl.col("reason").str.contains("already matched"))
        .join(ng.rename({"row": "ref"}), on="ref")
        .filter(pl.col("country").is_not_null() & pl.col("lat").is_not_null())
    )
    new = addable.select(
        "ref",
        key=pl.lit("nangini:") + map_unique(addable["name"] + "-" + addable["country"], slugify),
        name="name",
        name_ascii=map_unique(addable["name"], fold_ascii),
        country="country",
        admin_area=pl.lit(None, pl.Utf8),
        lat="lat",
        lon="lon",
        capital=pl.lit(None, pl.Utf8),
        population=pl.col("population").round(0).cast(pl.Int64),
    )
    keys = matches.select("ref", "key").join(new.select("ref", new_key="key"), on="ref", how="left")
    keys = keys.select(row="ref", key=pl.coalesce("key", "new_key"))
    added = new.select("ref", new_key="key")
    outcomes = matches.join(added, on="ref", how="left").select(
        "ref",
        key=pl.coalesce("key", "new_key"),
        name_score="name_score",
        distance_km="distance_km",
        score="score",
        reason=pl.when(pl.col("new_key").is_not_null())
        .then(pl.lit("added as a new city: ") + pl.col("reason"))
        .otherwise(pl.col("reason")),
    )
    report = SourceMatch(
        src.NANGINI,
        ng.height,
        matches.filter(pl.col("key").is_not_null()).height,
        new.height,
        outcome_rows(src.NANGINI, recs, outcomes),
    )
    return report, keys.filter(pl.col("key").is_not_null()), new.drop("ref")


def nangini_statistics(ng: pl.DataFrame, keys: pl.DataFrame) -> pl.DataFrame:
    """Population, area, GDP-PPP, HDD and CDD of Nangini cities as city_statistics rows."""
    d = ng.join(keys, on="row")
    ny = src.NANGINI
    dd_source = (
        pl.when(pl.col("dd_source") == "gea")
        .then(pl.lit(src.NANGINI_DD_GEA))
        .otherwise(pl.lit(src.NANGINI_DD_CLIM))
    )
    pop_year = pl.coalesce("population_year", "emission_year")
    parts = [
        stat_rows(
            d.select(
                "key",
                year=pop_year,
                value="population",
                note=pl.when(pl.col("population_year").is_null()).then(
                    pl.lit("Population (others); no year given, emission year used")
                ),
            ),
            variable="population",
            unit="persons",
            source=ny,
        ),
        stat_rows(
            d.select(
                "key",
                year=pl.coalesce("area_year", pop_year),
                value="area_km2",
                note=pl.when(pl.col("area_year").is_null()).then(
                    pl.lit("City area (others); no year given, population year used")
                ),
            ),
            variable="area_km2",
            unit="km2",
            source=ny,
        ),
        # values under 1 billion USD are unit errors in the source (Chinese cities, 0 entries)
        stat_rows(
            d.filter(pl.col("gdp_ppp_usd") >= 1e9).select(
                "key",
                year="gdp_ppp_year",
                value="gdp_ppp_usd",
                note=pl.lit("GDP-PPP (others), source in billion USD"),
            ),
            variable="gdp_ppp_usd",
            unit="USD",
            source=ny,
        ),
        # The city's own degree days (domain.degree_days); the note names their source code.
        stat_rows(
            d.filter(pl.col("hdd").is_not_null()).select(
                "key",
                year="emission_year",
                value="hdd",
                source=dd_source,
                note=pl.lit(DD_NOTE.format("HDD base 15.5")),
            ),
            variable="hdd",
            unit="degC*day",
        ),
        stat_rows(
            d.filter(pl.col("cdd").is_not_null()).select(
                "key",
                year="emission_year",
                value="cdd",
                source=dd_source,
                note=pl.lit(DD_NOTE.format("CDD base 23")),
            ),
            variable="cdd",
            unit="degC*day",
        ),
    ]
    return pl.concat(parts)
