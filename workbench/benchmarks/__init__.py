"""Benchmarks that measure the roster engine on public instances."""
