"""The benchmark page's suggestion titles: only the codes asked, in the reader's language, the
same titles the whole catalogue gives."""

from __future__ import annotations

from citypact.services.plans import measures
from tests.conftest import World
from tests.factories import CATALOGUE


def test_titles_of_some_measures_match_the_catalogue(world: World) -> None:
    with world.db.write() as session:
        measures.load_catalogue(session, CATALOGUE)
    codes = CATALOGUE["code"].to_list()[:3]
    with world.db.read() as session:
        for lang in ("en", "de", "ja"):
            whole = {m.code: m.title for m in measures.list_measures(session, lang=lang)}
            titles = measures.measure_titles(session, [*codes, codes[0], "no-such-code"], lang)
            assert titles == {code: whole[code] for code in codes}
        assert measures.measure_titles(session, [], "de") == {}
