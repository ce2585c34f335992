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

# Someone made `owner` (an Officer) the owner of `recommendation`: `by`.
owner_named = Signal()

# The response was submitted for the head's sign-off: `response`, `by`.
submitted = Signal()

# The head published the response or sent it back (`published` True/False): `response`, `by`.
signed_off = Signal()

# The secretariat reopened a published response (back to the department as a draft): `response`, `by`.
reopened = Signal()

# The lead department returned the recommendation to the secretariat: `returned` (a
# ReturnedAssignment), `by`.
returned = Signal()

# The department answered a company's clarification request in words: `feedback`, `by`.
clarification_answered = Signal()

# A request to move the target date was approved or refused: `extension`, `by`.
extension_decided = Signal()

# A revision of a published response was published (the company reads the new answer):
# `revision`, `by`.
revised = Signal()
