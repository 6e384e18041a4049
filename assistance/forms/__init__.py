"""assistance: the HTML forms, one module per noun (``fields`` holds the widgets and fields they share)."""
