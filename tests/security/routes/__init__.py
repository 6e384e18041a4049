"""Area modules of the isolation matrix. Each module here may define:

- ``ENTRIES``: {url name (or unnamed pattern): Entry} for its routes;
- ``ADMIN_OBJECTS``: {"app_label.modelname": lambda cast: obj} for its ScopedModelAdmin models;
- ``populate(cast)``: create the rows its entries point at, on a cast (called for both tenants, in module order).
"""

import importlib
import pkgutil

AREAS = [
    importlib.import_module(f"{__name__}.{module.name}")
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name)
]
