"""GPC inventories of a city: create, fill with activity data, compute, submit, verify, compare years.

Only the city's editors change its inventories, and only while they are drafts; verification is for
administrators and the secretariats of the city's networks. The public reads submitted and verified
inventories of published cities; drafts stay with the city's staff and networks. Every change is
audited; a failed import or edit writes nothing (one transaction, checked in full before writing).

One module per seam: basis (access, the stored rows, the calculation and its stored result),
views (what a reader sees), activity_rows (imports and single rows), plausibility (the
warnings and their acknowledgement), lifecycle (create, recalculate, submit, verify).
"""

from __future__ import annotations

from citypact.services.inventory.calc import calculate as calculate  # named here before the split
from citypact.services.inventory.inventories.activity_rows import (
    PreparedActivity,
    PreparedImport,
    delete_activity,
    get_activity,
    import_activities,
    prepare_activity,
    prepare_import,
    record_activity,
    remove_activity,
    save_activity,
    store_activity,
    store_import,
)
from citypact.services.inventory.inventories.basis import (
    MAX_ROWS,
    PUBLIC_STATUSES,
    RECORD_FIELDS,
    STANDARDS,
    STATUSES,
    TOTAL_FIELDS,
    activity_frame,
    check_editable,
)

# Called through the package by the other modules, so that tests can swap the calculation.
from citypact.services.inventory.inventories.basis import _calculate as _calculate
from citypact.services.inventory.inventories.lifecycle import (
    create_inventory,
    recalculate,
    recompute,
    set_status,
)
from citypact.services.inventory.inventories.plausibility import WarningView, acknowledge_warning, describe
from citypact.services.inventory.inventories.views import (
    InventoryDetail,
    InventorySummary,
    ResultView,
    get_inventory,
    list_inventories,
    row_page,
    year_over_year,
)

__all__ = [
    "InventoryDetail",
    "InventorySummary",
    "MAX_ROWS",
    "PUBLIC_STATUSES",
    "PreparedActivity",
    "PreparedImport",
    "RECORD_FIELDS",
    "ResultView",
    "STANDARDS",
    "STATUSES",
    "TOTAL_FIELDS",
    "WarningView",
    "acknowledge_warning",
    "activity_frame",
    "check_editable",
    "create_inventory",
    "delete_activity",
    "describe",
    "get_inventory",
    "import_activities",
    "list_inventories",
    "row_page",
    "prepare_activity",
    "prepare_import",
    "recalculate",
    "recompute",
    "get_activity",
    "record_activity",
    "remove_activity",
    "save_activity",
    "set_status",
    "store_activity",
    "store_import",
    "year_over_year",
]
