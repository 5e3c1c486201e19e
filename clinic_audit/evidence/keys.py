"""A self-signed signing key in a PKCS#12 file, for a clinic or inspector with no CA.

Such a key proves that a report was not changed after it was signed (integrity); it does
not prove who signed it (identity), since anyone can make a certificate with any name.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from cryptography.x509.oid import NameOID

VALID_YEARS = 5
KEY_BITS = 3072

WHAT_IT_PROVES = (
    "A self-signed key proves integrity, not identity: a report signed with it shows any "
    "change made after signing, but anyone can make a key with any name. For identity, "
    "have the agency's certificate authority issue the key, or give the agency this "
    "certificate (the .crt file) to put in its trust list."
)


def create_self_signed(
    name: str, password: bytes, organisation: str = "", now: dt.datetime | None = None
) -> tuple[bytes, bytes]:
    """A new key and its self-signed certificate: (PKCS#12 bytes, certificate PEM).

    Key usage: digitalSignature and nonRepudiation (a signature on a document, not a
    TLS or CA key), marked critical as PAdES signers expect."""
    now = now or dt.datetime.now(dt.UTC)
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, name)]
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    subject = x509.Name(attributes)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365 * VALID_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # nonRepudiation
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    from cryptography.hazmat.primitives.serialization import Encoding

    p12 = pkcs12.serialize_key_and_certificates(
        name.encode(), key, cert, None, BestAvailableEncryption(password)
    )
    return p12, cert.public_bytes(Encoding.PEM)


def write_self_signed(path: Path, name: str, password: bytes, organisation: str = "") -> Path:
    """Write the PKCS#12 to ``path`` (never over an existing file) and the certificate
    beside it as ``<path>.crt``; returns the certificate's path."""
    p12, pem = create_self_signed(name, password, organisation)
    with path.open("xb") as out:
        out.write(p12)
    path.chmod(0o600)
    crt = path.with_suffix(".crt")
    crt.write_bytes(pem)
    return crt
