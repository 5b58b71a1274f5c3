"""The charts of one page view, kept until the browser fetches them.

The benchmark page links up to six charts as images, so they do not hold the page up; each chart
request used to compute the whole benchmark again. The page now keeps its chart makers under a random
token that its chart links carry, and a chart request with a known token draws from them: the
benchmark is computed once per view, and the charts show the figures of the page they belong to.

Kept per process, for `TTL_S` seconds (the charts' own Cache-Control age) and at most `SIZE` views,
oldest out first. Only the reader who viewed the page may use a token, and the chart route checks
that the reader may see the city before it looks; an unknown or expired token (another process, a
restart, an old link) is no error: the chart is computed as before.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final

SIZE: Final = 512
TTL_S: Final = 300.0

Maker = Callable[[], str]


@dataclass(frozen=True)
class _View:
    reader: int | None  # the user id of the reader who viewed the page (None: the public)
    city_id: int
    makers: Mapping[str, Maker]
    expires: float


class ViewCharts:
    def __init__(self, size: int = SIZE, ttl_s: float = TTL_S, clock: Callable[[], float] = time.monotonic):
        self._size, self._ttl, self._clock = size, ttl_s, clock
        self._views: OrderedDict[str, _View] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def token() -> str:
        """A new view's token (128 random bits), made before its chart links are written."""
        return secrets.token_urlsafe(16)

    def keep(self, token: str, reader: int | None, city_id: int, makers: Mapping[str, Maker]) -> None:
        now = self._clock()
        with self._lock:
            self._views[token] = _View(reader, city_id, dict(makers), now + self._ttl)
            self._views.move_to_end(token)
            while len(self._views) > self._size:
                self._views.popitem(last=False)

    def makers(self, token: str, reader: int | None, city_id: int) -> Mapping[str, Maker] | None:
        """The view's chart makers, or None when the token is unknown, expired, or another reader's
        or another city's."""
        now = self._clock()
        with self._lock:
            view = self._views.get(token)
            if view is None:
                return None
            if view.expires <= now:
                del self._views[token]
                return None
        if view.reader != reader or view.city_id != city_id:
            return None
        return view.makers

    def __len__(self) -> int:
        return len(self._views)


BENCHMARK_CHARTS: Final = ViewCharts()
