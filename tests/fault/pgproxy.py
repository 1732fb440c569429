"""A small TCP proxy on 127.0.0.1 in front of PostgreSQL that can cut the network on purpose.

Modes: pass everything; ``down`` (close every connection and refuse new ones: the
network to the terminal is gone); ``drop_reply_after_commit`` (one shot: once a client
that sent ``INSERT INTO <marker>`` sends ``COMMIT``, the COMMIT reaches the server,
the server's answer is swallowed and both sides are closed — the commit went through
but the kiosk never learns it).
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading

SSL_REQUEST = 80877103
GSSENC_REQUEST = 80877104


class _Link:
    def __init__(self, proxy: PgProxy, client: socket.socket) -> None:
        self.proxy = proxy
        self.client = client
        self.server = socket.create_connection(("127.0.0.1", proxy.target_port), timeout=5)
        self.server.settimeout(None)
        self.saw_marker = False
        self.swallow = False
        self.closed = False
        self.buffer = b""
        self.startup = True

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        for sock in (self.client, self.server):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _inspect(self, data: bytes) -> bool:
        """Parse client->server messages; True when a COMMIT to be answered into the void passes."""
        self.buffer += data
        hit = False
        while True:
            if self.startup:
                if len(self.buffer) < 4:
                    return hit
                (length,) = struct.unpack("!I", self.buffer[:4])
                if len(self.buffer) < length:
                    return hit
                code = struct.unpack("!I", self.buffer[4:8])[0] if length >= 8 else 0
                self.buffer = self.buffer[length:]
                if code not in (SSL_REQUEST, GSSENC_REQUEST):
                    self.startup = False
                continue
            if len(self.buffer) < 5:
                return hit
            kind = self.buffer[:1]
            (length,) = struct.unpack("!I", self.buffer[1:5])
            if len(self.buffer) < 1 + length:
                return hit
            body = self.buffer[5:1 + length]
            self.buffer = self.buffer[1 + length:]
            if kind in (b"Q", b"P"):
                upper = body.upper()
                if self.proxy.marker in body:
                    self.saw_marker = True
                elif b"COMMIT" in upper or b"ROLLBACK" in upper:
                    if self.saw_marker and b"COMMIT" in upper and self.proxy.take_drop():
                        hit = True
                    self.saw_marker = False

    def client_to_server(self) -> None:
        try:
            while not self.closed:
                data = self.client.recv(65536)
                if not data:
                    break
                if self._inspect(data):
                    self.swallow = True
                self.server.sendall(data)
        except OSError:
            pass
        self.close()

    def server_to_client(self) -> None:
        try:
            while not self.closed:
                data = self.server.recv(65536)
                if not data:
                    break
                if self.swallow:
                    # The answer to COMMIT (CommandComplete + ReadyForQuery) goes nowhere.
                    if b"Z\x00\x00\x00\x05" in data:
                        self.proxy.dropped_replies += 1
                        break
                    continue
                self.client.sendall(data)
        except OSError:
            pass
        self.close()


class PgProxy:
    """Listens on 127.0.0.1:<port> and forwards to 127.0.0.1:<target_port>."""

    def __init__(self, target_port: int, marker: bytes = b"INSERT INTO ratings") -> None:
        self.target_port = target_port
        self.marker = marker
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.down = False
        self.drop_armed = False
        self.dropped_replies = 0
        self._lock = threading.Lock()
        self._links: list[_Link] = []
        self._running = True
        threading.Thread(target=self._accept, name="pgproxy", daemon=True).start()

    def url(self, database: str) -> str:
        return (f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"
                "?sslmode=disable&gssencmode=disable")

    def _accept(self) -> None:
        while self._running:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.down:
                client.close()
                continue
            try:
                link = _Link(self, client)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._links = [x for x in self._links if not x.closed] + [link]
            threading.Thread(target=link.client_to_server, daemon=True).start()
            threading.Thread(target=link.server_to_client, daemon=True).start()

    def set_down(self, down: bool) -> None:
        """Cut (or restore) the network: existing connections die, new ones are refused."""
        self.down = down
        if down:
            with self._lock:
                links, self._links = self._links, []
            for link in links:
                link.close()

    def arm_drop_after_commit(self) -> None:
        self.drop_armed = True

    def take_drop(self) -> bool:
        with self._lock:
            if self.drop_armed:
                self.drop_armed = False
                return True
            return False

    def close(self) -> None:
        self._running = False
        self.listener.close()
        self.set_down(True)
