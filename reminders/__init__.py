"""Follow-up reminders and notices (DESIGN.md, "Reminders").

- rules.py: each rule as a QuerySet method on the recommendations, evaluated in the database.
- digests.py: the daily pass: who needs to hear about what, one digest per person and kind.
- delivery.py: claim a delivery row, send it, retry what is transient, record every attempt.
- sweeper.py: queue again what the broker never took.
"""
