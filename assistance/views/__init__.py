"""assistance: the HTML pages, one module per noun. A page takes its row with ``portal.views.row_to_read`` /
``row_to_change`` (or from a selector's scoped queryset) and calls one service; a service's ValidationError lands on
the form, which re-renders with the input."""
