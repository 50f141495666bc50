"""A real SMTP server for tests (aiosmtpd, in a thread on 127.0.0.1) that can be told to misbehave.

Faults, per recipient address, each used for one message in turn:
  "451-data"   refuse the message after DATA with 451 (the server answered: not stored, try later)
  "drop"       store the message, then close the connection without answering (the reported fault)
  "slow"       store the message, then answer only after `slow_seconds` (longer than the client waits)
  "hold"       as "slow", and meanwhile set `holding` with the client's address in `held_peer` (to kill it)
An outage (`outage_for(seconds)`) answers 451 to every RCPT until it ends: nothing is stored meanwhile.
`stored` lists every message the server kept, as (recipient, subject); `count()` counts them per pair.
"""

import asyncio
import collections
import socket
import threading
import time
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class FaultyHandler:
    def __init__(self):
        self.stored: list[tuple[str, str]] = []
        self.faults: dict[str, list[str]] = collections.defaultdict(list)
        self.slow_seconds = 3.0
        self.outage_until = 0.0
        self.refused = 0
        self.lock = threading.Lock()
        # Set while a "hold" message is held: the message is stored and its answer not yet given.
        self.holding = threading.Event()
        self.held_peer = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if time.monotonic() < self.outage_until:
            with self.lock:
                self.refused += 1
            return "451 4.3.0 Temporary outage, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        recipient = envelope.rcpt_tos[0]
        with self.lock:
            fault = self.faults[recipient].pop(0) if self.faults[recipient] else ""
        if fault == "451-data":
            return "451 4.3.0 Try again later"
        subject = message_from_bytes(envelope.original_content, policy=policy.default)["Subject"]
        with self.lock:
            self.stored.append((recipient, str(subject)))
        if fault == "drop":
            server.transport.abort()
            return "250 OK"  # written to a closed connection: never arrives
        if fault == "hold":
            self.held_peer = session.peer
            self.holding.set()
        if fault in ("slow", "hold"):
            await asyncio.sleep(self.slow_seconds)
        return "250 OK"

    def outage_for(self, seconds: float) -> None:
        self.outage_until = time.monotonic() + seconds

    def count(self) -> collections.Counter:
        with self.lock:
            return collections.Counter(self.stored)


class FaultySMTPServer:
    def __init__(self):
        self.handler = FaultyHandler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        self.handler.port = self.port
        return self.handler

    def __exit__(self, *exc):
        self.controller.stop()
