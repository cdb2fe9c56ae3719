"""The benchmark harness behind `make bench` (see docs/benchmark.md)."""
