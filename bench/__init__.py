"""Benchmarks and the scale-data generator (docs/performance.md)."""
