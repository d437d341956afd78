"""Benchmark scripts for ``unspin.compare``; each runs as ``python -m benchmarks.NAME``."""
