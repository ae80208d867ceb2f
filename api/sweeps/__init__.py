"""Sweeps (排查): inspection passes over the ground, the measure of coverage."""
