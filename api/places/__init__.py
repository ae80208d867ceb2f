"""Places: communities (社区), compounds (小区) and their grid cells (网格)."""
