"""Every GPC name a page translates is marked for the catalogs."""

from citypact.domain.activity import NOTATION_KEYS
from citypact.domain.gpc import SECTOR_NAMES, SUBSECTOR_NAMES
from citypact.web import labels


def test_gpc_names_are_marked_for_translation() -> None:
    assert set(SECTOR_NAMES.values()) == set(labels.SECTORS)
    assert set(SUBSECTOR_NAMES.values()) - {"Other scope 3"} == set(labels.SUBSECTORS)
    assert set(NOTATION_KEYS.values()) == set(labels.NOTATION_KEYS)
