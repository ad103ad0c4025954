"""FitnessCRM: a CRM for fitness businesses."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("fitnesscrm")  # pyproject.toml's, as installed: one place to bump it
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
