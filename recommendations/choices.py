"""The vocabulary of statuses (English and Chinese labels), shared by models, rules and forms."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stance(models.TextChoices):
    """The government's answer to a recommendation."""

    ACCEPTED = "accepted", _("Accepted")
    PARTIALLY_ACCEPTED = "partially_accepted", _("Partially accepted")
    UNDER_STUDY = "under_study", _("Under study")
    NOT_ADOPTED = "not_adopted", _("Not adopted")
    NOTED = "noted", _("Noted")


class ImplementationStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    PARTIALLY_IMPLEMENTED = "partially_implemented", _("Partially implemented")
    IMPLEMENTED = "implemented", _("Implemented")
    STALLED = "stalled", _("Stalled")
    CLOSED = "closed", _("Closed without action")


class ResponseState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING_SIGNOFF = "awaiting_signoff", _("Awaiting sign-off")
    PUBLISHED = "published", _("Published")


class Visibility(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    SHARED = "shared", _("Shared with the company")


class Translation(models.TextChoices):
    """How the text in the language other than the source's came to be."""

    PERSON = "person", _("Translated by a person")
    UNOFFICIAL = "unofficial", _("Unofficial translation")
    SUMMARY = "summary", _("Unofficial summary translation")
    MACHINE = "machine", _("Machine draft, not yet checked")


class Lifecycle(models.TextChoices):
    """Where a recommendation stands, derived from its assignment, response and status."""

    UNASSIGNED = "unassigned", _("Unassigned")
    AWAITING_RESPONSE = "awaiting_response", _("Awaiting response")
    IN_IMPLEMENTATION = "in_implementation", _("In implementation")
    CLOSED = "closed", _("Closed")


# Stances that commit the government to act, so that progress updates are expected.
ACTING_STANCES = (Stance.ACCEPTED, Stance.PARTIALLY_ACCEPTED)
# Stances that end the matter once published.
CLOSING_STANCES = (Stance.NOT_ADOPTED, Stance.NOTED)
FINISHED_STATUSES = (ImplementationStatus.IMPLEMENTED, ImplementationStatus.CLOSED)


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
