"""A TCP listener on loopback that counts the connections made to it: the witness that argmap
fetched nothing (a JSON-LD context, a SERVICE endpoint) unless it was allowed to. Used by the
tests and by bench/bench_hostile.py."""
from __future__ import annotations

import socket
import threading


class Listener:
    """Listens on 127.0.0.1 (a free port) until :meth:`close`; ``connections`` counts who came."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while self.running:
            try:
                conn, _ = self.socket.accept()
            except OSError:  # the timeout, or the socket closed
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.running = False
        self.thread.join(2)
        self.socket.close()
