"""enterprises: selectors, one module per slice of the app."""
