"""Goals on a metric or an exercise's estimated 1RM, with computed progress and milestones."""
