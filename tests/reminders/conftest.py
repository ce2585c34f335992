"""A real SMTP server on a loopback port (aiosmtpd) for the reminder and notice tests."""

import email
import email.policy

import pytest
from aiosmtpd.controller import Controller

from tests.helpers import free_port


class Inbox:
    """An SMTP handler that keeps what it accepts; `answers` are replies to give first."""

    def __init__(self, data_answers=(), rcpt_answers=()):
        self.messages = []
        self.data_answers = list(data_answers)
        self.rcpt_answers = list(rcpt_answers)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_answers:
            return self.rcpt_answers.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_answers:
            return self.data_answers.pop(0)
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp(settings):
    """Start a real SMTP server on loopback and point Django's SMTP backend at it."""
    servers = []

    def start(inbox):
        controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
        controller.start()
        servers.append(controller)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = controller.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.REMINDER_RETRY_BACKOFF = 0
        return inbox

    yield start
    for controller in servers:
        controller.stop()
