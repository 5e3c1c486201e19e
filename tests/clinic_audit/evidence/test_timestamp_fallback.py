"""A time-stamp service that answers the probe and then fails while signing: the report is
laid out again as B-B and says why, so the signed pages never claim a time stamp."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from asn1crypto import tsp

from clinic_audit.checklist.packs import builtin_checklist_for
from clinic_audit.evidence.verify import Status, check_report
from clinic_audit.reports.build import Signing, build_signed_report
from clinic_audit.reports.photos import PortablePhotos
from clinic_audit.rules.scoring import summarize
from tests.reports.conftest import flat, pdf_pages


@pytest.fixture
def flaky_tsa(pki):
    """Certomancer's TSA on 127.0.0.1, answering only the first request (then HTTP 503)."""
    timestamper = pki.timestamper
    answered = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the name http.server calls
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if answered:
                self.send_response(503)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            answered.append(True)
            reply = timestamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/tsa"
    server.shutdown()
    server.server_close()


def test_a_service_failing_after_the_probe_gives_b_b_and_says_why(
    tmp_path, final_sample, signer, flaky_tsa
):
    checklist = builtin_checklist_for(final_sample)
    pdf, plan = build_signed_report(
        final_sample,
        checklist,
        summarize(checklist, final_sample),
        PortablePhotos(final_sample.photo_data),
        Signing(signer, flaky_tsa),
    )
    assert plan.level == "PAdES B-B"
    text = flat(" ".join(pdf_pages(pdf)))
    assert f"The time-stamp service {flaky_tsa} failed while signing" in text
    assert "Level: PAdES B-T" not in text
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    result = check_report(path, final_sample)
    assert result.status is Status.VALID and result.timestamp is None
