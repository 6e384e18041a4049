"""assistance: the writes (services), one module per noun — experts, groups, assignments, audits, visits, diagnosis
(with its problems), plans, documents, operation, trainings — plus ``checks``, the checks they share.

Each service owns its transaction, takes ``acting_user`` and goes through the kernel (``portal.services``): the
permission (``require_perm``), the optimistic lock (``lock_current`` / ``model_update``), the save with history and
the re-check that the row is still the writer's. The notice's rules are ``assistance.policy``'s functions. Business
errors are ValidationErrors keyed by form field, so a form shows them where the user typed.
"""
