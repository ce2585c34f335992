"""What happens on a recommendation that other apps act on (reminders sends the notices).

Sent inside the transaction of the change, so that a receiver's rows (an e-mail in the
delivery log) are saved with it or not at all.
"""

from django.dispatch import Signal

# A liaison asked the department to clarify its answer: `feedback`.
clarification_requested = Signal()
