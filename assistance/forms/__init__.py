"""assistance: forms, one module per slice of the app."""
