"""GPC inventories: records, computation, imports and exports, waste estimates, the factor library."""
