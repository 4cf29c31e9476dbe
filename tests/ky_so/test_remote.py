"""Remote signing services (vanban.ky_so.tu_xa) with a fake service over HTTP on localhost
(remote_service.py) holding the tests' signer key: the user approves after a wait (the client
polls), refuses, never answers (a time limit), or the service answers with another key's
signature, or is not there."""

from __future__ import annotations

import datetime
import hashlib
import io
import socket

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from pyhanko.pdf_utils.reader import PdfFileReader

from vanban.errors import SigningError
from vanban.ky_so.ky import Key, issue, sign
from vanban.ky_so.tu_xa import remote_key
from vanban.ky_so.verify import verify

from .conftest import BODY, CONG_VAN, PASSWORD, SIGNER_NAME, Chain
from .remote_service import HttpSigningService, Service, serve


def _service(chain: Chain, answer: str) -> Service:
    key = chain.signer.key
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    certificates = [chain.signer.certificate, chain.intermediate.certificate]
    return Service(key, certificates, answer=answer)


def test_remote_signature_after_approval(drafts: dict[str, bytes], chain: Chain) -> None:
    service = _service(chain, "approve")
    with serve(service) as url:
        key = remote_key(HttpSigningService(url), timeout=30, interval=0.01)
        signed = sign(drafts[CONG_VAN], key)
    assert len(service.requests) == 1
    assert service.polls == 2  # waiting, then approved
    [report] = verify(signed, trust=[chain.root_pem])
    assert (report.field, report.signer, report.organisation, report.ok) == (
        "vb_chu_ky",
        SIGNER_NAME,
        BODY,
        True,
    )
    # The digest sent is that of the CMS signed attributes, and the service's answer is the
    # signature value embedded.
    [embedded] = PdfFileReader(io.BytesIO(signed)).embedded_signatures
    signer_info = embedded.signer_info
    signed_attributes = signer_info["signed_attrs"].untag().dump()
    assert service.requests[0]["digest"] == hashlib.sha256(signed_attributes).digest()
    assert service.requests[0]["algorithm"] == "sha256"


def test_remote_key_issues_too(drafts: dict[str, bytes], chain: Chain) -> None:
    """The body's key may be remote as well: issuing through the service."""
    signed = sign(drafts[CONG_VAN], Key.pkcs12(chain.signer.p12, PASSWORD))
    with serve(_service(chain, "approve")) as url:
        issued = issue(
            signed,
            remote_key(HttpSigningService(url), interval=0.01),
            so=5,
            ngay=datetime.date(2022, 6, 10),
        )
    assert [r.ok for r in verify(issued, trust=[chain.root_pem])] == [True, True]


def test_refused_and_timed_out_requests(drafts: dict[str, bytes], chain: Chain) -> None:
    with serve(_service(chain, "refuse")) as url:
        key = remote_key(HttpSigningService(url), interval=0.01)
        with pytest.raises(SigningError) as refused:
            sign(drafts[CONG_VAN], key)
    assert str(refused.value) == (
        "remote signing: the signer refused the request (từ chối trên điện thoại); nothing "
        "was signed"
    )
    service = _service(chain, "never")
    with serve(service) as url:
        key = remote_key(HttpSigningService(url), timeout=0.2, interval=0.01)
        with pytest.raises(SigningError) as late:
            sign(drafts[CONG_VAN], key)
    assert str(late.value) == (
        "remote signing: request 1 was not approved within 0.2 s; nothing was signed (ask "
        "again, or give a longer timeout)"
    )
    assert service.polls >= 2


def test_wrong_signature_and_no_service(drafts: dict[str, bytes], chain: Chain) -> None:
    with serve(_service(chain, "wrong")) as url:
        key = remote_key(HttpSigningService(url), interval=0.01)
        with pytest.raises(SigningError) as wrong:
            sign(drafts[CONG_VAN], key)
    assert str(wrong.value).startswith(
        "remote signing: the service's signature does not match the certificate it gave ("
    )
    with serve(_service(chain, "approve")) as url:
        gone = remote_key(HttpSigningService(url), interval=0.01)
    with pytest.raises(SigningError) as failed:  # the service went away after giving its chain
        sign(drafts[CONG_VAN], gone)
    assert str(failed.value).startswith("remote signing: the service failed (URLError: ")
    assert str(failed.value).endswith("; nothing was signed")
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(SigningError) as absent:
        remote_key(HttpSigningService(f"http://127.0.0.1:{port}"))
    assert str(absent.value).startswith("remote signing: no certificate from the service (URLError")
