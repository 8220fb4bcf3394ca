"""A real SMTP server for tests (aiosmtpd), on the loopback interface, that keeps what it
received and can be told to refuse or to act at the n-th message."""

import email
from email import policy

from aiosmtpd.controller import Controller

from bench.throughput import free_port


class Inbox:
    def __init__(self):
        self.messages = []  # email.message.EmailMessage, in the order accepted
        self.refuse_from = None  # refuse the n-th message (1-based) and every one after it
        self.on_message = None  # called with the count after each message is kept

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_from is not None and len(self.messages) + 1 >= self.refuse_from:
            return "421 Service not available, closing transmission channel"
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        if self.on_message:
            self.on_message(len(self.messages))
        return "250 Message accepted for delivery"

    def to(self, address):
        return [message for message in self.messages if message["To"] == address]


class SmtpServer:
    def __init__(self):
        self.inbox = Inbox()
        self.port = free_port()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    def use_in(self, settings):
        """Django's SMTP backend, to this server."""
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", self.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
