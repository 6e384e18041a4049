"""enterprises: forms, one module per slice of the app."""
