"""assistance: the REST API (/api/v1/), one module per noun with its filters, serializers and viewsets; ``shared``
holds what they share and ``urls`` routes them all."""
