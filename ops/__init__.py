"""Operator tooling that runs beside the app on a host: the local production-like stack and releases."""
