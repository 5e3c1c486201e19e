"""The signing key is loaded once per signer, whatever the number of signatures; keys of
another kind than RSA still sign through pyHanko's own code."""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from cryptography.x509.oid import NameOID

from clinic_audit.checklist.packs import builtin_checklist_for
from clinic_audit.evidence import loaded_key
from clinic_audit.evidence.keys import write_self_signed
from clinic_audit.evidence.signing import load_signer
from clinic_audit.evidence.verify import Status, check_report
from clinic_audit.reports.build import Signing, build_signed_report
from clinic_audit.reports.photos import PortablePhotos
from clinic_audit.rules.scoring import summarize


def signed(tmp_path, audit, signer, name: str):
    checklist = builtin_checklist_for(audit)
    pdf, plan = build_signed_report(
        audit,
        checklist,
        summarize(checklist, audit),
        PortablePhotos(audit.photo_data),
        Signing(signer),
    )
    assert plan is not None
    path = tmp_path / name
    path.write_bytes(pdf)
    return check_report(path)


def test_an_rsa_key_is_loaded_once_for_every_signature(tmp_path, final_sample, monkeypatch):
    key = tmp_path / "rsa.p12"
    write_self_signed(key, "Dana Whitfield", b"pw")
    signer = load_signer(key, b"pw")
    loads = []
    load = loaded_key.serialization.load_der_private_key
    monkeypatch.setattr(
        loaded_key.serialization,
        "load_der_private_key",
        lambda *args, **kwargs: loads.append(1) or load(*args, **kwargs),
    )
    for name in ("one.pdf", "two.pdf"):  # each signature is made twice (sized, then signed)
        result = signed(tmp_path, final_sample, signer, name)
        assert result.status is Status.VALID, result.line()
    assert loads == [1]


def test_an_elliptic_curve_key_signs_as_pyhanko_does(tmp_path, final_sample):
    now = dt.datetime.now(dt.UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "EC Signer")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    p12 = tmp_path / "ec.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"ec", key, cert, None, BestAvailableEncryption(b"pw")
        )
    )
    result = signed(tmp_path, final_sample, load_signer(p12, b"pw"), "ec.pdf")
    assert result.status is Status.VALID, result.line()
