"""assistance: services, one module per slice of the app."""
