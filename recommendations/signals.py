"""What happens on a recommendation that other apps act on (reminders sends the notices).

Sent inside the transaction of the change, so that a receiver's rows (an e-mail in the
delivery log) are saved with it or not at all.
"""

from django.dispatch import Signal

# A liaison asked the department to clarify its answer: `feedback`.
clarification_requested = Signal()

# The secretariat set or changed who leads or supports `recommendations` (a list, one or many
# at once); `department_ids` are the departments that newly have them, `note` what the
# secretariat wrote, `by` who.
assigned = Signal()
