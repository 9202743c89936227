"""A mail server that takes one e-mail and then fails: for what must stay waiting when sending
breaks off halfway."""

from smtplib import SMTPServerDisconnected

from django.core.mail.backends.locmem import EmailBackend


class FailsAfterOne(EmailBackend):
    def send_messages(self, messages):
        from django.core import mail

        if len(mail.outbox) >= 1:
            raise SMTPServerDisconnected("verbinding verbroken")
        return super().send_messages(messages)
