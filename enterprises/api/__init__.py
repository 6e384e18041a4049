"""enterprises: api, one module per slice of the app."""
