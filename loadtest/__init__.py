"""Locust load tests for FitnessCRM: personas, profiles, thresholds (see loadtest/README.md).

Importing this package (or loadtest.run / loadtest.local) does not import Locust, whose gevent monkey-patching
must not happen inside another program such as pytest.
"""

PROFILE_NAMES = ("baseline", "peak", "stress", "spike", "soak", "signin-storm")
