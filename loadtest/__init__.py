"""Locust load tests for FitnessCRM: personas, profiles, thresholds (see loadtest/README.md)."""
