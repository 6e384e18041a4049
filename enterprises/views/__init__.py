"""enterprises: views, one module per slice of the app."""
