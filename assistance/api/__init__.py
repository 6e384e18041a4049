"""assistance: api, one module per slice of the app."""
