"""The archive package: an E-ARK SIP (CSIP and SIP 2.1, the specifications Riksarkivet's FGS
Paketstruktur 2.0 adopts) for one body and one year, as a folder and as a zip.

    <package id>/
      METS.xml                                  the package: agents, descriptive and preservation
                                                metadata, schemas, documentation, the representation
      metadata/descriptive/ead.xml              EAD 2002: the body's records of the year, series by
                                                series, a file (akt) per meeting, recommendation or
                                                agreement, an item per document
      metadata/preservation/premis.xml          PREMIS 3: the package's agents and the events of
                                                making it
      representations/rep1/METS.xml             the documents with their SHA-256 checksums, a
                                                physical and a logical structural map
      representations/rep1/metadata/preservation/premis.xml
                                                PREMIS 3: each file (fixity, size, format), the checks
                                                of the hashes recorded earlier (every stored paper's,
                                                the frozen minutes'), and their outcome
      representations/rep1/data/...             the documents: PDF/A made from the records, the
                                                frozen minutes as JSON, the papers as received
      schemas/                                  METS, XLink and the DILCIS extensions
      documentation/lasmig.txt                  what the package holds, in Swedish

Reproducible: identifiers are derived from the content, files are written in a fixed order, and
the only moment that appears is the package's creation date (`created`), so the same data gives
the same bytes but for that date.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import uuid
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone, translation

from samverkan.archive import collect
from samverkan.structure.models import Body

METS_NS = "http://www.loc.gov/METS/"
XLINK_NS = "http://www.w3.org/1999/xlink"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
CSIP_NS = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
SIP_NS = "https://DILCIS.eu/XML/METS/SIPExtensionMETS"
PREMIS_NS = "http://www.loc.gov/premis/v3"
EAD_NS = "urn:isbn:1-931666-22-9"

for _prefix, _uri in {
    "": METS_NS,
    "xlink": XLINK_NS,
    "xsi": XSI_NS,
    "csip": CSIP_NS,
    "sip": SIP_NS,
    "premis": PREMIS_NS,
    "ead": EAD_NS,
}.items():
    ET.register_namespace(_prefix, _uri)

PROFILE = "https://earksip.dilcis.eu/profile/E-ARK-SIP-v2-1-0.xml"
SPECIFICATION = "2.1.0"
SCHEMAS_DIR = Path(__file__).resolve().parent / "schemas"
SCHEMA_FILES = ["DILCISExtensionMETS.xsd", "DILCISExtensionSIPMETS.xsd", "mets1_12.xsd", "xlink.xsd"]
REPRESENTATION = "rep1"
SOFTWARE = "Samverkan"
ID_NAMESPACE = uuid.UUID("6f1b0a34-5a0e-4b63-9d55-3c5f3f6f0a17")  # Samverkan's archive packages

# PRONOM identifiers of the formats we write ourselves: (name, version, key).
PRONOM = {
    "PDF/A-2b": ("Acrobat PDF/A - Portable Document Format", "2b", "fmt/476"),
    "JSON": ("JSON Data Interchange Format", "", "fmt/817"),
}


def _m(tag: str) -> str:
    return f"{{{METS_NS}}}{tag}"


def _p(tag: str) -> str:
    return f"{{{PREMIS_NS}}}{tag}"


def _e(tag: str) -> str:
    return f"{{{EAD_NS}}}{tag}"


XL_HREF = f"{{{XLINK_NS}}}href"
XL_TYPE = f"{{{XLINK_NS}}}type"
XL_TITLE = f"{{{XLINK_NS}}}title"


def stable_id(*parts: object) -> str:
    """An XML ID derived from what it names, so that it is the same in every run."""
    return "uuid-" + str(uuid.uuid5(ID_NAMESPACE, "/".join(str(p) for p in parts))).upper()


def iso(moment: datetime.datetime) -> str:
    """xs:dateTime in UTC, to the second."""
    return timezone.localtime(moment, datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def xml_bytes(root: ET.Element) -> bytes:
    ET.indent(root, space="  ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        element.text = text
    return element


@dataclass
class WrittenFile:
    path: str  # within the package folder
    data: bytes
    mimetype: str
    created: datetime.datetime
    document: collect.Document | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class Package:
    """A package in memory: its identifier and every file, in the order they are zipped."""

    package_id: str
    body: Body
    year: int
    closed: bool
    created: datetime.datetime
    files: dict[str, bytes] = field(default_factory=dict)
    fixity: list[tuple[str, collect.FixityCheck]] = field(default_factory=list)
    documents: int = 0

    @property
    def failed_checks(self) -> list[tuple[str, collect.FixityCheck]]:
        return [(path, check) for path, check in self.fixity if not check.ok]

    def write_folder(self, parent: Path) -> Path:
        root = parent / self.package_id
        for path, data in self.files.items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return root

    def zip_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.write_zip(buffer)
        return buffer.getvalue()

    def write_zip(self, target: Any) -> None:
        """Entries in a fixed order, each dated with the package's creation date."""
        stamp = timezone.localtime(self.created, datetime.UTC).timetuple()[:6]
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            folders: set[str] = set()
            for path in self.files:
                parts = path.split("/")[:-1]
                for depth in range(1, len(parts) + 1):
                    folders.add("/".join(parts[:depth]))
            for name in [f"{self.package_id}/", *(f"{self.package_id}/{f}/" for f in sorted(folders))]:
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.external_attr = 0o40755 << 16
                archive.writestr(info, b"")
            for path, data in self.files.items():
                info = zipfile.ZipInfo(f"{self.package_id}/{path}", date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o100644 << 16
                archive.writestr(info, data)

    @property
    def file_name(self) -> str:
        return f"{self.package_id}.zip"


def package_id(body: Body, year: int, *, closed: bool) -> str:
    prefix = getattr(settings, "ARCHIVE_ID_PREFIX", "samverkan")
    return f"{prefix}-{body.key}-{year}" + ("-sluten" if closed else "")


def build(
    body: Body,
    year: int,
    *,
    closed: bool = False,
    created: datetime.datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Package:
    """Make the package of `body` for `year`. `progress(done, total)` is called as documents
    are made (rendering the PDF/A papers is most of the work)."""
    created = (created or timezone.now()).replace(microsecond=0)
    with translation.override("sv"):
        contents = collect.contents(body, year, closed=closed)
        package = Package(package_id(body, year, closed=closed), body, year, closed, created)
        _Writer(package, contents, progress).write()
    return package


class _Writer:
    def __init__(
        self, package: Package, contents: collect.Contents, progress: Callable[[int, int], None] | None
    ) -> None:
        self.package = package
        self.contents = contents
        self.progress = progress or (lambda done, total: None)
        self.data_files: list[WrittenFile] = []

    # --- the whole ---------------------------------------------------------------------------

    def write(self) -> None:
        documents = self.contents.documents
        total = len(documents)
        self.progress(0, total)
        for done, document in enumerate(documents, start=1):
            data = document.make()
            self.data_files.append(
                WrittenFile(
                    path=f"representations/{REPRESENTATION}/data/{document.path}",
                    data=data,
                    mimetype=document.mimetype,
                    created=document.created,
                    document=document,
                )
            )
            if document.recorded_sha256 or document.recorded_what == "frozen minutes":
                check = collect.FixityCheck(
                    document.recorded_what, document.recorded_sha256, hashlib.sha256(data).hexdigest()
                )
                if document.recorded_sha256:
                    self.package.fixity.append((document.path, check))
            self.progress(done, total)
        self.package.documents = total

        files: dict[str, bytes] = {}
        for f in self.data_files:
            files[f.path] = f.data
        rep_premis = self._representation_premis()
        files[f"representations/{REPRESENTATION}/metadata/preservation/premis.xml"] = rep_premis
        files[f"representations/{REPRESENTATION}/METS.xml"] = self._representation_mets(rep_premis)
        ead = self._ead()
        files["metadata/descriptive/ead.xml"] = ead
        premis = self._package_premis()
        files["metadata/preservation/premis.xml"] = premis
        for name in SCHEMA_FILES:
            files[f"schemas/{name}"] = (SCHEMAS_DIR / name).read_bytes()
        readme = self._readme()
        files["documentation/lasmig.txt"] = readme
        files["METS.xml"] = self._root_mets(files)
        self.package.files = {path: files[path] for path in sorted(files, key=_zip_order)}

    # --- METS --------------------------------------------------------------------------------

    def _mets_root(self, objid: str, label: str, schema_prefix: str) -> ET.Element:
        schemas = " ".join(
            [
                f"{METS_NS} {schema_prefix}schemas/mets1_12.xsd",
                f"{XLINK_NS} {schema_prefix}schemas/xlink.xsd",
                f"{CSIP_NS} {schema_prefix}schemas/DILCISExtensionMETS.xsd",
                f"{SIP_NS} {schema_prefix}schemas/DILCISExtensionSIPMETS.xsd",
            ]
        )
        return ET.Element(
            _m("mets"),
            {
                "OBJID": objid,
                "LABEL": label,
                "TYPE": "Mixed",
                f"{{{CSIP_NS}}}CONTENTINFORMATIONTYPE": "MIXED",
                "PROFILE": PROFILE,
                f"{{{XSI_NS}}}schemaLocation": schemas,
            },
        )

    def _file(self, group: ET.Element, written: WrittenFile, href: str) -> ET.Element:
        formats: dict[str, str] = {}
        known = PRONOM.get(written.document.format_name) if written.document else None
        if known:
            name, version, key = known
            formats = {f"{{{SIP_NS}}}FILEFORMATNAME": name}
            if version:
                formats[f"{{{SIP_NS}}}FILEFORMATVERSION"] = version
            formats |= {f"{{{SIP_NS}}}FILEFORMATREGISTRY": "PRONOM", f"{{{SIP_NS}}}FILEFORMATKEY": key}
        element = sub(
            group,
            _m("file"),
            ID=stable_id("file", written.path),
            MIMETYPE=written.mimetype,
            SIZE=str(len(written.data)),
            CREATED=iso(written.created),
            CHECKSUM=written.sha256.upper(),
            CHECKSUMTYPE="SHA-256",
            **formats,
        )
        sub(element, _m("FLocat"), LOCTYPE="URL", **{XL_TYPE: "simple", XL_HREF: href})
        return element

    def _md_ref(self, parent: ET.Element, tag: str, path: str, data: bytes, mdtype: str, href: str) -> str:
        md_id = stable_id(tag, path)
        section = sub(parent, _m(tag), ID=md_id, CREATED=iso(self.package.created), STATUS="CURRENT")
        sub(
            section,
            _m("mdRef"),
            LOCTYPE="URL",
            MDTYPE=mdtype,
            MIMETYPE="text/xml",
            SIZE=str(len(data)),
            CREATED=iso(self.package.created),
            CHECKSUM=hashlib.sha256(data).hexdigest().upper(),
            CHECKSUMTYPE="SHA-256",
            **{XL_TYPE: "simple", XL_HREF: href},
        )
        return md_id

    def _root_mets(self, files: dict[str, bytes]) -> bytes:
        package = self.package
        body = package.body
        label = f"{body.name}: allmänna handlingar {package.year}"
        if package.closed:
            label += " – SLUTEN LEVERANS, innehåller handlingar med sekretess"
        mets = self._mets_root(package.package_id, label, "")
        header = sub(
            mets,
            _m("metsHdr"),
            CREATEDATE=iso(package.created),
            RECORDSTATUS="NEW",
            **{f"{{{CSIP_NS}}}OAISPACKAGETYPE": "SIP"},
        )
        creator = sub(header, _m("agent"), ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
        sub(creator, _m("name"), SOFTWARE)
        sub(creator, _m("note"), _version(), **{f"{{{CSIP_NS}}}NOTETYPE": "SOFTWARE VERSION"})
        archivist = sub(header, _m("agent"), ROLE="ARCHIVIST", TYPE="ORGANIZATION")
        sub(archivist, _m("name"), body.name)
        code = _identification_code(body)
        if code:
            sub(archivist, _m("note"), code, **{f"{{{CSIP_NS}}}NOTETYPE": "IDENTIFICATIONCODE"})
        # The submitting agent (SIP 2.1): the organisation that delivers, by default the body.
        submitter = sub(header, _m("agent"), ROLE="CREATOR", TYPE="ORGANIZATION")
        sub(submitter, _m("name"), getattr(settings, "ARCHIVE_SUBMITTER", "") or body.name)
        if code and not getattr(settings, "ARCHIVE_SUBMITTER", ""):
            sub(submitter, _m("note"), code, **{f"{{{CSIP_NS}}}NOTETYPE": "IDENTIFICATIONCODE"})
        receiver = getattr(settings, "ARCHIVE_RECEIVER", "") or ""
        if receiver:
            preservation = sub(header, _m("agent"), ROLE="PRESERVATION", TYPE="ORGANIZATION")
            sub(preservation, _m("name"), receiver)
        agreement = getattr(settings, "ARCHIVE_SUBMISSION_AGREEMENT", "") or ""
        if agreement:
            sub(header, _m("altRecordID"), agreement, TYPE="SUBMISSIONAGREEMENT")

        dmd_id = self._md_ref(
            mets, "dmdSec", "ead", files["metadata/descriptive/ead.xml"], "EAD", "metadata/descriptive/ead.xml"
        )
        amd = sub(mets, _m("amdSec"))
        amd_id = self._md_ref(
            amd,
            "digiprovMD",
            "premis",
            files["metadata/preservation/premis.xml"],
            "PREMIS",
            "metadata/preservation/premis.xml",
        )

        file_sec = sub(mets, _m("fileSec"), ID=stable_id("fileSec", package.package_id))
        groups: dict[str, str] = {}
        for use, prefix in (("Schemas", "schemas/"), ("Documentation", "documentation/")):
            group_id = stable_id("fileGrp", use)
            group = sub(file_sec, _m("fileGrp"), ID=group_id, USE=use)
            groups[use] = group_id
            for path in sorted(p for p in files if p.startswith(prefix)):
                mimetype = "text/plain" if path.endswith(".txt") else "application/xml"
                self._file(group, WrittenFile(path, files[path], mimetype, package.created), path)
        rep_use = f"Representations/{REPRESENTATION}"
        rep_group_id = stable_id("fileGrp", rep_use)
        rep_group = sub(file_sec, _m("fileGrp"), ID=rep_group_id, USE=rep_use)
        rep_mets = f"representations/{REPRESENTATION}/METS.xml"
        self._file(rep_group, WrittenFile(rep_mets, files[rep_mets], "application/xml", package.created), rep_mets)

        struct = sub(mets, _m("structMap"), ID=stable_id("structMap", "root"), TYPE="PHYSICAL", LABEL="CSIP")
        top = sub(struct, _m("div"), ID=stable_id("div", "root"), LABEL=package.package_id)
        sub(top, _m("div"), ID=stable_id("div", "Metadata"), LABEL="Metadata", DMDID=dmd_id, ADMID=amd_id)
        for use in ("Schemas", "Documentation"):
            div = sub(top, _m("div"), ID=stable_id("div", use), LABEL=use)
            sub(div, _m("fptr"), FILEID=groups[use])
        div = sub(top, _m("div"), ID=stable_id("div", rep_use), LABEL=rep_use)
        sub(div, _m("mptr"), LOCTYPE="URL", **{XL_TYPE: "simple", XL_HREF: rep_mets, XL_TITLE: rep_group_id})
        return xml_bytes(mets)

    def _representation_mets(self, premis: bytes) -> bytes:
        package = self.package
        mets = self._mets_root(REPRESENTATION, f"{package.package_id}: {REPRESENTATION}", "../../")
        sub(
            mets,
            _m("metsHdr"),
            CREATEDATE=iso(package.created),
            RECORDSTATUS="NEW",
            **{f"{{{CSIP_NS}}}OAISPACKAGETYPE": "SIP"},
        )
        amd = sub(mets, _m("amdSec"))
        amd_id = self._md_ref(amd, "digiprovMD", "premis-rep", premis, "PREMIS", "metadata/preservation/premis.xml")
        file_sec = sub(mets, _m("fileSec"), ID=stable_id("fileSec", REPRESENTATION))
        data_group_id = stable_id("fileGrp", REPRESENTATION, "Data")
        data_group = sub(file_sec, _m("fileGrp"), ID=data_group_id, USE="Data")
        prefix = f"representations/{REPRESENTATION}/"
        for written in self.data_files:
            self._file(data_group, written, written.path.removeprefix(prefix))
        struct = sub(mets, _m("structMap"), ID=stable_id("structMap", REPRESENTATION), TYPE="PHYSICAL", LABEL="CSIP")
        top = sub(struct, _m("div"), ID=stable_id("div", REPRESENTATION), TYPE="ORIGINAL", LABEL=REPRESENTATION)
        sub(top, _m("div"), ID=stable_id("div", REPRESENTATION, "Metadata"), LABEL="Metadata", ADMID=amd_id)
        data_div = sub(top, _m("div"), ID=stable_id("div", REPRESENTATION, "Data"), LABEL="Data")
        sub(data_div, _m("fptr"), FILEID=data_group_id)
        # The logical map: the body's year as series, files (akter) and documents.
        logical = sub(mets, _m("structMap"), ID=stable_id("structMap", "logical"), TYPE="LOGICAL", LABEL="Samverkan")
        year_div = sub(
            logical,
            _m("div"),
            ID=stable_id("div", "logical", "year"),
            TYPE="fonds",
            LABEL=f"{package.body.name} {package.year}",
        )
        by_path = {w.document.path: w for w in self.data_files if w.document}
        for series, title in collect.SERIES_TITLES.items():
            units = [u for u in self.contents.units if u.series == series]
            if not units:
                continue
            series_div = sub(year_div, _m("div"), ID=stable_id("div", "logical", series), TYPE="series", LABEL=title)
            for unit in units:
                unit_div = sub(
                    series_div, _m("div"), ID=stable_id("div", "logical", unit.ref), TYPE="file", LABEL=unit.title
                )
                for document in unit.documents:
                    doc_div = sub(
                        unit_div,
                        _m("div"),
                        ID=stable_id("div", "logical", document.path),
                        TYPE="item",
                        LABEL=document.title,
                    )
                    sub(doc_div, _m("fptr"), FILEID=stable_id("file", by_path[document.path].path))
        return xml_bytes(mets)

    # --- PREMIS ------------------------------------------------------------------------------

    def _premis_root(self) -> ET.Element:
        return ET.Element(
            _p("premis"),
            {
                "version": "3.0",
                f"{{{XSI_NS}}}schemaLocation": f"{PREMIS_NS} https://www.loc.gov/standards/premis/premis.xsd",
            },
        )

    def _identifier(self, parent: ET.Element, tag: str, kind: str, value: str) -> None:
        ident = sub(parent, _p(tag))
        sub(ident, _p(f"{tag}Type"), kind)
        sub(ident, _p(f"{tag}Value"), value)

    def _agents(self, premis: ET.Element) -> None:
        agent = sub(premis, _p("agent"))
        self._identifier(agent, "agentIdentifier", "local", "samverkan")
        sub(agent, _p("agentName"), SOFTWARE)
        sub(agent, _p("agentType"), "software")
        sub(agent, _p("agentVersion"), _version())
        body = self.package.body
        archivist = sub(premis, _p("agent"))
        self._identifier(archivist, "agentIdentifier", "local", f"body-{body.key}")
        sub(archivist, _p("agentName"), body.name)
        sub(archivist, _p("agentType"), "organization")

    def _link_agent(self, event: ET.Element, value: str, role: str) -> None:
        link = sub(event, _p("linkingAgentIdentifier"))
        sub(link, _p("linkingAgentIdentifierType"), "local")
        sub(link, _p("linkingAgentIdentifierValue"), value)
        sub(link, _p("linkingAgentRole"), role)

    def _link_object(self, event: ET.Element, value: str) -> None:
        link = sub(event, _p("linkingObjectIdentifier"))
        sub(link, _p("linkingObjectIdentifierType"), "local")
        sub(link, _p("linkingObjectIdentifierValue"), value)

    def _representation_premis(self) -> bytes:
        premis = self._premis_root()
        prefix = f"representations/{REPRESENTATION}/"
        events: list[tuple[str, str, str, str, list[str]]] = []
        for written in self.data_files:
            document = written.document
            assert document is not None
            local = written.path.removeprefix(prefix)
            obj = sub(premis, _p("object"), **{f"{{{XSI_NS}}}type": "premis:file"})
            self._identifier(obj, "objectIdentifier", "local", local)
            characteristics = sub(obj, _p("objectCharacteristics"))
            sub(characteristics, _p("compositionLevel"), "0")
            fixity = sub(characteristics, _p("fixity"))
            sub(fixity, _p("messageDigestAlgorithm"), "SHA-256")
            sub(fixity, _p("messageDigest"), written.sha256)
            sub(fixity, _p("messageDigestOriginator"), SOFTWARE)
            sub(characteristics, _p("size"), str(len(written.data)))
            fmt = sub(characteristics, _p("format"))
            designation = sub(fmt, _p("formatDesignation"))
            sub(designation, _p("formatName"), document.format_name)
            if document.format_name in PRONOM:
                registry = sub(fmt, _p("formatRegistry"))
                sub(registry, _p("formatRegistryName"), "PRONOM")
                sub(registry, _p("formatRegistryKey"), PRONOM[document.format_name][2])
            if document.original_name:
                sub(obj, _p("originalName"), document.original_name)
            if document.recorded_what == "frozen minutes":
                if document.recorded_sha256:
                    ok = document.recorded_sha256 == written.sha256
                    detail = (
                        "SHA-256 av protokollets kanoniska JSON, låst vid justeringen "
                        f"({document.recorded_sha256}), beräknad på nytt vid leveransen ({written.sha256})"
                    )
                    events.append(("fixity check", "success" if ok else "failure", detail, local, []))
                else:
                    detail = (
                        "Protokollets innehåll utan punkter med sekretess: hashen som låstes vid justeringen "
                        "gäller hela innehållet och kontrolleras i den slutna leveransen"
                    )
                    events.append(("fixity check", "not applicable", detail, local, []))
            elif document.recorded_sha256:
                ok = document.recorded_sha256 == written.sha256
                detail = (
                    f"SHA-256 registrerad när filen togs emot ({document.recorded_sha256}), "
                    f"beräknad på nytt vid leveransen ({written.sha256})"
                )
                events.append(("fixity check", "success" if ok else "failure", detail, local, []))
            elif document.format_name == "PDF/A-2b":
                events.append(
                    ("creation", "success", "PDF/A-2b framställd ur registrets uppgifter (WeasyPrint)", local, [])
                )
        for event_type, outcome, detail, local, _extra in events:
            event = sub(premis, _p("event"))
            self._identifier(event, "eventIdentifier", "local", stable_id("event", event_type, local))
            sub(event, _p("eventType"), event_type)
            sub(event, _p("eventDateTime"), iso(self.package.created))
            info = sub(event, _p("eventDetailInformation"))
            sub(info, _p("eventDetail"), detail)
            outcome_info = sub(event, _p("eventOutcomeInformation"))
            sub(outcome_info, _p("eventOutcome"), outcome)
            self._link_agent(event, "samverkan", "executing program")
            self._link_object(event, local)
        self._agents(premis)
        return xml_bytes(premis)

    def _package_premis(self) -> bytes:
        premis = self._premis_root()
        package = self.package
        event = sub(premis, _p("event"))
        self._identifier(event, "eventIdentifier", "local", stable_id("event", "creation", package.package_id))
        sub(event, _p("eventType"), "creation")
        sub(event, _p("eventDateTime"), iso(package.created))
        info = sub(event, _p("eventDetailInformation"))
        kind = "sluten leverans (med sekretess)" if package.closed else "öppen leverans (utan sekretess)"
        sub(info, _p("eventDetail"), f"Informationspaket för {package.body.name} {package.year}, {kind}")
        outcome_info = sub(event, _p("eventOutcomeInformation"))
        failed = package.failed_checks
        sub(outcome_info, _p("eventOutcome"), "failure" if failed else "success")
        detail = sub(outcome_info, _p("eventOutcomeDetail"))
        summary = f"{package.documents} dokument; {len(package.fixity)} kontrollsummor kontrollerade"
        if failed:
            summary += "; stämmer inte: " + ", ".join(path for path, _check in failed)
        sub(detail, _p("eventOutcomeDetailNote"), summary)
        self._link_agent(event, "samverkan", "executing program")
        self._link_agent(event, f"body-{package.body.key}", "archivist")
        self._link_object(event, package.package_id)
        self._agents(premis)
        return xml_bytes(premis)

    # --- EAD ---------------------------------------------------------------------------------

    def _ead(self) -> bytes:
        package = self.package
        body = package.body
        ead = ET.Element(_e("ead"))
        header = sub(ead, _e("eadheader"))
        sub(header, _e("eadid"), package.package_id)
        filedesc = sub(header, _e("filedesc"))
        titlestmt = sub(filedesc, _e("titlestmt"))
        sub(titlestmt, _e("titleproper"), f"{body.name}: allmänna handlingar {package.year}")
        profile = sub(header, _e("profiledesc"))
        langusage = sub(profile, _e("langusage"))
        sub(langusage, _e("language"), "svenska", langcode="swe")
        archdesc = sub(ead, _e("archdesc"), level="fonds")
        did = sub(archdesc, _e("did"))
        sub(did, _e("unittitle"), body.name)
        sub(did, _e("unitid"), package.package_id)
        sub(did, _e("unitdate"), str(package.year), normal=f"{package.year}-01-01/{package.year}-12-31")
        origination = sub(did, _e("origination"), label="Arkivbildare")
        sub(origination, _e("corpname"), body.name)
        langmaterial = sub(did, _e("langmaterial"))
        sub(langmaterial, _e("language"), "svenska", langcode="swe")
        restrict = sub(archdesc, _e("accessrestrict"), type="sekretess" if package.closed else "offentlig")
        if package.closed:
            sub(
                restrict,
                _e("p"),
                "Sluten leverans: innehåller handlingar med sekretess (punkter, handlingar, rekommendationer "
                "eller avtal som inte är offentliga). Får inte lämnas ut utan sekretessprövning.",
            )
        else:
            sub(
                restrict,
                _e("p"),
                "Öppen leverans: innehåller inga punkter med sekretess, inga rekommendationer eller avtal som "
                "inte är offentliga och inga utkast.",
            )
        dsc = sub(archdesc, _e("dsc"))
        for series, title in collect.SERIES_TITLES.items():
            units = [u for u in self.contents.units if u.series == series]
            if not units:
                continue
            series_c = sub(dsc, _e("c"), level="series", id=stable_id("ead", series))
            series_did = sub(series_c, _e("did"))
            sub(series_did, _e("unittitle"), title)
            for unit in units:
                unit_c = sub(series_c, _e("c"), level="file", id=stable_id("ead", unit.ref))
                unit_did = sub(unit_c, _e("did"))
                sub(unit_did, _e("unittitle"), unit.title)
                sub(unit_did, _e("unitid"), unit.ref)
                dates = _date_range(unit.date_from, unit.date_to)
                if dates:
                    sub(unit_did, _e("unitdate"), dates[0], normal=dates[1])
                if unit.confidential:
                    access = sub(unit_c, _e("accessrestrict"), type="sekretess")
                    sub(access, _e("p"), "Innehåller uppgifter med sekretess eller som inte är offentliga.")
                for note in unit.notes:
                    odd = sub(unit_c, _e("odd"))
                    sub(odd, _e("p"), note)
                for document in unit.documents:
                    item_c = sub(unit_c, _e("c"), level="item", id=stable_id("ead", document.path))
                    item_did = sub(item_c, _e("did"))
                    sub(item_did, _e("unittitle"), document.title)
                    day = collect.local_date(document.created)
                    if day:
                        sub(item_did, _e("unitdate"), day.isoformat(), normal=day.isoformat())
                    sub(
                        item_did,
                        _e("dao"),
                        **{
                            XL_TYPE: "simple",
                            XL_HREF: f"representations/{REPRESENTATION}/data/{document.path}",
                            XL_TITLE: document.title,
                        },
                    )
                    if document.confidential:
                        access = sub(item_c, _e("accessrestrict"), type="sekretess")
                        sub(access, _e("p"), "Sekretess.")
        return xml_bytes(ead)

    # --- documentation -----------------------------------------------------------------------

    def _readme(self) -> bytes:
        package = self.package
        lines = [
            f"Informationspaket {package.package_id}",
            f"{package.body.name}: allmänna handlingar {package.year}",
            "",
            "Paketet följer E-ARK CSIP och SIP 2.1 som Riksarkivets FGS Paketstruktur 2.0 tillämpar dem.",
            (
                "SLUTEN LEVERANS: paketet innehåller handlingar med sekretess och handlingar som inte är "
                "offentliga. Det får inte lämnas ut utan sekretessprövning."
                if package.closed
                else "Öppen leverans: punkter med sekretess, och rekommendationer och avtal som inte är "
                "offentliga, ingår inte; de finns i den slutna leveransen för samma år."
            ),
            "",
            "Innehåll (representations/rep1/data/):",
            "  sammantraden/ÅÅÅÅ-MM-DD/  kallelse, handlingar, protokoll (PDF/A och låst innehåll som JSON),",
            "                            anslag om justering och protokollsutdrag för varje beslut",
            "  rekommendationer/         varje rekommendation med alla huvudmäns svar och deras protokollsutdrag",
            "  avtal/                    avtal med händelser och versioner",
            "",
            "Kontrollsummor: METS.xml-filerna anger SHA-256 för varje fil. protokoll.json är protokollets",
            "innehåll som det låstes vid justeringen, i kanonisk JSON (sorterade nycklar, inga mellanrum,",
            "UTF-8); dess SHA-256 är den hash som Samverkan sparade vid justeringen, och kontrollen av den",
            "vid leveransen står i representations/rep1/metadata/preservation/premis.xml.",
            "",
            f"Antal dokument: {package.documents}",
        ]
        return ("\n".join(lines) + "\n").encode("utf-8")


def _zip_order(path: str) -> tuple[int, str]:
    """METS.xml first, then metadata, the representation, schemas and documentation."""
    order = ["METS.xml", "metadata/", "representations/", "schemas/", "documentation/"]
    return next((i for i, prefix in enumerate(order) if path.startswith(prefix)), len(order)), path


def _date_range(start: datetime.date | None, end: datetime.date | None) -> tuple[str, str] | None:
    if start is None and end is None:
        return None
    if start is None:
        assert end is not None
        return f"–{end.isoformat()}", end.isoformat()
    if end is None or end == start:
        return start.isoformat(), start.isoformat()
    return f"{start.isoformat()}–{end.isoformat()}", f"{start.isoformat()}/{end.isoformat()}"


def _identification_code(body: Body) -> str:
    """The archivist's organisation number: the owning principal's, when the body has one owner."""
    numbers = [p.org_number for p in body.owners.all() if p.org_number]
    return numbers[0] if len(numbers) == 1 else ""


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("samverkan")
    except PackageNotFoundError:  # pragma: no cover - always installed
        return "0"


def build_all(body: Body, years: Iterable[int], **kwargs: Any) -> list[Package]:
    return [build(body, year, **kwargs) for year in years]
