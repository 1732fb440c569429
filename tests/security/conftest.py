"""The throwaway PostgreSQL database and roles of tests/test_grants.py, for the attacks here."""

from tests.test_grants import cluster, migrated_pg_url, migrated_template  # noqa: F401
