"""One page of a long list: the items shown, the total count and where the page starts.

Every list a page or client can ask for is cut on the server (LIMIT/OFFSET with one count query, or a
slice of a frame already computed), so a city with 50,000 rows answers as fast as one with 50.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final, Generic, TypeVar

from citypact.services.errors import InvalidInput

MAX_PAGE_SIZE: Final = 500
T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int  # of the whole list, not of this page
    offset: int
    limit: int

    @property
    def first(self) -> int:
        """Position of the first item shown, counting from 1 (0 on an empty list)."""
        return min(self.offset + 1, self.total)

    @property
    def last(self) -> int:
        return min(self.offset + self.limit, self.total)

    @property
    def number(self) -> int:
        """This page's number, counting from 1."""
        return self.offset // self.limit + 1

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.limit))


def bounds(page: int, size: int, total: int) -> tuple[int, int]:
    """(offset, limit) of a page number counted from 1; a number past the end is the last page.
    Sizes above MAX_PAGE_SIZE are refused: they are what makes a page slow."""
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise InvalidInput("size", f"use a page size from 1 to {MAX_PAGE_SIZE}.")
    if page < 1:
        raise InvalidInput("page", "use a page number from 1.")
    last = max(1, math.ceil(total / size))
    return (min(page, last) - 1) * size, size
