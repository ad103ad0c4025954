"""Measurements of a client's metrics (encrypted values, canonical units, audited reads)."""
