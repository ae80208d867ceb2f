"""HTTP routes that belong to no single domain (health, the map app)."""
