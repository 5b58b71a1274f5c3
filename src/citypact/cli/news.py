"""`citypact news`: a network's news posts, read and written as the operator. JSON is the REST
API's."""

from __future__ import annotations

from pathlib import Path

import typer

from citypact.api.schemas.news import NewsListOut, NewsOut
from citypact.cli.context import OPERATOR, fail, reading, writing
from citypact.cli.output import Format, emit, format_option
from citypact.services.portal import news

app = typer.Typer(help="A network's news posts (its public portal and Atom feed).", no_args_is_help=True)
BODY_FILE_MAX = 200_000  # bytes read from --body-file; the service bounds the text itself


@app.command("list")
def list_posts(
    slug: str = typer.Argument(..., help="the network's slug, e.g. c40"),
    drafts: bool = typer.Option(False, "--drafts", help="list drafts too"),
    limit: int = typer.Option(20, "--limit", min=1, max=news.MAX_PAGE, help="at most this many posts"),
    output: Format = format_option(Format.TABLE),
) -> None:
    """The network's posts, the newest first (published ones unless --drafts)."""
    with reading() as session:
        found = news.list_news(session, OPERATOR, slug, drafts=drafts, limit=limit)
    listed = NewsListOut(total=found.total, posts=[NewsOut.model_validate(p) for p in found.posts])
    rows: list[dict[str, object]] = [
        {
            "id": p.id,
            "title": p.title,
            "language": p.language,
            "status": p.status,
            "published_at": p.published_at.isoformat() if p.published_at else "",
        }
        for p in listed.posts
    ]

    def table() -> None:
        if not listed.posts:
            typer.echo("no news")
        for p in listed.posts:
            when = p.published_at.date().isoformat() if p.published_at else "draft"
            typer.echo(f"{p.id:>6}  {when:<10}  {p.language}  {p.title}")

    emit(output, listed, table=table, rows=rows)


@app.command("post")
def post(
    slug: str = typer.Argument(..., help="the network's slug, e.g. c40"),
    title: str = typer.Option(..., "--title", help="the post's title"),
    body_file: Path = typer.Option(
        ..., "--body-file", help="a UTF-8 text file; a blank line starts a new paragraph", dir_okay=False
    ),
    language: str = typer.Option("en", "--language", help="en, de or ja"),
    publish: bool = typer.Option(False, "--publish", help="publish now (else a draft)"),
) -> None:
    """Write a news post for the network, a draft unless --publish."""
    try:
        raw = body_file.read_bytes()[: BODY_FILE_MAX + 1]
    except OSError as error:
        fail(f"--body-file: cannot read {body_file} ({error.strerror}).")
    if len(raw) > BODY_FILE_MAX:
        fail(f"--body-file: {body_file} is longer than {BODY_FILE_MAX} bytes; shorten the text.")
    try:
        body = raw.decode("utf-8")
    except UnicodeDecodeError:
        fail(f"--body-file: {body_file} is not UTF-8 text; save it as UTF-8.")
    with writing() as session:
        made = news.create_news(
            session, OPERATOR, slug, {"title": title, "body": body, "language": language}, publish=publish
        )
    typer.echo(f"news post {made.id} saved ({made.status}): {made.title}")
