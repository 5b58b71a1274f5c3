"""The open data: a page listing every public dataset, each as CSV and Parquet, and the Frictionless
data package describing them at /open-data/datapackage.json. What goes in: services/open_data."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response

from citypact.http.deps import ReadDB, ReleasingRoute
from citypact.services.errors import NotFound
from citypact.services.open_data import catalogue
from citypact.web.pages import render

router = APIRouter(route_class=ReleasingRoute, prefix="/open-data")
TABLES = "/open-data/tables/"
Name = Annotated[str, Path(max_length=40, pattern=r"^[a-z_]+$")]


@router.get("", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    return render(request, "open_data.html", datasets=catalogue.DATASETS, base=TABLES)


@router.get("/datapackage.json", response_class=Response)
def datapackage() -> Response:
    """The Frictionless data package: every dataset's fields, types, units, licences and sources."""
    return Response(
        json.dumps(catalogue.datapackage(TABLES), ensure_ascii=False, indent=1),
        media_type="application/json",
        headers={"Content-Disposition": 'inline; filename="datapackage.json"'},
    )


def _dataset(name: str) -> catalogue.Dataset:
    found = catalogue.dataset(name)
    if found is None:
        raise NotFound("dataset", name)
    return found


@router.get("/tables/{name}.csv", response_class=Response)
def table_csv(name: Name, session: ReadDB) -> Response:
    ds = _dataset(name)
    return Response(
        catalogue.csv_bytes(catalogue.table(session, ds)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{ds.name}.csv"'},
    )


@router.get("/tables/{name}.parquet", response_class=Response)
def table_parquet(name: Name, session: ReadDB) -> Response:
    ds = _dataset(name)
    return Response(
        catalogue.parquet_bytes(catalogue.table(session, ds)),
        media_type="application/vnd.apache.parquet",
        headers={"Content-Disposition": f'attachment; filename="{ds.name}.parquet"'},
    )
