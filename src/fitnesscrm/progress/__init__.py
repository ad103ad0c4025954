"""Progress: measurements and custom metrics, goals, progress photos, and the aggregated series for charts."""
