"""pyHanko's SimpleSigner with its private key loaded once.

SimpleSigner keeps the key as ASN.1 and loads it into ``cryptography`` again for every
signature; loading checks the key (some 90 ms for a 3072-bit RSA key), and a report is
signed twice (once to size the signature's container), so that was 0.18 s of every
signed report. RSA PKCS#1 v1.5, which our keys use, is signed here with the key loaded
once; any other mechanism (PSS, ECDSA, EdDSA keys a user brings) goes to pyHanko as is.
"""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from pyhanko.sign.signers import SimpleSigner
from pyhanko_certvalidator.util import get_pyca_cryptography_hash


class KeyLoadedOnce(SimpleSigner):
    _loaded: Any = None

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        try:
            algorithm = mechanism.signature_algo
        except ValueError:
            algorithm = mechanism["algorithm"].native
        if algorithm != "rsassa_pkcs1v15":
            return super().sign_raw(data, digest_algorithm)
        if self._loaded is None:
            self._loaded = serialization.load_der_private_key(
                self.signing_key.dump(), password=None
            )
        key = self._loaded
        assert isinstance(key, RSAPrivateKey)  # the mechanism is RSA's
        return key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))


def loaded_once(signer: SimpleSigner) -> SimpleSigner:
    """``signer`` (made by SimpleSigner.load_pkcs12_data, which always makes a plain
    SimpleSigner) signing with its key loaded once."""
    signer.__class__ = KeyLoadedOnce
    return signer
