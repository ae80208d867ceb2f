"""The map app's own routes: its settings (base map, district extent) and its pages."""
