"""Who may send a 催办 (per-object predicates, DESIGN.md §4)."""

import rules

from accounts.permissions import in_own_tenant, is_regulator

# 五(二)2: the regulator follows up a lagging member unit or body; nobody else sends 催办.
rules.add_perm("notifications.send_urge", is_regulator & in_own_tenant)
