"""enterprises: selectors, one module per domain noun (enterprises, enrolments, screening, roster, outcomes, summaries, cases,
complaints, progress)."""
