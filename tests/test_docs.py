"""The README against the code (datasette's documentation tests are the model): every CLI command,
API path family and page is in the README's tables, nothing there is missing from the code, and the
figures the README takes from the shipped data are the data's."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import iter_route_contexts
from typer.main import get_command

from citypact.app import create_app
from citypact.cli.main import app as cli_app
from citypact.config import Settings
from citypact.domain.text import fold
from citypact.reference.cases import read_best_practice_cases
from citypact.reference.measures import read_measure_catalogue
from citypact.reference.public_targets import read_public_targets
from citypact.reference.registry import read_bundle
from citypact.reference.reported_emissions import read_reported
from citypact.services.auth.passwords import common_passwords
from citypact.web.router import router as web_router

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
CODE = re.compile(r"`([^`]+)`")


def _section(title: str) -> str:
    """The README's text under `## title`, up to the next heading of that level."""
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end >= 0 else None]


def _first_column(title: str) -> list[str]:
    """The code spans of the first column of the first table under `## title` (pipes in a cell
    are escaped as in GitHub's tables)."""
    lines = _section(title).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("|")), len(lines))
    rows = lines[start + 2 : end]  # below the header and its rule
    cells = [re.split(r"(?<!\\)\|", row)[1].replace("\\|", "|") for row in rows]
    return [span for cell in cells for span in CODE.findall(cell)]


def _template(path: str) -> str:
    """A route path with its parameters unnamed, so `/cities/{id}` matches `/cities/{city_id}`."""
    return re.sub(r"\{[^}]*\}", "{}", path)


def _family(path: str) -> str:
    """A path's first segment, without a file extension: `/tours.pdf` belongs to `/tours`."""
    return "/" + path.strip("/").split("/")[0].split(".")[0]


# --- the command line ----------------------------------------------------------------------------


def _commands(command: Any, words: tuple[str, ...]) -> Iterator[tuple[str, Any]]:
    subcommands = getattr(command, "commands", None)
    if subcommands:
        for name, sub in subcommands.items():
            yield from _commands(sub, (*words, name))
    else:
        yield " ".join(words), command


COMMANDS = dict(_commands(get_command(cli_app), ("citypact",)))


def _documented_commands() -> dict[str, list[str]]:
    """Each command in the README's table (its words up to the first argument or option) with the
    synopses that show it."""
    found: dict[str, list[str]] = {}
    for synopsis in _first_column("Command line"):
        words = re.match(r"citypact(?: [a-z][a-z-]*)*", synopsis)
        assert words is not None, f"not a citypact command: {synopsis}"
        found.setdefault(words[0], []).append(synopsis)
    return found


def test_every_command_is_in_the_readme() -> None:
    missing = set(COMMANDS) - set(_documented_commands())
    assert not missing, f"add a row to the README's command table for: {sorted(missing)}"


def test_every_command_in_the_readme_exists_with_its_options() -> None:
    for command, synopses in _documented_commands().items():
        assert command in COMMANDS, f"the README's command table names {command!r}, which does not exist"
        options = {option for parameter in COMMANDS[command].params for option in parameter.opts}
        for synopsis in synopses:
            unknown = set(re.findall(r"--[a-z][a-z0-9-]*", synopsis)) - options
            assert not unknown, f"{synopsis}: {command} has no {sorted(unknown)}"


# --- the API -------------------------------------------------------------------------------------


@cache
def _openapi() -> dict[str, Any]:
    schema: dict[str, Any] = create_app(Settings(database_url="sqlite://", secret_key="docs")).openapi()
    return schema


def _operations() -> set[tuple[str, str]]:
    return {(method.upper(), _template(path)) for path, ops in _openapi()["paths"].items() for method in ops}


def test_every_api_path_family_is_in_the_readme_and_no_other() -> None:
    families = {
        _family(path[len("/api/v1") :]) for path in _openapi()["paths"] if path.startswith("/api/v1/")
    }
    documented = [span.removeprefix("/api/v1") for span in _first_column("REST API")]
    assert len(documented) == len(set(documented)), "a path family is in the API table twice"
    assert families - set(documented) == set(), "add these path families to the README's API table"
    assert set(documented) - families == set(), "the README's API table names path families that do not exist"


def test_every_api_call_the_readme_names_exists() -> None:
    operations = _operations()
    paths = {path for _, path in operations}
    for match in re.finditer(
        r"((?:GET|POST|PUT|PATCH|DELETE)(?:/(?:GET|POST|PUT|PATCH|DELETE))*) (/api/v1/[^\s`,)?]*)", README
    ):
        for method in match[1].split("/"):
            assert (method, _template(match[2])) in operations, f"the README names {method} {match[2]}"
    for match in re.finditer(r"`(/api/v1/[^\s`,)?]*)", README):  # a path, or the start of some
        named = _template(match[1])
        assert any(path == named or path.startswith(named + "/") for path in paths), (
            f"the README names {named}"
        )


# --- the pages -----------------------------------------------------------------------------------


def _page_paths() -> set[str]:
    return {
        str(route.path)
        for route in iter_route_contexts(web_router.routes)
        if route.methods and "GET" in route.methods
    }


def test_every_page_is_in_the_readme() -> None:
    documented = {_family(path) for path in _first_column("Pages")}
    missing = {_family(path) for path in _page_paths()} - documented
    assert not missing, f"add these pages to the README's page table: {sorted(missing)}"


def test_every_page_in_the_readme_exists() -> None:
    pages = {_template(path) for path in _page_paths()}
    for path in _first_column("Pages"):
        assert _template(path) in pages, f"the README's page table names {path}, which is no page"


# --- figures from the data -----------------------------------------------------------------------


def _seed_cases_in_registry() -> int:
    """The seed cases whose city the shipped registry holds (found as `cases.load_seed_cases` finds
    them: a name among the city's folded names, in the same country)."""
    cities = read_bundle().cities
    names = {
        (country, fold(name))
        for country, *spellings in cities.select("country", "name", "name_ascii", "alt_names").iter_rows()
        for spelling in spellings
        if spelling
        for name in str(spelling).split("|")
    }
    cases = read_best_practice_cases()
    return sum(
        (country, fold(city)) in names for city, country in cases.select("city", "country").iter_rows()
    )


@pytest.mark.parametrize(
    ("phrase", "figure"),
    [
        ("{} measure types", lambda: read_measure_catalogue().height),
        ("{} verified seed cases", lambda: read_best_practice_cases().height),
        ("`make run` loads the {} whose city the shipped registry holds", _seed_cases_in_registry),
        ("{} targets of", lambda: read_public_targets().height),
        ("targets of {} cities", lambda: read_public_targets()["city_key"].n_unique()),
        ("the Scope-1 totals {} registry cities reported", lambda: read_reported()["city_key"].n_unique()),
        ("the {} most common", lambda: len(common_passwords())),
    ],
)
def test_the_readmes_figures_are_the_datas(phrase: str, figure: Any) -> None:
    pattern = re.escape(phrase).replace(r"\{\}", r"([\d,]+)")
    found = re.search(pattern, README)
    assert found is not None, f"the README no longer says {phrase!r}: update this test"
    assert int(found[1].replace(",", "")) == figure(), (
        f"the README says {found[0]!r}; the data say {figure()}"
    )


# --- counts in docs/ ------------------------------------------------------------------------------

DOCS = Path(__file__).parents[1] / "docs"


def _reported_cities_with(years: int) -> int:
    per_city = read_reported().group_by("city_key").len()
    return int((per_city["len"] == years).sum())


@pytest.mark.parametrize(
    ("doc", "phrase", "figure"),
    [
        ("benchmark_model.md", "Coverage.** {} rows of", lambda: read_reported().height),
        ("benchmark_model.md", "rows of {} cities, 1994", lambda: read_reported()["city_key"].n_unique()),
        ("benchmark_model.md", "({} two,", lambda: _reported_cities_with(2)),
        ("benchmark_model.md", "two, {} three,", lambda: _reported_cities_with(3)),
        ("benchmark_model.md", "three, {} four)", lambda: _reported_cities_with(4)),
        ("benchmark_model.md", "; {} have one.", lambda: _reported_cities_with(1)),
        (
            "benchmark_model.md",
            "one. {} rows are CO2e",
            lambda: int((read_reported()["gas_basis"] == "CO2e").sum()),
        ),
        ("benchmark_model.md", "and {} CO2; ", lambda: int((read_reported()["gas_basis"] == "CO2").sum())),
        (
            "benchmark_model.md",
            "{} are flagged implausible",
            lambda: int(read_reported()["implausible"].sum()),
        ),
        ("benchmark_model.md", "all {} rows load", lambda: read_reported().height),
        ("benchmarks.md", "this 2-core machine, {} cities)", lambda: read_bundle().cities.height),
        ("matching.md", "the shipped registry: {} published cities", lambda: read_bundle().cities.height),
    ],
)
def test_the_docs_counts_are_the_datas(doc: str, phrase: str, figure: Any) -> None:
    text = " ".join((DOCS / doc).read_text(encoding="utf-8").split())  # phrases may wrap
    found = re.search(re.escape(phrase).replace(r"\{\}", r"([\d,]+)"), text)
    assert found is not None, f"{doc} no longer says {phrase!r}: update this test"
    assert int(found[1].replace(",", "")) == figure(), f"{doc} says {found[0]!r}; the data say {figure()}"
