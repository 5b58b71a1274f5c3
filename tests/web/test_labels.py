"""Every GPC name a page translates is marked for the catalogs."""

from citypact.domain.activity import NOTATION_KEYS
from citypact.domain.gpc import SECTOR_NAMES, SUBSECTOR_NAMES
from citypact.i18n import labels


def test_gpc_names_are_marked_for_translation() -> None:
    assert set(SECTOR_NAMES.values()) == set(labels.SECTORS)
    assert set(SUBSECTOR_NAMES.values()) - {"Other scope 3"} == set(labels.SUBSECTORS)
    assert set(NOTATION_KEYS.values()) == set(labels.NOTATION_KEYS)


def test_taxonomy_labels_are_marked_for_translation() -> None:
    from citypact.domain.measures import AXES, TAGS

    labels_shown = {label for axis in AXES.values() for label in axis.values()}
    labels_shown |= {label for kind in ("green_deal", "co_benefits") for label in TAGS[kind].values()}
    assert labels_shown <= set(labels.TAXONOMY) | set(labels.SUBSECTORS)
    assert set(labels.AXIS_LABELS) == set(AXES)


def test_cooperation_support_is_marked_for_translation() -> None:
    from citypact.domain.cooperation import SUPPORT

    assert dict(SUPPORT) == labels.COOPERATION_SUPPORT


def test_funding_sources_are_marked_for_translation() -> None:
    from citypact.domain.action_plans import FUNDING_SOURCES

    assert dict(FUNDING_SOURCES) == labels.FUNDING_SOURCES


def test_sdg_goal_names_are_marked_for_translation() -> None:
    from citypact.domain.measures import SDGS

    assert tuple(SDGS.values()) == labels.SDG_GOALS
    assert len(SDGS) == 17 and SDGS["7"] == "SDG 7: Affordable and clean energy"
