"""A fake remote signing service for the tests, for real over HTTP on localhost: it holds the
tests' signer key, takes a digest, and answers once "the user" approved on their phone. It
follows no real provider's API: a minimal one of its own (JSON over HTTP):

- ``GET /chain``: ``{"chain": [base64 DER, ...]}``, the user's certificate first;
- ``POST /requests`` ``{"digest": base64, "algorithm": "sha256"}``: ``{"id": "1"}``;
- ``GET /requests/<id>``: ``{"status": "waiting" | "approved" | "refused", "signature": base64}``.

How the user answers is the service's ``answer``: ``approve`` (after two polls, so the client
polls), ``refuse``, ``never`` (the user does not answer), or ``wrong`` (a signature by another
key). :class:`HttpSigningService` is the client side: the tests' :class:`RemoteSigner`."""

from __future__ import annotations

import base64
import json
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed

from vanban.ky_so.tu_xa import Refused

_HASHES = {"sha256": hashes.SHA256(), "sha384": hashes.SHA384(), "sha512": hashes.SHA512()}


@dataclass
class Service:
    """The service's state: the key and chain it holds, how the user answers, what it saw."""

    key: ec.EllipticCurvePrivateKey
    chain: list[x509.Certificate]
    answer: str = "approve"
    requests: list[dict[str, Any]] = field(default_factory=list)
    polls: int = 0

    def status(self, index: int) -> dict[str, str]:
        self.polls += 1
        request = self.requests[index]
        if self.answer == "refuse":
            return {"status": "refused", "reason": "từ chối trên điện thoại"}
        if self.answer == "never" or self.polls < 2:
            return {"status": "waiting"}
        key = ec.generate_private_key(ec.SECP256R1()) if self.answer == "wrong" else self.key
        algorithm = _HASHES[request["algorithm"]]
        signature = key.sign(request["digest"], ec.ECDSA(Prehashed(algorithm)))
        return {"status": "approved", "signature": base64.b64encode(signature).decode()}


def _handler(service: Service) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the tests' output is pytest's."""

        def _json(self, data: dict[str, Any], code: int = 200) -> None:
            body = json.dumps(data).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            if self.path == "/chain":
                der = serialization.Encoding.DER
                chain = [base64.b64encode(c.public_bytes(der)).decode() for c in service.chain]
                self._json({"chain": chain})
            elif self.path.startswith("/requests/"):
                index = int(self.path.rsplit("/", 1)[1]) - 1
                if not 0 <= index < len(service.requests):
                    self._json({"error": "no such request"}, 404)
                else:
                    self._json(service.status(index))
            else:
                self._json({"error": "not found"}, 404)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            data = json.loads(self.rfile.read(length))
            if data.get("algorithm") not in _HASHES:
                self._json({"error": "unknown algorithm"}, 400)
                return
            service.requests.append(
                {"digest": base64.b64decode(data["digest"]), "algorithm": data["algorithm"]}
            )
            self._json({"id": str(len(service.requests))})

    return Handler


@contextmanager
def serve(service: Service) -> Iterator[str]:
    """The service listening on localhost in a thread, for the ``with`` block: its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(service))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class HttpSigningService:
    """The client of the fake service: a :class:`vanban.ky_so.tu_xa.RemoteSigner`."""

    def __init__(self, url: str) -> None:
        self.url = url

    def _call(self, path: str, data: dict[str, str] | None = None) -> Any:
        body = None if data is None else json.dumps(data).encode()
        request = urllib.request.Request(
            self.url + path, data=body, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def certificate_chain(self) -> list[bytes]:
        return [base64.b64decode(der) for der in self._call("/chain")["chain"]]

    def request_signature(self, digest: bytes, algorithm: str) -> str:
        data = {"digest": base64.b64encode(digest).decode(), "algorithm": algorithm}
        return str(self._call("/requests", data)["id"])

    def signature(self, transaction: str) -> bytes | None:
        answer = self._call(f"/requests/{transaction}")
        if answer["status"] == "refused":
            raise Refused(answer["reason"])
        if answer["status"] == "waiting":
            return None
        return base64.b64decode(answer["signature"])
