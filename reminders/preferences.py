"""Which e-mails each role can receive, and so turn off on "My notifications"."""

from django.utils.translation import gettext_lazy as _

from accounts import roles
from reminders.models import DigestKind

KINDS_BY_ROLE = {
    roles.OFFICER: [
        DigestKind.REMINDERS,
        DigestKind.ASSIGNMENT,
        DigestKind.SENT_BACK,
        DigestKind.PUBLISHED,
        DigestKind.CLARIFICATION,
        DigestKind.EXTENSION,
    ],
    roles.HEAD: [
        DigestKind.REMINDERS,
        DigestKind.ASSIGNMENT,
        DigestKind.SIGNOFF,
        DigestKind.SENT_BACK,
        DigestKind.PUBLISHED,
        DigestKind.CLARIFICATION,
        DigestKind.EXTENSION,
    ],
    roles.SECRETARIAT: [DigestKind.REMINDERS, DigestKind.RETURNED],
    roles.LIAISON: [DigestKind.COMPANY, DigestKind.CLARIFIED, DigestKind.REVISED],
}

# What each kind tells, for the person deciding whether to keep it.
EXPLANATIONS = {
    DigestKind.REMINDERS: _(
        "Once a day while items need you: responses and updates due or overdue, past target dates."
    ),
    DigestKind.COMPANY: _("Once a day when a response to your company is published or progress is shared with it."),
    DigestKind.ASSIGNMENT: _("When the secretariat gives your department a recommendation to lead or support."),
    DigestKind.SIGNOFF: _("When an officer of your department submits a response for your sign-off."),
    DigestKind.SENT_BACK: _("When a response you drafted is sent back to you, with the comment."),
    DigestKind.PUBLISHED: _("When a response you drafted is published."),
    DigestKind.RETURNED: _("When a department returns a recommendation to the secretariat, with its reason."),
    DigestKind.CLARIFICATION: _("When a company asks your department to clarify a published response."),
    DigestKind.CLARIFIED: _("When a department answers your request for clarification."),
    DigestKind.REVISED: _("When a department revises its published answer to one of your company's recommendations."),
    DigestKind.EXTENSION: _("When your request to move a target date is approved or refused."),
}
