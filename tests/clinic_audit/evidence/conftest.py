"""A real PKI for the signing tests, in-process: certomancer makes a root CA, a signer it
issued, and a time-stamp authority; the TSA answers RFC 3161 requests over HTTP on
127.0.0.1 (a thread of this process), so nothing goes to the network and nothing is
mocked: pyHanko's own HTTP time-stamp client talks to it."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from asn1crypto import tsp
from certomancer.registry import ArchLabel, CertLabel, CertomancerConfig, ServiceLabel
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from clinic_audit.evidence.signing import load_signer
from clinic_audit.files.sample import build_sample
from clinic_audit.reports.build import Signing
from tests.factories import finalized

PASSWORD = b"test-password"

CONFIG = """
external-url-prefix: "http://127.0.0.1"
keysets:
  test:
    path-prefix: {keys}
    keys:
      root: {{path: root.key.pem}}
      signer: {{path: signer.key.pem}}
      tsa: {{path: tsa.key.pem}}
pki-architectures:
  test:
    keyset: test
    entity-defaults:
      country-name: US
      organization-name: Test Health Agency
    entities:
      root: {{common-name: Test Agency Root CA}}
      signer: {{common-name: Ivy Inspector}}
      tsa: {{common-name: Test Time Stamping Authority}}
    certs:
      root:
        subject: root
        issuer: root
        validity: {{valid-from: "2020-01-01T00:00:00+0000", valid-to: "2100-01-01T00:00:00+0000"}}
        extensions:
          - id: basic_constraints
            critical: true
            value: {{ca: true}}
          - id: key_usage
            critical: true
            smart-value: {{schema: key-usage, params: [digital_signature, key_cert_sign, crl_sign]}}
      signer:
        issuer: root
        validity: {{valid-from: "2020-01-01T00:00:00+0000", valid-to: "2100-01-01T00:00:00+0000"}}
        extensions:
          - id: key_usage
            critical: true
            smart-value: {{schema: key-usage, params: [digital_signature, non_repudiation]}}
      tsa:
        issuer: root
        validity: {{valid-from: "2020-01-01T00:00:00+0000", valid-to: "2100-01-01T00:00:00+0000"}}
        extensions:
          - id: key_usage
            critical: true
            smart-value: {{schema: key-usage, params: [digital_signature]}}
          - id: extended_key_usage
            critical: true
            value: [time_stamping]
    services:
      time-stamping:
        tsa: {{signing-key: tsa, signing-cert: tsa}}
"""


class Pki:
    def __init__(self, folder):
        keys = folder / "keys"
        keys.mkdir()
        for name in ("root", "signer", "tsa"):
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            (keys / f"{name}.key.pem").write_bytes(
                key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                )
            )
        config = CertomancerConfig.from_yaml(CONFIG.format(keys=keys), key_search_dir=str(folder))
        self.arch = config.get_pki_arch(ArchLabel("test"))
        self.p12 = folder / "signer.p12"
        self.p12.write_bytes(self.arch.package_pkcs12(CertLabel("signer"), password=PASSWORD))
        self.root_crt = folder / "root.crt"
        self.root_crt.write_bytes(self.arch.get_cert(CertLabel("root")).dump())
        self.timestamper = self.arch.service_registry.summon_timestamper(ServiceLabel("tsa"))


@pytest.fixture(scope="session")
def pki(tmp_path_factory):
    return Pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="session")
def tsa_url(pki):
    """The URL of certomancer's time-stamp authority, served on 127.0.0.1."""
    timestamper = pki.timestamper

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the name http.server calls
            body = self.rfile.read(int(self.headers["Content-Length"]))
            reply = timestamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/tsa"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def unreachable_url():
    """A local port that nothing listens on (bound, then closed)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/tsa"


@pytest.fixture(scope="session")
def signer(pki):
    return load_signer(pki.p12, PASSWORD)


@pytest.fixture(scope="session")
def signing(signer):
    return Signing(signer)


@pytest.fixture(scope="session")
def final_sample():
    return finalized(build_sample(photos=3))
