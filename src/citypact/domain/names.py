"""Place-name and country-label normalization for reconciling city lists (pure, no I/O).

Every source spells cities differently ("Saint-Étienne", "St. Etienne", "City of Sydney",
"Suwon-si", "Kraków (urban gmina)"); matching compares the normalized forms made here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from functools import cache

import polars as pl

# Letters NFKD does not decompose to ASCII, and typographic apostrophes.
_SPECIAL = str.maketrans(
    {
        "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
        "þ": "th", "Þ": "Th", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ı": "i",
        "ß": "ss", "ħ": "h", "Ħ": "H", "ŧ": "t", "‘": "'", "’": "'", "ʻ": "'", "ʼ": "'",
        "`": "'", "´": "'", "–": "-", "—": "-",
    }
)  # fmt: skip

# Token sequences that name the kind of local government, not the place.
_PREFIXES = tuple(
    tuple(p.split())
    for p in (
        "city and county of", "city of", "town of", "village of", "borough of", "township of",
        "municipality of", "metropolitan municipality of", "municipal council of", "municipality",
        "greater", "ville de", "commune de", "comune di", "citta di", "citta metropolitana di",
        "prefeitura municipal de", "prefeitura municipal da", "prefeitura municipal do",
        "prefeitura de", "prefeitura da", "prefeitura do", "municipio de", "municipalidad de",
        "municipalidad metropolitana de", "municipalidad distrital de", "municipalidad provincial de",
        "gobierno municipal de", "la ciudad de", "ciudad de", "intendencia municipal de",
        "intendencia de", "distrito metropolitano de", "ayuntamiento de",
        "ajuntament de", "alcaldia de", "alcaldia mayor de", "gobierno de", "concello de",
        "camara municipal de", "gemeente", "stadt", "landeshauptstadt", "freie und hansestadt",
        "hansestadt", "kota", "kabupaten", "miasto", "mesto", "grad", "comuna",
    )
)  # fmt: skip
_SUFFIXES = tuple(
    tuple(s.split())
    for s in (
        "metropolitan municipality", "local municipality", "municipal corporation",
        "metropolitan government", "city government", "city administration", "city council",
        "metropolitan city", "city", "municipality", "township", "twp", "borough", "municipal",
        "metropolitan", "council", "government", "kommune", "kommun", "gemeinde", "shi", "si",
        "urban gmina", "municipio", "chengguanzhen",
    )
)  # fmt: skip
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sankt": "saint", "mt": "mount", "ft": "fort"}

# A qualifier made only of one of these marks an area that is not the city itself:
# "Suwałki (rural gmina)" or "Cook County" must not be matched to the town of that name.
NON_CITY_QUALIFIERS = frozenset(
    {
        "district", "county", "rural gmina", "gmina", "rural district", "rural municipality",
        "microregion", "region", "province", "prefecture", "oblast", "raion", "rayon",
        "department", "local government district", "canton", "state", "parish", "regency",
    }
)  # fmt: skip
_TRAILING_NON_CITY = frozenset({"district", "county", "oblast", "raion", "rayon", "regency"})

_PAREN = re.compile(r"\(([^)]*)\)")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@cache
def fold_ascii(text: str) -> str:
    """Strip diacritics and map special Latin letters to ASCII ("Łódź" -> "Lodz").

    Non-Latin scripts pass through unchanged; case is kept.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _tokens(text: str) -> list[str]:
    """Lower-case ASCII tokens; apostrophes vanish ("Xi'an" -> "xian"), other punctuation splits."""
    folded = fold_ascii(text).casefold().replace("'", "").replace("&", " and ")
    return [_ABBREVIATIONS.get(t, t) for t in _NON_ALNUM.split(folded) if t]


def _strip_affixes(tokens: list[str]) -> list[str]:
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIXES:
            n = len(prefix)
            if len(tokens) > n and tuple(tokens[:n]) == prefix:
                tokens, changed = tokens[n:], True
                break
        for suffix in _SUFFIXES:
            n = len(suffix)
            if len(tokens) > n and tuple(tokens[-n:]) == suffix:
                tokens, changed = tokens[:-n], True
                break
    return tokens


@cache
def normalize_name(name: str) -> str:
    """Comparable form of a place name: ASCII, lower case, single spaces, without
    parenthetical qualifiers, text after a comma, or local-government words
    ("City of Cape Town" -> "cape town", "Suwon-si" -> "suwon", "St. Gallen" -> "saint gallen").
    """
    base = _PAREN.sub(" ", name).split(",")[0]
    tokens = _strip_affixes(_tokens(base))
    return " ".join(tokens)


@cache
def non_city_qualifier(name: str) -> str | None:
    """The qualifier that marks `name` as a district/county/rural area, else None.

    "Kaiserslautern (district)" -> "district", "Cook County" -> "county", "Frankfurt (Oder)" -> None.
    """
    for inner in _PAREN.findall(name):
        key = " ".join(_tokens(inner))
        if key in NON_CITY_QUALIFIERS:
            return key
    tokens = _tokens(_PAREN.sub(" ", name).split(",")[0])
    if len(tokens) > 1 and tokens[-1] in _TRAILING_NON_CITY:
        return tokens[-1]
    return None


def map_unique(values: pl.Series, fn: Callable[[str], str | None]) -> pl.Series:
    """Apply a str function once per distinct value of a column (names repeat a lot)."""
    uniq = values.unique().drop_nulls().to_list()
    mapping = {v: fn(v) for v in uniq}
    return values.replace_strict(mapping, default=None, return_dtype=pl.Utf8)


def normalize_column(names: pl.Series) -> pl.Series:
    """`normalize_name` over a column of names."""
    return map_unique(names, normalize_name)


def letters_key(name: str) -> str:
    """Upper-case ASCII letters only, as UN/LOCODE location codes are built ("Zürich" -> "ZURICH")."""
    return re.sub(r"[^A-Z]", "", fold_ascii(name).upper())


def slugify(text: str) -> str:
    """URL-safe ASCII slug ("São Paulo" -> "sao-paulo") for stable natural keys."""
    return "-".join(_NON_ALNUM.split(fold_ascii(text).casefold().replace("'", ""))).strip("-")


# ---------------------------------------------------------------------------- countries

# Labels used by Wikipedia, CDP, Nangini and OWID that neither simplemaps nor CLDR spell this way.
COUNTRY_ALIASES: Mapping[str, str] = {
    "England": "GB", "Scotland": "GB", "Wales": "GB", "Northern Ireland": "GB",
    "Great Britain": "GB", "UK": "GB",
    "United Kingdom of Great Britain and Northern Ireland": "GB",
    "USA": "US", "United States of America": "US", "U.S.A.": "US",
    "Republic of Ireland": "IE", "Georgia (country)": "GE", "Czech Republic": "CZ",
    "South Korea": "KR", "Republic of Korea": "KR", "Korea, Republic of": "KR",
    "North Korea": "KP", "Democratic People's Republic of Korea": "KP",
    "Palestine": "PS", "State of Palestine": "PS", "West Bank": "PS",
    "Cape Verde": "CV", "Northern Cyprus": "CY", "Western Sahara": "EH",
    "Ivory Coast": "CI", "Cote d'Ivoire": "CI", "Moldavia": "MD", "Republic of Moldova": "MD",
    "Surinam": "SR", "Grece": "GR", "Madagaskar": "MG", "Island": "IS", "Kazakhstah": "KZ",
    "Micronesia": "FM", "Federated States of Micronesia": "FM", "East Timor": "TL",
    "Democratic Republic of the Congo": "CD", "DR Congo": "CD", "Congo": "CG",
    "Republic of the Congo": "CG", "Gambia": "GM", "Bahamas": "BS", "Myanmar": "MM",
    "Eswatini": "SZ", "North Macedonia": "MK", "Russian Federation": "RU", "Viet Nam": "VN",
    "United Republic of Tanzania": "TZ", "Hong Kong": "HK",
    "China, Hong Kong Special Administrative Region": "HK", "Macao": "MO",
    "Taiwan, Greater China": "TW", "Bosnia and Hercegovina": "BA", "Holy See": "VA",
    "Vatican City": "VA", "Turkiye": "TR", "Brunei Darussalam": "BN",
    "Iran (Islamic Republic of)": "IR", "Syrian Arab Republic": "SY",
    "Lao People's Democratic Republic": "LA", "Falkland Islands": "FK",
    "Bolivia (Plurinational State of)": "BO", "Venezuela (Bolivarian Republic of)": "VE",
}  # fmt: skip


def country_key(label: str) -> str:
    """Comparable form of a country label ("Côte D’Ivoire" -> "cote divoire", "The Gambia" -> "gambia")."""
    tokens = [t for t in _tokens(label) if t not in {"the", "of", "and"}]
    return " ".join(tokens)


def country_lookup(*named_codes: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Map normalized country labels to ISO2 from (label, iso2) pairs, earlier sources winning,
    then the alias table."""
    lookup: dict[str, str] = {}
    for pairs in (*named_codes, COUNTRY_ALIASES.items()):
        for label, iso2 in pairs:
            lookup.setdefault(country_key(label), iso2)
    return lookup


def resolve_country(label: str | None, lookup: Mapping[str, str]) -> str | None:
    """ISO2 of a free-text country label, or None.

    Tries the whole label, then without parentheses, then each comma part from the left
    ("England, United Kingdom" -> GB, "Rauma, Norway" -> NO), and drops a leading "in ".
    """
    if not label:
        return None
    text = re.sub(r"^\s*in\s+", "", label.strip(), flags=re.IGNORECASE)
    attempts = [text, _PAREN.sub(" ", text), *text.split(",")]
    for attempt in attempts:
        code = lookup.get(country_key(attempt))
        if code:
            return code
    return None
