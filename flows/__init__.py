"""Thin Prefect flows and the `vnnews` command line."""
