"""The report's XMP metadata packet: the document information (title, author, subject,
keywords, dates, tool) in the form archives read, plus the report id and the SHA-256 of
the record it was built from."""

from __future__ import annotations

import datetime as dt
import uuid
from xml.sax.saxutils import escape

NAMESPACE = "https://clinic-audit.example/ns/report/1.0/"


def xmp_packet(
    *,
    title: str,
    author: str,
    subject: str,
    keywords: str,
    creator_tool: str,
    producer: str,
    created: dt.datetime,
    report_id: str,
    record_sha256: str,
    audit_id: str,
) -> str:
    def x(text: str) -> str:
        return escape(text, {'"': "&quot;"})

    stamp = created.isoformat(timespec="seconds")
    document = uuid.uuid5(uuid.NAMESPACE_URL, f"clinic-audit:{audit_id}")
    instance = uuid.uuid5(uuid.NAMESPACE_URL, f"clinic-audit:{report_id}:{record_sha256}")
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:ca="{NAMESPACE}">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{x(title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{x(author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description>
    <rdf:Alt><rdf:li xml:lang="x-default">{x(subject)}</rdf:li></rdf:Alt>
   </dc:description>
   <dc:language><rdf:Bag><rdf:li>en-US</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>{x(keywords)}</pdf:Keywords>
   <pdf:Producer>{x(producer)}</pdf:Producer>
   <xmp:CreatorTool>{x(creator_tool)}</xmp:CreatorTool>
   <xmp:CreateDate>{stamp}</xmp:CreateDate>
   <xmp:ModifyDate>{stamp}</xmp:ModifyDate>
   <xmp:MetadataDate>{stamp}</xmp:MetadataDate>
   <xmpMM:DocumentID>uuid:{document}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{instance}</xmpMM:InstanceID>
   <ca:ReportID>{x(report_id)}</ca:ReportID>
   <ca:AuditID>{x(audit_id)}</ca:AuditID>
   <ca:RecordSHA256>{x(record_sha256)}</ca:RecordSHA256>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
