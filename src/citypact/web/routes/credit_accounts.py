"""Credit accounts as pages: the accounts a person may open and an account's statement (blocks
held with their serial ranges, what the owner retired, the ledger rows that touched it, totals),
also as CSV (columns: services.credits.statements.STATEMENT_COLUMNS)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from citypact.http.deps import CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.http.downloads import attachment
from citypact.i18n.credit_labels import CREDIT_LABELS
from citypact.services.credits import statements
from citypact.web.pages import render

router = APIRouter(route_class=ReleasingRoute)


@router.get("/credits/accounts", response_class=HTMLResponse)
def my_accounts(request: Request, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    """The holding accounts of the person's cities and organisations (all, for registry officers)."""
    return render(
        request, "credit_accounts.html", accounts=statements.my_accounts(session, actor), labels=CREDIT_LABELS
    )


@router.get("/credits/accounts/{account_id}", response_class=HTMLResponse)
def account_page(request: Request, account_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    seen = statements.account_statement(session, actor, account_id)
    return render(request, "credit_account.html", s=seen, labels=CREDIT_LABELS)


@router.get("/credits/accounts/{account_id}/statement.csv", response_class=Response)
def statement_csv(account_id: PathId, session: ReadDB, actor: CurrentActor) -> Response:
    seen = statements.account_statement(session, actor, account_id)
    return Response(
        statements.statement_csv(seen),
        media_type="text/csv; charset=utf-8",
        headers=attachment(f"credit-statement-{account_id}.csv"),
    )
