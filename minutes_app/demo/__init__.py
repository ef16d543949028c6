"""The demo county (a realistic fictional Landkreis) and synthetic data for benchmarks."""
