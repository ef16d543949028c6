"""Benchmarks run from the command line (``flask bench-search``); they measure, they do not test."""
