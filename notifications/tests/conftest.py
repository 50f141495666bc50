import pytest

from notifications.tests.smtp_server import FaultySMTPServer


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1 that the tests can make misbehave; emails go to it through the production
    backend, and the client gives up waiting for an answer after three seconds (time enough on a busy machine)."""
    server = FaultySMTPServer()
    with server as handler:
        settings.EMAIL_BACKEND = "notifications.mail.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_TIMEOUT = 3
        handler.slow_seconds = 4
        yield handler
