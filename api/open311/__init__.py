"""Open311 GeoReport v2 under /open311/v2: complaints for systems that speak it."""
