"""`clinic-audit keys create`, `report --sign-with`, the signing settings file, and
`verify` with its exit codes, from the command line."""

from __future__ import annotations

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12

from clinic_audit.cli.main import main
from clinic_audit.files.signing_settings import (
    SigningSettings,
    load_signing_settings,
    save_signing_settings,
)
from clinic_audit.messages.catalogue import BadFileError, ErrorCode, message

from .conftest import PASSWORD
from .tampering import delete_page


@pytest.fixture(autouse=True)
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # no user's settings
    monkeypatch.setenv("CLINIC_AUDIT_KEY_PASSWORD", PASSWORD.decode())
    return tmp_path


@pytest.fixture
def final_file(folder, final_sample):
    path = folder / "final.json"
    path.write_bytes(final_sample.model_dump_json().encode())
    return path


def test_keys_create_makes_a_signing_key_and_says_what_it_proves(folder, capsys):
    assert main(["keys", "create", "-o", "me.p12", "--name", "Ivy Inspector"]) == 0
    out = capsys.readouterr().out
    assert "proves integrity, not identity" in out
    key, cert, _more = pkcs12.load_key_and_certificates((folder / "me.p12").read_bytes(), PASSWORD)
    assert key is not None and cert is not None
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical
    assert usage.value.digital_signature and usage.value.content_commitment  # nonRepudiation
    assert not usage.value.key_cert_sign and not usage.value.key_encipherment
    assert cert.subject == cert.issuer  # self-signed
    assert (folder / "me.crt").read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")
    assert (folder / "me.p12").stat().st_mode & 0o077 == 0


def test_keys_create_never_writes_over_a_key(folder, capsys):
    (folder / "me.p12").write_bytes(b"old key")
    assert main(["keys", "create", "-o", "me.p12", "--name", "X"]) == 2
    assert message(ErrorCode.KEY_EXISTS) in capsys.readouterr().err
    assert (folder / "me.p12").read_bytes() == b"old key"


def test_report_sign_with_then_verify(final_file, pki, capsys):
    assert main(["report", str(final_file), "-o", "r.pdf", "--sign-with", str(pki.p12)]) == 0
    out = capsys.readouterr().out
    assert "signed by Ivy Inspector (PAdES B-B)" in out
    assert main(["verify", "r.pdf", str(final_file), "--trust", str(pki.root_crt)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("r.pdf: VALID: signature intact and covering the whole file")
    assert "trusted (the certificate chains to the trust list)" in out
    assert main(["verify", "r.pdf"]) == 0  # no record: the signature and what is embedded
    (final_file.parent / "cut.pdf").write_bytes(
        delete_page((final_file.parent / "r.pdf").read_bytes())
    )
    assert main(["verify", "cut.pdf"]) == 3
    assert capsys.readouterr().out.count("\n") >= 1


def test_a_self_signed_key_verifies_as_self_signed(final_file, capsys):
    assert main(["keys", "create", "-o", "me.p12", "--name", "Clinic Owner"]) == 0
    assert main(["report", str(final_file), "-o", "r.pdf", "--sign-with", "me.p12"]) == 0
    assert "self-signed: the signature proves integrity, not identity" in capsys.readouterr().out
    assert main(["verify", "r.pdf"]) == 0
    assert "self-signed and not in the trust list" in capsys.readouterr().out
    assert main(["verify", "r.pdf", "--trust", "me.crt"]) == 0
    assert "Clinic Owner: trusted" in capsys.readouterr().out


def test_the_signing_settings_file_signs_and_trusts(folder, final_file, pki, tsa_url, capsys):
    settings = SigningSettings(pkcs12=str(pki.p12), timestamp_url=tsa_url, trust=["root.crt"])
    (folder / "root.crt").write_bytes(pki.root_crt.read_bytes())
    path = save_signing_settings(settings, folder / "signing.yaml")
    assert load_signing_settings(path).trust == [str(folder / "root.crt")]
    assert main(["report", str(final_file), "-o", "r.pdf", "--signing-settings", str(path)]) == 0
    assert "(PAdES B-T)" in capsys.readouterr().out
    assert main(["verify", "r.pdf", "--signing-settings", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Ivy Inspector (trusted)" in out and "level PAdES B-T: time-stamped" in out


def test_the_default_settings_file_lives_in_the_user_config_folder(folder):
    save_signing_settings(SigningSettings(pkcs12="keys/me.p12"))
    written = folder / "config" / "clinic-audit" / "signing.yaml"
    assert written.exists()
    assert load_signing_settings().pkcs12 == str(written.parent / "keys" / "me.p12")


def test_a_bad_settings_file_says_where(folder):
    (folder / "s.yaml").write_text("pkcs12: a.p12\ntimestamp_url: ftp://x\n")
    with pytest.raises(BadFileError) as caught:
        load_signing_settings(folder / "s.yaml")
    assert "s.yaml, line 2" in str(caught.value)


def test_a_draft_asked_to_be_signed_is_written_unsigned(folder, pki, capsys):
    assert main(["sample", "-o", "d.json", "--photos", "0"]) == 0
    assert main(["report", "d.json", "-o", "d.pdf", "--sign-with", str(pki.p12)]) == 0
    assert "UNSIGNED: the audit is a draft" in capsys.readouterr().out
    assert main(["verify", "d.pdf", "d.json"]) == 4


def test_a_wrong_password_or_none_without_a_terminal_is_refused(
    final_file, pki, monkeypatch, capsys
):
    monkeypatch.setenv("CLINIC_AUDIT_KEY_PASSWORD", "wrong")
    assert main(["report", str(final_file), "-o", "r.pdf", "--sign-with", str(pki.p12)]) == 2
    assert message(ErrorCode.KEY_PASSWORD_WRONG) in capsys.readouterr().err
    monkeypatch.delenv("CLINIC_AUDIT_KEY_PASSWORD")
    assert main(["report", str(final_file), "-o", "r.pdf", "--sign-with", str(pki.p12)]) == 2
    err = capsys.readouterr().err
    assert message(ErrorCode.KEY_PASSWORD_NEEDED) in err and "Traceback" not in err


def test_a_file_that_is_no_key_is_refused(final_file, capsys):
    (final_file.parent / "not.p12").write_bytes(b"hello")
    assert main(["report", str(final_file), "-o", "r.pdf", "--sign-with", "not.p12"]) == 2
    assert message(ErrorCode.KEY_NOT_PKCS12) in capsys.readouterr().err


def test_an_unreadable_report_exits_2(folder, capsys):
    (folder / "x.pdf").write_text("not a pdf")
    assert main(["verify", "x.pdf"]) == 2
    assert "x.pdf: the file cannot be read (not a PDF file)" in capsys.readouterr().err
