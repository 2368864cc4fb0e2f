"""Mail backends for the outbox tests: a server that refuses connections, one that answers
with an SMTP error, and one that is slow (for the concurrency test)."""

import smtplib
import time

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


class SMTPErrorBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPException("451 4.3.0 Mail server temporarily rejected message")


class SlowBackend(LocmemBackend):
    def send_messages(self, messages):
        time.sleep(0.5)
        return super().send_messages(messages)
