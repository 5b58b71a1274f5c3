"""Climate action: the measure catalogue, cities' action plans and plan files, best-practice cases."""
