"""assistance: selectors, one module per slice of the app."""
