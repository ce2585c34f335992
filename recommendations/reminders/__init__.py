"""Follow-up reminders (DESIGN.md, "Reminders").

- rules.py: each rule as a QuerySet method of Recommendation, evaluated in the database.
- digests.py: the daily pass: who needs to hear about what, one digest per person and kind.
- delivery.py: claim a delivery row, send it, retry what is transient, record every attempt.
"""
