"""Benchmark tools: the synthetic scan generator and its gold texts."""
