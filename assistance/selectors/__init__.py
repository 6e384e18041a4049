"""assistance: the reads (selectors), one module per noun, every one through ``visible_to`` and with a query count
that does not grow with the rows."""
