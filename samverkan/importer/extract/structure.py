"""Extracting meeting structure from a document's text.

`extract(text)` returns the JSON shape of ../shared/tools/score_import.py. The text is what a PDF,
DOCX or web page yields: page headers repeated on every page, table columns flattened into tabs or
runs of spaces, words hyphenated across lines, lost § signs. The rules are general patterns of
Swedish meeting documents (headings, labels, "(S)" parties, "Beslut:"), not the seeds' strings.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from samverkan.importer.extract.layout import relayout
from samverkan.importer.extract.names import is_given_name
from samverkan.importer.extract.sweden import municipality, party

MONTHS = {
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7, "augusti": 8,
    "september": 9, "oktober": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4,
    "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "okt": 10, "nov": 11, "dec": 12,
}  # fmt: skip

UP = "A-ZÅÄÖÉÜ"
LOW = "a-zåäöéüè"
NAME_WORD = rf"[{UP}][{LOW}]+(?:-[{UP}]?[{LOW}]+)*"
NAME = rf"{NAME_WORD}(?:[ ]+(?:af |von |van |de |da |el |te |ter |du |di |le |la |der )?{NAME_WORD}){{1,3}}"

ROLE_WORDS = {
    "ordförande": "ordförande",
    "ordf": "ordförande",
    "vice ordförande": "vice ordförande",
    "1:e vice ordförande": "vice ordförande",
    "2:e vice ordförande": "vice ordförande",
    "förste vice ordförande": "vice ordförande",
    "första vice ordförande": "vice ordförande",
    "andre vice ordförande": "vice ordförande",
    "andra vice ordförande": "vice ordförande",
    "vice ordf": "vice ordförande",
    "ledamot": "ledamot",
    "ersättare": "ersättare",
    "tjänstgörande ersättare": "ersättare",
    "ej tjänstgörande ersättare": "ersättare",
    "sekreterare": "sekreterare",
    "mötessekreterare": "sekreterare",
    "nämndsekreterare": "sekreterare",
    "sekr": "sekreterare",
    "protokollförare": "sekreterare",
    "adjungerad": "övrig",
}

STAFF_RE = re.compile(
    r"(direktör|chef\b|chef[- ]|\w+chef|strateg|sekreterare|handläggare|controller|samordnare|ledare|planerare|"
    r"ansvarig|kommunikatör|utvecklare|utredare|analytiker|registrator|jurist|ekonom|koordinator|tjänsteperson|"
    r"tjänsteman|beredning|administratör|rådgivare|konsult|specialist|läkare|sjuksköterska|kurator|"
    r"projektledare|processledare|verksamhetsutvecklare|förvaltnings|stabs|\bMAS\b|\bMAR\b|assistent|"
    r"inspektör|revisor|notarie|kanslist|ombudsman|expert|medarbetare|\bvd\b|tf\.?\s|tillförordnad|sakkunnig|"
    r"ansvar\b|överläkare|psykolog|enhetschef|områdeschef|skolchef)",
    re.IGNORECASE,
)
ORG_WORD_RE = re.compile(
    rf"^(?:[{UP}]{{2,}}\w*|\w*[{LOW}][{UP}]\w*|(?i:\w*(?:styrelsen|regionen|region|nämnden|förbundet|förbund|"
    rf"kommun|kommunen|landsting|landstinget|myndigheten|verket|stad|staden|associates|ab|inspektionen|"
    rf"universitet|högskola|sjukhuset|kansliet)))$"
)
BODY_WORDS = (
    r"\b\w*(?:styrelse|styrgrupp|nämnd|utskott|beredning|samrådsorgan|fullmäktige|direktion|presidium|presidiet|"
    r"förbundsmöte|ledningsgrupp|arbetsgrupp|samverkansorgan|samverkansgrupp|delegation|forum|nätverk|kommitté|församling|"
    r"stämma|organ|grupp)(?:en|n|et|t|s|rna|erna)?\b|\b(?:\w{3,})?råd(?:et)?\b"
)
BODY_RE = re.compile(BODY_WORDS, re.IGNORECASE)
ORG_LINE_RE = re.compile(
    rf"^[{UP}][\w.&-]*(?:\s+[\w.&-]+){{0,5}}?\s*(?:kommunalförbund|kommunförbund|regionen|region|kommun|"
    r"landsting|förbund|samorganisation|stad|kommunalförbundet)$",
    re.IGNORECASE,
)

TYPE_HEADINGS = {
    "information": "information",
    "informationsärende": "information",
    "för information": "information",
    "för kännedom": "information",
    "beslut": "beslut",
    "beslutsärende": "beslut",
    "för beslut": "beslut",
    "ställningstagande": "ställningstagande",
    "för ställningstagande": "ställningstagande",
}

DECISION_LABEL_RE = re.compile(
    r"^(?:beslut|beslutet|ställningstagande|\w+s beslut|beslutades|beslöts|mötet beslutar|"
    r"överenskommelse|beslutsformulering)(?![\wåäö])\s*:?\s*(.*)$",
    re.IGNORECASE,
)
PROPOSAL_RE = re.compile(
    r"^(?:förslag till (?:beslut|ställningstagande)|förslag till|beslutsförslag|förslag|yrkande|"
    r"föreslaget beslut|\w+s förslag)\b",
    re.IGNORECASE,
)
PASSIVE_DECISION_RE = re.compile(
    r"\b(antecknas|antecknades|noteras|noterades|läggs(?: därmed)? till handlingarna|lades till handlingarna|"
    r"fastställs|fastställdes|godkänns|godkändes|utses|utsågs|väljs|valdes|antas|antogs|beslutas|bifalls|"
    r"avslås|tillstyrks|återremitteras|bordläggs|förklaras|beslutade|beslöt|noterar informationen|"
    r"tar del av informationen|tackar för informationen|ställer sig bakom|godkänner|fastställer|"
    r"enades om|överenskoms|kom överens om)\b",
    re.IGNORECASE,
)
ACTIVE_DECISION_RE = re.compile(
    r"\bbeslut(?:ar|ade|ades)(?:\s+att\b|\s*:|\s*$|\s+enligt\b|\s+i enlighet med\b)|\bbeslut om att\b|"
    r"^(?:[A-ZÅÄÖ][a-zåäö]+(?:en|et|n|t)|Mötet|Gruppen)\s+(?:utser|godkänner|fastställer|noterar|antecknar|"
    r"lägger|tillstyrker|avslår|antar|väljer|beslutar)\b|^att (?:notera|lägga|godkänna|fastställa|anteckna)\b|"
    r"^lägga\s.+\btill handlingarna\b",
    re.IGNORECASE,
)
PRESENTER_LABEL_RE = re.compile(
    r"^(?:föredragande(?: tjänsteperson| tjänsteman| politiker)?|föredragare|föredras av|presenteras av|"
    r"presentatör|dragande|ansvarig föredragande)\s*:?\s*(.*)$",
    re.IGNORECASE,
)
NARRATIVE_VERBS = (
    r"informerar|informerade|berättar|berättade|redogör|redogjorde|presenterar|presenterade|föredrar|"
    r"föredrog|ger en|gav en|beskriver|beskrev|rapporterar|rapporterade|redovisar|redovisade|visar|visade|"
    r"lämnar information|lämnade information|ger information|gav information|går igenom|gick igenom"
)

PRESENT_HEADINGS = re.compile(
    r"^(?:närvarande|närvarolista|deltagare|deltagande|närvarande ledamöter|närvarande beslutande|"
    r"närvaro)$",
    re.IGNORECASE,
)
ABSENT_HEADINGS = re.compile(
    r"^(?:ej närvarande|icke närvarande|frånvarande|anmält förhinder|anmälda förhinder|förhinder|förhindrade|"
    r"ej tjänstgörande|frånvarande ledamöter|ej närvarande ledamöter|anmält frånvaro|meddelat förhinder)$",
    re.IGNORECASE,
)
ROLE_HEADINGS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?:tjänstgörande )?ersättare|^ersättare", re.I), "ersättare"),
    (
        re.compile(
            r"^(?:ledamöter|ledamot|beslutande|ordinarie ledamöter|tjänstgörande ledamöter|politiker|förtroendevalda|kallade ledamöter|kallade)\b",
            re.I,
        ),
        "ledamot",
    ),
    (
        re.compile(
            r"^(?:tjänstemän|tjänstepersoner|tjänsteman|tjänsteperson|föredragande|tjänstemän och övriga|"
            r"från förvaltningen|förvaltningen|kansliet|personal)\b",
            re.I,
        ),
        "tjänsteperson",
    ),
    (
        re.compile(
            r"^(?:övriga|övriga närvarande|övriga deltagare|adjungerade|adjungerad|inbjudna|inbjuden|gäster|"
            r"gäst|övriga deltagande|närvarande övriga|även närvarande|dessutom närvarande|revisorer)\b",
            re.I,
        ),
        "övrig",
    ),
    (re.compile(r"^(?:sekreterare|protokollförare|mötessekreterare|sekr)\b", re.I), "sekreterare"),
    (re.compile(r"^ordförande\b", re.I), "ordförande"),
    (re.compile(r"^vice ordförande\b", re.I), "vice ordförande"),
]
STOP_LABELS = re.compile(
    r"^(?:justerare|justeras|justerat|justering|justerande|utses att justera|plats|tid|datum|lokal|"
    r"dagordning|agenda|föredragningslista|ärenden|paragrafer|underskrifter|sekreterare|ordförande)\b",
    re.IGNORECASE,
)


# --- cleaning ----------------------------------------------------------------------------------


def clean(text: str) -> list[str]:
    """Normalise the text and return its lines, with repeated page headers/footers removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u00ad", "")
    text = text.replace("\u2013", "–").replace("\ufeff", "")
    # Markdown and link artefacts of web/PDF converters.
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"</?[a-z]+>", "", text)
    text = re.sub(r"^\s{0,3}#{1,6}\s*", "", text, flags=re.M)
    text = text.replace("***", " ").replace("**", " ").replace("__", " ")
    text = re.sub(r"(?<![\w*])\*(?=\S)([^*\n]+?)\*(?![\w*])", r"\1", text)
    text = re.sub(r"^(\s*)\*\s+", r"\1- ", text, flags=re.M)
    text = re.sub(r"^(\s*)[*_]+(?=\S)", r"\1", text, flags=re.M)
    text = re.sub(r"^\s*[•●▪◦·]\s*", "- ", text, flags=re.M)
    # Words hyphenated across lines: "sam-\nverkan" -> "samverkan" (not "hälso-\noch").
    # (The look-behind anchors the match at the start of a word: without it a long run of
    # letters is tried from every position, which takes quadratic time.)
    text = re.sub(
        rf"(?<![{LOW}])([{LOW}]{{2,}})-[ \t]*\n\s*(?!(?:och|eller|samt|till|som|resp)\b)([{LOW}]{{2,}})", r"\1\2", text
    )
    lines = [re.sub(r"[ \f\v]+$", "", line) for line in text.split("\n")]
    lines = [re.sub(r"(?<=\S) {2,}(?=\S)", lambda m: "\t" if len(m.group()) >= 3 else " ", x) for x in lines]
    lines = [x.strip(" ") for x in lines]
    return _join_wrapped_labels(drop_repeated([part for x in lines for part in _bounded(x)]))


WRAPPED_LABEL_RE = re.compile(rf"^[{LOW}][{LOW} ]{{1,30}}$")


def _join_wrapped_labels(lines: list[str]) -> list[str]:
    """A label column wrapped over two lines ("Ej tjänstgörande<tab>Gustav Strand (M)" + "ersättare<tab>Hanna
    Lind (V)", "Justeringens<tab>..." + "plats och tid"): the label's second half joins its first, the value
    stays in its column."""
    out = list(lines)
    for i in range(1, len(out)):
        prev, cur = out[i - 1], out[i]
        if "\t" not in prev or not prev[:1].isupper():
            continue
        head, _, rest = cur.partition("\t")
        head = head.strip()
        if not WRAPPED_LABEL_RE.match(head) or len(head.split()) > 3:
            continue
        label, _, value = prev.partition("\t")
        out[i - 1] = f"{label.strip()} {head}\t{value}"
        out[i] = f"\t{rest}" if rest.strip() else ""
    return out


MAX_LINE = 1000


def _bounded(line: str) -> list[str]:
    """A line longer than any a document prints (hostile or unsplit input) in pieces cut at spaces, so that
    every rule works on lines of bounded length."""
    if len(line) <= MAX_LINE:
        return [line]
    out: list[str] = []
    while len(line) > MAX_LINE:
        cut = line.rfind(" ", MAX_LINE // 2, MAX_LINE)
        cut = cut if cut > 0 else MAX_LINE
        out.append(line[:cut].strip())
        line = line[cut:].strip()
    out.append(line)
    return out


PAGE_RE = re.compile(
    r"^(?:sida\s*)?\d{1,3}\s*(?:\(\s*\d{1,3}\s*\)|/\s*\d{1,3}|av\s+\d{1,3})$|^sida\s+\d{1,3}$|^-\s*\d{1,3}\s*-$",
    re.IGNORECASE,
)


def drop_repeated(lines: list[str]) -> list[str]:
    counts = Counter(x for x in lines if x)
    repeated = {
        x
        for x, n in counts.items()
        if n >= 3
        and len(x) > 3
        and not PASSIVE_DECISION_RE.search(x)
        and not DECISION_LABEL_RE.match(x)
        and norm_heading(x) not in TYPE_HEADINGS
        and not re.match(r"^[-–]|^\d{1,3}[.)]\s", x)
        and len(x) < 120
    }
    seen: set[str] = set()
    out: list[str] = []
    for x in lines:
        if PAGE_RE.match(x):
            continue
        if x in repeated:
            if x in seen:
                continue
            seen.add(x)
        out.append(x)
    return out


def norm_heading(line: str) -> str:
    return re.sub(r"\s+", " ", line.strip(" \t:.-–*#")).casefold()


# --- small parsers -----------------------------------------------------------------------------


def parse_date(text: str) -> str | None:
    m = re.search(r"\b(20\d{2}|19\d{2})([-.])(\d{1,2})\2(\d{1,2})\b", text)  # 2012-03-05, 2012.03.05
    best: tuple[int, str] | None = None
    if m and 1 <= int(m.group(3)) <= 12 and 1 <= int(m.group(4)) <= 31:
        best = (m.start(), f"{m.group(1)}-{int(m.group(3)):02d}-{int(m.group(4)):02d}")
    # "3 mars 2014", also the first day of "3-4 mars 2014" and "3 och 4 mars 2014".
    m2 = re.search(
        r"\b(\d{1,2})(?::e|:a)?(?:\s*[-–]\s*\d{1,2}|\s+och\s+\d{1,2})?\s+([a-zåäö]{3,9})\.?,?\s+(\d{4})\b",
        text,
        re.IGNORECASE,
    )
    if m2 and m2.group(2).lower() in MONTHS and 1 <= int(m2.group(1)) <= 31:
        cand = (m2.start(), f"{m2.group(3)}-{MONTHS[m2.group(2).lower()]:02d}-{int(m2.group(1)):02d}")
        if best is None or cand[0] < best[0]:
            best = cand
    # 5.3.2012, 5/3/2012, 5/3 2012, 5/3-2012 (not a clock time "9.10 2012")
    m3 = re.search(r"\b(\d{1,2})(?:\.(\d{1,2})\.|/(\d{1,2})(?:/|\s+|\s*-\s*))((?:20|19)\d{2})\b", text)
    month3 = int(m3.group(2) or m3.group(3)) if m3 else 0
    if m3 and 1 <= month3 <= 12 and 1 <= int(m3.group(1)) <= 31:
        cand = (m3.start(), f"{m3.group(4)}-{month3:02d}-{int(m3.group(1)):02d}")
        if best is None or cand[0] < best[0]:
            best = cand
    return best[1] if best else None


TIME_RANGE_RE = re.compile(
    r"(?<![\d.:-])(?:kl\.?|klockan)?\s*(2[0-3]|[01]?\d)(?:[.:]([0-5]\d))?\s*(?:-|–|—|till)\s*(?:ca\.?\s*)?(?:kl\.?\s*)?"
    r"(2[0-3]|[01]?\d)[.:]?([0-5]\d)?(?![\d.:]\d)",
    re.IGNORECASE,
)
TIME_RE = re.compile(r"(?:\bkl\.?|\bklockan|\btid:?)\s*(2[0-3]|[01]?\d)(?:[.:]([0-5]\d))?\b", re.IGNORECASE)


def parse_times(text: str) -> tuple[str | None, str | None]:
    for m in TIME_RANGE_RE.finditer(text):
        has_minutes = m.group(2) is not None or m.group(4) is not None
        has_kl = re.match(r"\s*(kl|klockan)", m.group(0), re.IGNORECASE) is not None
        if not (has_minutes or has_kl):
            continue
        start = f"{int(m.group(1)):02d}:{m.group(2) or '00'}"
        end = f"{int(m.group(3)):02d}:{m.group(4) or '00'}"
        return start, end
    m2 = TIME_RE.search(text)
    if m2:
        return f"{int(m2.group(1)):02d}:{m2.group(2) or '00'}", None
    return None, None


def around(text: str, keywords: str, before: int = 400, after: int = 300) -> list[tuple[int, str]]:
    """(offset, chunk) of the text around each keyword, overlapping chunks merged.

    Patterns that try a run of names at every position are run only where their keyword occurs: on a
    long run of capitalised words without it they would otherwise cost a large constant per character."""
    spans: list[list[int]] = []
    for m in re.finditer(keywords, text):
        a, b = max(0, m.start() - before), min(len(text), m.end() + after)
        if spans and a <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], b)
        else:
            spans.append([a, b])
    return [(a, text[a:b]) for a, b in spans]


def split_cells(line: str) -> list[str]:
    return [c.strip() for c in line.split("\t") if c.strip()]


# Words that start or end a label, a heading or a table column, never a person's name.
NON_NAME_WORDS = {
    "ordförande", "ordföranden", "vice", "ledamot", "ledamöter", "ersättare", "sekreterare", "justerare",
    "justerande", "närvarande", "frånvarande", "namn", "parti", "funktion", "roll", "kommun", "region",
    "regionen", "kommunerna", "landstinget", "tjänstgörande", "ej", "beslutande", "övriga", "tjänstepersoner",
    "tjänstemän", "underskrifter", "underskrift", "närvaro", "ersätter", "organisation", "plats", "tid", "datum",
    # Headings inside a paragraph ("Beslut Dagordningen fastställs", "Förslag till beslut", "Ärendebeskrivning").
    "beslut", "beslutet", "förslag", "beslutsförslag", "information", "ärendebeskrivning", "ärendet", "ärende",
    "bakgrund", "sammanfattning", "yrkande", "yrkanden", "propositionsordning", "reservation", "protokoll",
    "dagordning", "dagordningen", "föredragningslista", "föredragningslistan", "bilaga", "bilagor", "handlingar",
    "beslutsunderlag", "beslutsgång", "expedieras", "paragraf", "paragrafer", "justering", "omröstning",
    # What follows the names that sign ("Justerare Berit Holm Justeringen har tillkännagivits ...").
    "justeringen", "justeringens", "protokollet", "anslaget", "anslag", "tillkännagivande",
    # Documents attached to an agenda point on a meeting portal ("Tjänsteskrivelse Delårsrapport.pdf").
    "tjänsteskrivelse", "tjänsteutlåtande", "protokollsutdrag", "missiv", "presentation", "handling", "rapport",
    "remiss", "yttrande", "motion", "skrivelse", "underlag", "kallelse", "följebrev",
}  # fmt: skip


ORG_FIRST_WORD_RE = re.compile(
    r"(?:Samordnings|Kommunal|Kommun|Region|Landstings)?förbundet|Landstinget|Regionen|Kommunen|Länsstyrelsen|"
    r"Vårdsamverkan|Närvårdssamverkan"
)


def name_prefix(text: str) -> tuple[str | None, str]:
    """A person's name at the start of `text` and the rest; organisation words end the name."""
    text = text.strip().lstrip("-–•/ ").strip()
    m = re.match(
        rf"({NAME_WORD})((?:[ ]+(?:af |von |van |de |da |el |te |ter |du |di |le |la |der )?{NAME_WORD}){{1,3}})", text
    )
    if not m:
        return None, text
    words = m.group(0).split()
    if words[0].casefold() in NON_NAME_WORDS or ORG_FIRST_WORD_RE.fullmatch(words[0]):
        return None, text
    kept: list[str] = []
    for i, w in enumerate(words):
        if i >= 1 and w.casefold() in NON_NAME_WORDS:
            break
        if i >= 2 and (ORG_WORD_RE.match(w) or municipality(w) or BODY_RE.search(w)):
            break
        if i >= 1 and (ORG_WORD_RE.match(w) and i >= 2):
            break
        kept.append(w)
    if len(kept) < 2:
        return None, text
    name = " ".join(kept)
    if name.casefold() in {h for h in TYPE_HEADINGS} or BODY_RE.search(name) or STAFF_RE.search(name):
        return None, text
    rest = text[text.index(kept[-1]) + len(kept[-1]) :] if kept else text
    return name, rest


# --- attendees ---------------------------------------------------------------------------------


@dataclass
class Person:
    name: str
    party: str | None = None
    municipality: str | None = None
    role: str = "ledamot"
    present: bool = True
    explicit_role: bool = False
    generic: bool = False
    replaces: str | None = None
    replaces_party: str | None = None
    also_replaces: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "party": self.party,
            "municipality": self.municipality,
            "role": self.role,
            "present": self.present,
        }


@dataclass
class Section:
    role: str = "ledamot"
    present: bool = True
    org: str | None = None
    replaces_column: bool = False
    generic: bool = True  # under "Närvarande" (or no heading), not "Ledamöter"/"Beslutande"


def parse_person(text: str, section: Section) -> Person | None:
    """One attendance entry: "Kent Lagrell (M), Öckerö, ordförande", "Anna Ek\tS\tVarberg\tx" ..."""
    raw = text.strip()
    if not raw or len(raw) > 160 or raw.endswith(":"):
        return None
    raw = _given_name_first(raw)
    raw = re.sub(r"\s*\(?§§?\s*[\d\s,–-]+(?:\s*(?:och|,)\s*\d+)*\)?\s*$", "", raw)
    m_role = re.search(
        r"\((ordförande|vice ordförande|sekreterare|mötessekreterare|protokollförare|ledamot|ersättare|"
        r"anteckningar|antecknare|sekr\.?|ordf\.?)\)",
        raw,
        re.I,
    )
    if m_role:
        raw = (raw[: m_role.start()] + raw[m_role.end() :]).strip()
    absent_mark = False
    # A table's presence column flattened after the entry: "Stig Nord (S), ordförande 1", "Olof Berg (M) -",
    # "Eva Ek (C) x" (1/x present, -/– absent).
    m_col = re.search(r"(?<=[)\w.])\s+([1xX✓]|[-–])$", raw)
    column_present: bool | None = None
    if m_col and len(raw[: m_col.start()].split()) >= 2:
        column_present = m_col.group(1) not in ("-", "–")
        raw = raw[: m_col.start()].rstrip(" ,")
    m_abs = re.search(r"\((?:avböjt|frånvarande|förhinder|ej närvarande|anmält förhinder|-)\)", raw, re.I)
    if m_abs:
        absent_mark = True
        raw = (raw[: m_abs.start()] + raw[m_abs.end() :]).strip()
    cells = split_cells(raw)
    if len(cells) > 1:
        first, extra = cells[0], cells[1:]
    else:
        first, extra = raw, []
    name, rest = name_prefix(first)
    if not name:
        return None
    person = Person(name=name, role=section.role, present=section.present, generic=section.generic)
    if section.role in ("ordförande", "vice ordförande", "sekreterare"):
        person.explicit_role = True  # under a heading of its own: "Sekreterare", "Ordförande för mötet"
    if m_role:
        person.role = ROLE_WORDS.get(m_role.group(1).casefold().rstrip("."), "sekreterare")
        person.explicit_role = True
    if absent_mark:
        person.present = False
    if column_present is not None:
        person.present = column_present
    segments: list[str] = []
    m_party = re.match(r"\s*\(([A-Za-zÅÄÖåäö]{1,4})\)\s*,?\s*(.*)$", rest)
    if m_party and party(m_party.group(1)):
        person.party = party(m_party.group(1))
        rest = m_party.group(2)
    # "Bo Danielsson för Jan-Olof Andersson för Monalisa Norrman", "X (S) ersätter Y (S)": X serves for Y.
    m_for = re.match(
        rf"^\s*,?\s*(?:ersätter|ersättare för|tjänstgörande ersättare för|tjg\.? ers\.? för|för|i stället för)\s+"
        rf"({NAME})\s*(?:\(([A-Za-zÅÄÖåäö]{{1,4}})\))?((?:\s+för\s+{NAME})*)\s*,?\s*(.*)$",
        rest,
    )
    if m_for:
        person.role = "ersättare"
        person.explicit_role = True
        person.replaces = name_prefix(m_for.group(1))[0] or m_for.group(1)
        person.replaces_party = party(m_for.group(2) or "")
        person.also_replaces = re.findall(rf"för\s+({NAME})", m_for.group(3))
        rest = m_for.group(4)
    if not m_party:
        m_inner = re.search(r"\s*\(([A-Za-zÅÄÖåäö]{1,4})\)", rest)
        if m_inner and party(m_inner.group(1)):
            person.party = party(m_inner.group(1))
            rest = (rest[: m_inner.start()] + rest[m_inner.end() :]).strip()
    rest = rest.strip().lstrip(",;–- ").strip()
    if rest and not re.search(r"[,;(]", rest) and not extra:
        rest = _table_tokens(rest, person, section)
    if rest:
        segments.extend(s.strip() for s in re.split(r"\s*[,;]\s*", rest) if s.strip())
    for cell in extra:
        if section.replaces_column and re.fullmatch(NAME, cell) and cell is extra[-1]:
            person.replaces = cell
            person.role = "ersättare"
            continue
        segments.extend(s.strip() for s in re.split(r"\s*[,;]\s*", cell) if s.strip())
    if not rest and not extra and len(first.split()) > len(name.split()) + 0:
        pass
    staff = section.role == "tjänsteperson"
    for seg in segments:
        seg_clean = seg.strip(" .()")
        low = seg_clean.casefold()
        if not seg_clean:
            continue
        if low in ("x", "ja", "närvarande", "✓", "n"):
            person.present = True
            continue
        if low in ("-", "–", "nej", "frånvarande", "förhinder", "anmält förhinder", "ej närvarande", "deltar ej",
                   "deltog ej", "deltar inte", "deltog inte", "ej deltagande", "avböjt", "återbud", "lämnat återbud"):  # fmt: skip
            person.present = False
            continue
        p = party(seg_clean)
        if p and person.party is None and (seg_clean.isupper() or seg_clean.islower() or len(segments) > 1):
            person.party = p
            continue
        m_sub = re.match(
            rf"^(?:(?:tjänstgörande|tjg\.?)(?:\s+ersättare)?\s+(?:för|i stället för)|ersättare\s+(?:för|i stället för)|"
            rf"ersätter)\s+({NAME})(?:\s*\(([A-Za-zÅÄÖåäö]{{1,4}})\))?",
            seg,
            re.I,
        )
        if m_sub:
            person.role = "ersättare"
            person.explicit_role = True
            person.replaces = m_sub.group(1)
            person.replaces_party = party(m_sub.group(2) or "")
            continue
        low = _role_token(low)
        if low == "kansliet":
            staff = True  # the organisation's own office: staff, no other organisation
            continue
        if low in ROLE_WORDS:
            role = ROLE_WORDS[low]
            if role == "sekreterare" or section.role not in ("tjänsteperson", "övrig") or role != "ledamot":
                person.role = role
                person.explicit_role = True
            continue
        mun = municipality(seg_clean)
        if mun:
            if person.municipality is None:
                person.municipality = mun
            continue
        if STAFF_RE.search(seg_clean):
            staff = True
            # "FoU-chef Göteborgsregionen", "tillförordnad direktör VästKom": the organisation follows.
            words = seg_clean.split()
            tail: list[str] = []
            # "socialchef Sundsvalls kommun", "direktör Region Västernorrland": a trailing municipality keeps its
            # lower-case "kommun"/"stad".
            m_org = re.search(
                rf"\s((?:[{UP}][\w-]+\s+){{1,3}}(?:kommun|stad|kommunalförbund|läns? landsting))$", seg_clean
            )
            if m_org and not STAFF_RE.search(m_org.group(1)):
                words, tail = words[: -len(m_org.group(1).split())], m_org.group(1).split()
            for w in reversed(words if not tail else []):
                if w[:1].isupper() and not STAFF_RE.search(w):
                    tail.insert(0, w)
                else:
                    break
            if tail:
                words = words + tail
            if tail and person.municipality is None and len(tail) < len(words):
                person.municipality = municipality(" ".join(tail)) or " ".join(tail)
            if re.fullmatch(r"(?:möte|nämnd|protokoll)?sekreterare", low):
                person.role = "sekreterare"
                person.explicit_role = True
            continue
        m_chair = re.match(r"^((?:vice\s+)?ordf(?:\.|örande))\s+(.+)$", seg_clean, re.I)
        if m_chair and BODY_RE.search(m_chair.group(2)):
            continue  # chair of another body: "ordf. Regionstyrelsen"
        if m_chair:
            # "ordförande AFH": the chair, for the part of the group named after the title.
            person.role = "vice ordförande" if m_chair.group(1).casefold().startswith("vice") else "ordförande"
            person.explicit_role = True
            continue
        if seg_clean[:1].isupper() and person.municipality is None and len(seg_clean) <= 60:
            person.municipality = seg_clean
    if person.municipality is None and section.org:
        person.municipality = section.org
    # Organisation words directly after the name without comma: "Linnéa Björk Länsstyrelsen Västra Götaland".
    tail_text = first[first.find(name) + len(name) :].strip() if not segments else ""
    if tail_text and person.municipality is None and tail_text[:1].isupper():
        person.municipality = municipality(tail_text) or tail_text.strip(" ,.")
    if staff and not person.explicit_role and person.role in ("ledamot", "övrig"):
        person.role = "tjänsteperson"
    return person


SURNAME_FIRST_RE = re.compile(rf"^({NAME_WORD}(?: {NAME_WORD})?),[ ]*({NAME_WORD}(?:[ ]{NAME_WORD})?)(?=\t|,|\s*\(|$)")


def _given_name_first(raw: str) -> str:
    """ "Ek, Anna<tab>Region Kronoberg" (a register's surname first) -> "Anna Ek<tab>Region Kronoberg"."""
    m = SURNAME_FIRST_RE.match(raw)
    if not m or not is_given_name(m.group(2).split()[0]) or is_given_name(m.group(1).split()[0]):
        return raw
    return f"{m.group(2)} {m.group(1)}{raw[m.end() :]}"


def _role_token(low: str) -> str:
    """ "tjg ers" -> "tjänstgörande ersättare", "första vice ordf" -> "vice ordförande", "adj" -> "adjungerad"."""
    low = re.sub(r"\s+", " ", low.strip(" ."))
    if re.fullmatch(r"(?:(?:1:e|2:e|3:e|första|förste|andra|andre|tredje) )?(?:vice|v\.?) ?ordf(?:\.|örande)?", low):
        return "vice ordförande"
    if re.fullmatch(r"(?:tjg\.? ?ers\.?|tjg\.? ersättare|(?:1:e|2:e|3:e|första|andra) ersättare|ers)", low):
        return "ersättare"
    if re.fullmatch(r"adj(?:\.|ungerad|ungerade)?", low):
        return "adjungerad"
    if re.fullmatch(r"(?:förbunds|regionförbunds|kommunförbunds)?kansliet", low):
        return "kansliet"
    return low


PRESENCE_TOKENS = {
    "närvarande": True, "x": True, "ja": True, "deltog": True, "ej närvarande": False, "frånvarande": False,
    "nej": False, "-": False, "–": False, "förhinder": False, "anmält förhinder": False,
}  # fmt: skip


def _table_tokens(rest: str, person: Person, section: Section) -> str:
    """A table row flattened to single spaces: "s Ordförande Närvarande", "c Ove Lindahl" (an "Ersätter" column)."""
    roles = sorted(ROLE_WORDS, key=len, reverse=True)
    presence = sorted(PRESENCE_TOKENS, key=len, reverse=True)
    progress = True
    while rest and progress:
        progress = False
        low = rest.casefold()
        for word in presence:
            if low.startswith(word) and (len(low) == len(word) or low[len(word)] == " "):
                person.present = PRESENCE_TOKENS[word]
                rest, progress = rest[len(word) :].strip(), True
                break
        if progress:
            continue
        for word in roles:
            if low.startswith(word) and (len(low) == len(word) or low[len(word)] == " "):
                person.role = ROLE_WORDS[word]
                person.explicit_role = True
                rest, progress = rest[len(word) :].strip(), True
                break
        if progress:
            continue
        m = re.match(r"([A-Za-zÅÄÖåäö]{1,4})(?:\s+|$)", rest)
        if m and person.party is None and party(m.group(1)) and (m.group(1).islower() or m.group(1).isupper()):
            person.party = party(m.group(1))
            rest, progress = rest[m.end() :].strip(), True
            continue
        m = re.match(rf"({NAME})$", rest)
        if m and section.replaces_column:
            person.replaces = m.group(1)
            person.role = "ersättare"
            rest, progress = "", True
    return rest


COLUMN_WORDS = {
    "namn", "parti", "funktion", "roll", "uppdrag", "kommun", "organisation", "förvaltning", "titel", "befattning",
    "närvarande", "närvaro", "ej", "ersätter", "ersättare", "för", "tjänstgör", "anmärkning", "§", "paragraf",
    "representerar", "region", "kommun/region", "region/kommun", "deltog", "ledamot", "närvarande/ej",
}  # fmt: skip


def column_header(line: str) -> list[str] | None:
    """The labels of a table's header row ("Namn Parti Funktion Närvarande/Ej närvarande"), or None."""
    words = [w for w in re.split(r"[\s/]+", line.casefold()) if w]
    if len(words) < 2 or words[0] != "namn" or not all(w in COLUMN_WORDS for w in words):
        return None
    return words


def names_in(text: str) -> list[str]:
    """Person names in a running list: "A, B, C och D"."""
    out: list[str] = []
    for seg in re.split(r"\s*(?:,|;|\boch\b|\bsamt\b|\.\s)\s*", text):
        for m in re.finditer(NAME, seg):
            name, _ = name_prefix(seg[m.start() :])
            if name is None and STAFF_RE.search(m.group(0).split()[0]):
                # "Kommunchef Lars Nyberg föredrar": the title before the name.
                name, _ = name_prefix(seg[m.start() + len(m.group(0).split()[0]) :])
            if name and not any(ORG_WORD_RE.match(w) for w in name.split()):
                out.append(name)
                break
    return out


def similar(a: str, b: str) -> bool:
    import difflib

    na, nb = a.casefold(), b.casefold()
    return na == nb or difflib.SequenceMatcher(None, na, nb).ratio() >= 0.85


class Roster:
    def __init__(self) -> None:
        self.people: list[Person] = []

    def find(self, name: str) -> Person | None:
        for p in self.people:
            if p.name.casefold() == name.casefold():
                return p
        for p in self.people:
            if similar(p.name, name):
                return p
        return None

    def add(self, person: Person) -> None:
        for name, party_ in ((person.replaces, person.replaces_party), *((x, None) for x in person.also_replaces)):
            if not name:
                continue
            replaced = self.find(name)
            if replaced:
                replaced.present = False
            else:  # the member the substitute serves for is only named in the substitute's entry
                self.people.append(Person(name=name, party=party_, present=False))
        existing = self.find(person.name)
        if existing is None:
            self.people.append(person)
            return
        existing.party = existing.party or person.party
        existing.municipality = existing.municipality or person.municipality
        if person.explicit_role and not existing.explicit_role:
            existing.role = person.role
            existing.explicit_role = True
        if not person.present:
            existing.present = False


def heading_of(line: str) -> tuple[str, str] | None:
    """("present"|"absent"|"role:<r>", rest-of-line) when the line starts with an attendance heading."""
    s = line.strip(" \t*#")
    m = re.match(r"^([A-Za-zÅÄÖåäö][A-Za-zÅÄÖåäö ]{2,40}?)(?:\s*:\s*|\t|\s{2,}|$)(.*)$", s)
    candidates = []
    if m:
        candidates.append((m.group(1).strip(), m.group(2).strip()))
    words = s.split()
    for k in (3, 2, 1):  # "Beslutande Peter Olofsson (s)"
        if len(words) > k:
            candidates.append((" ".join(words[:k]), " ".join(words[k:])))
    for head, rest in candidates:
        h = head.casefold().strip()
        # Substitutes and staff who take part: "Närvarande ersättare", "Ej tjänstgörande ersättare".
        if re.fullmatch(
            r"(?:närvarande|tjänstgörande|ej tjänstgörande|icke tjänstgörande|övriga närvarande)\s+ersättare|"
            r"ersättare,? (?:ej |icke )?tjänstgörande",
            h,
        ):
            return "role+:ersättare", rest
        if re.fullmatch(r"närvarande (?:tjänstemän|tjänstepersoner)|övriga närvarande tjänstepersoner", h):
            return "role+:tjänsteperson", rest
        if re.fullmatch(
            r"(?:ordförande|ordf\.?) (?:för|vid) (?:mötet|sammanträdet)|mötesordförande|dagens ordförande", h
        ):
            return "role+:ordförande", rest
        if ABSENT_HEADINGS.match(h):
            return "absent", rest
        if PRESENT_HEADINGS.match(h):
            return "present", rest
        for pattern, role in ROLE_HEADINGS:
            if pattern.fullmatch(h) or (pattern.match(h) and h in _ROLE_HEADING_WORDS):
                return f"role:{role}", rest
    return None


_ROLE_HEADING_WORDS = {
    "ersättare", "tjänstgörande ersättare", "ej tjänstgörande ersättare", "ledamöter", "ledamot", "beslutande",
    "ordinarie ledamöter", "politiker", "förtroendevalda", "tjänstemän", "tjänstepersoner", "tjänsteman",
    "tjänsteperson", "föredragande", "tjänstemän och övriga", "övriga", "övriga närvarande", "övriga deltagare",
    "adjungerade", "adjungerad", "inbjudna", "inbjuden", "gäster", "gäst", "även närvarande",
    "dessutom närvarande", "sekreterare", "protokollförare", "mötessekreterare", "närvarande övriga", "revisorer",
    "övriga deltagande", "kallade ledamöter", "kallade", "kallade ersättare", "beslutande ledamöter", "personal",
    "tjänstgörande ledamöter",
}  # fmt: skip


MEMBER_TABLE_FIRST = {"kommun", "medlem", "medlemskommun", "kommun/region", "region/kommun", "organisation", "part"}
MEMBER_TABLE_ROLES = {"ledamot": "ledamot", "ledamöter": "ledamot", "ordinarie": "ledamot", "ersättare": "ersättare"}


def _member_table_header(line: str) -> list[str] | None:
    """ "Kommun | Ledamot | Ersättare": an attendance table with a row for each member municipality."""
    if "\t" not in line or len(line) > 120:
        return None
    cells = [norm_heading(c) for c in line.split("\t")]
    roles = [MEMBER_TABLE_ROLES.get(c) for c in cells[1:]]
    if len(cells) < 2 or cells[0] not in MEMBER_TABLE_FIRST or not all(roles):
        return None
    return [r for r in roles if r]


def parse_attendance(lines: list[str], first_item: int, roster: Roster) -> None:
    """Attendance blocks before the first item: headings set role and presence; entries are people."""
    columns: dict[int, Section] = {0: Section()}
    column_org: dict[int, str] = {}
    active = False
    misses = 0
    table_roles: list[str] | None = None
    for idx in range(first_item):
        line = lines[idx]
        if not line:
            continue
        if (roles := _member_table_header(line)) is not None:
            table_roles, active, misses = roles, True, 0
            continue
        if table_roles and "\t" in line:
            # A row of a table of member municipalities: "Åby | Anna Ek (S) | Dan Berg (S)", "-" for nobody.
            row = [c.strip() for c in line.split("\t")]
            place = municipality(row[0]) or row[0]
            for role, cell in zip(table_roles, row[1:], strict=False):
                if cell.strip(" -–"):
                    person = parse_person(cell, Section(role, columns[0].present, org=place))
                    if person:
                        person.municipality = person.municipality or place
                        roster.add(person)
            continue
        table_roles = None
        cells = split_cells(line)
        if len(cells) == 2 and heading_of(cells[0]) and not heading_of(cells[1]) and name_prefix(cells[1])[0]:
            # A label column and its value: "Beslutande<tab>Anna Berg (S), ordförande".
            line = cells[0] + ": " + cells[1]
            cells = [line]
        paired = _paired_columns(line)
        if paired is not None:
            cells = paired
        multi = paired is not None or (len(cells) > 1 and _is_multi_column(cells))
        parts = cells if multi else [line]
        consumed = False
        header = column_header(line) if active or idx > 0 else None
        if header:
            for c in columns.values():
                c.replaces_column = "ersätter" in header or "för" in header
            active = True
            misses = 0
            continue
        for col, part in enumerate(parts):
            section = columns.setdefault(col, Section(columns[0].role, columns[0].present))
            m_for = re.match(r"^(?:för|for)\s+(.+?)\s*(?:\(([^)]{2,12})\))?\s*$", part, re.I)
            if m_for and multi:
                column_org[col] = m_for.group(2) or m_for.group(1)
                consumed = True
                continue
            m_group = re.match(r"^([^:\t]{2,40}?)\s*(?::|\t)\s*(\S.*)$", part)
            if active and not multi and m_group and _group_label(m_group.group(1)) and not heading_of(part):
                # "Bollnäs kommun: Per Ek (S), Anna Berg (M)": the members of one municipality on its line.
                label = m_group.group(1).strip()
                group = Section(
                    section.role, section.present, org=municipality(label) or label, generic=section.generic
                )
                _parse_entries(m_group.group(2), group, roster, inline=False)
                consumed = True
                continue
            head = heading_of(part)
            if head:
                kind, rest = head
                section.org = None
                section.replaces_column = False
                if kind == "absent" and rest:
                    # "Frånvarande: A, B" on one line: the list is absent (members, as under an absence
                    # heading), the blocks around it are not.
                    _parse_entries(rest, Section("ledamot", False), roster, inline=True)
                    active = True
                    consumed = True
                    continue
                if kind == "absent":
                    section.present = False
                    section.role = "ledamot"
                    section.generic = True
                    for c in columns.values():
                        c.present = False
                elif kind == "present":
                    section.present = True
                    section.role = "ledamot"
                    section.generic = True
                    for c in columns.values():
                        c.present = True
                elif kind.startswith("role+:"):
                    section.role = kind[6:]
                    section.present = True
                    section.generic = False
                else:
                    section.role = kind[5:]
                    section.generic = False
                    if section.role in ("tjänsteperson", "övrig", "sekreterare"):
                        section.present = True  # staff listed after the absent members take part
                active = True
                consumed = True
                if rest:
                    _parse_entries(rest, section, roster, inline=kind in ("absent",))
                continue
            if BODY_RE.search(part) and len(part.split()) <= 8 and not multi and _followed_by_people(lines, idx):
                section.role = "ledamot"
                section.present = True
                active = True
                consumed = True
                continue
            if active:
                person = parse_person(part, section)
                if person:
                    if (
                        multi
                        and col in column_org
                        and (person.municipality is None or person.municipality == section.org)
                    ):
                        person.municipality = column_org[col]
                    roster.add(person)
                    consumed = True
                elif not multi and _group_label(part) and _followed_by_people(lines, idx, 1):
                    # "Region Dalarna" / "Kommunerna" above a group of members.
                    label = part.strip(" :")
                    section.org = municipality(label) or (
                        label if re.match(r"^(?:region|landsting)", label, re.I) else None
                    )
                    if section.org is None and ORG_LINE_RE.match(label):
                        section.org = label
                    consumed = True
        if active and not consumed:
            if STOP_LABELS.match(line) or misses > 2:
                active = False
                misses = 0
                for c in columns.values():
                    c.role, c.present = "ledamot", True
            else:
                misses += 1
        elif consumed:
            misses = 0


PARTY_THEN_NAME_RE = re.compile(
    rf"(\(\s*[A-Za-zÅÄÖåäö]{{1,4}}\s*\)(?:[ \t]+(?i:(?:1:e |2:e |förste |andre )?(?:vice |v\.? ?)?(?:ordförande|ordf\.?)|"
    rf"ledamot|ersättare|sekreterare))?)[ \t]+(?=({NAME_WORD})[ \t]+{NAME_WORD})"
)


def _parse_entries(text: str, section: Section, roster: Roster, inline: bool) -> None:
    # "Anna Ek/Åby kommun, Bo Lind/Försäkringskassan": a name and its organisation parted by a slash.
    text = re.sub(rf"(?<=[{LOW}])\s*/\s*(?=[{UP}][{LOW}])", ", ", text)
    if len(re.findall(r"\(\s*[A-Za-zÅÄÖåäö]{1,4}\s*\)", text[:2000])) >= 2 and PARTY_THEN_NAME_RE.search(text[:2000]):
        # "Anna Ek (s) Bo Lind (m) Carl Berg (c)": entries of a list without commas end at their party.
        text = PARTY_THEN_NAME_RE.sub(
            lambda m: m.group(0) if m.group(2).casefold() in ROLE_WORDS else m.group(1) + ", ", text
        )
    if ";" in text:
        for part in text.split(";"):
            if part.strip():
                _parse_entries(part.strip().rstrip("."), section, roster, inline)
        return
    person = parse_person(text, section)
    if (
        person
        and "," not in text.split(")")[-1][:0]
        and not re.search(
            r"(?:,|\s(?:och|samt))\s*[A-ZÅÄÖ]\w+ (?:(?:af|von|van|de|da|el|te|ter|du|di|le|la|der) )?[A-ZÅÄÖ]", text
        )
    ):
        roster.add(person)
        return
    # A running list "A, B, C" / "Per Albertsson, VGR, Catharina Sundström, Västkom, ..."
    for chunk in _people_chunks(text):
        p = parse_person(chunk, section)
        if p:
            if not section.present:
                existing = roster.find(p.name)
                if existing:
                    existing.present = False
                    continue
            roster.add(p)


def _is_person_segment(seg: str) -> bool:
    name, _ = name_prefix(seg)
    return bool(name) and not any(ORG_WORD_RE.match(w) for w in seg.split()) and not municipality(seg)


def _people_chunks(text: str) -> list[str]:
    """Split "A, VGR, B och C, Org, D" into "A, VGR" / "B, Org" / "C, Org" / "D"."""
    text = re.sub(r"\.\s*$", "", text.strip())
    chunks: list[str] = []
    group: list[int] = []  # chunks joined by "och" share what follows them
    for seg in (s.strip() for s in re.split(r"\s*[,;]\s*", text) if s.strip()):
        parts = [x.strip() for x in re.split(r"\s+(?:och|samt)\s+", seg) if x.strip()]
        if parts and all(_is_person_segment(x) for x in parts):
            group = []
            for x in parts:
                chunks.append(x)
                group.append(len(chunks) - 1)
        elif chunks:
            for g in group or [len(chunks) - 1]:
                chunks[g] += ", " + seg
    return chunks


PRESENCE_MARKS = {"x", "1", "-", "–", "", "närvarande", "närvaro", "ja", "nej"}


def _paired_columns(line: str) -> list[str] | None:
    """An attendance table of column pairs, each a person and a presence mark ("Ledamöter<tab>Närvarande<tab>
    Ersättare<tab>Närvarande", "Anna Ek (S)<tab>X<tab>Dan Ås (S)<tab>X"): one part per pair, the mark with its
    person (an empty mark: not there); the header's pairs are their headings."""
    raw = [c.strip() for c in line.split("\t")]
    if len(raw) % 2:
        raw.append("")  # the last mark left empty, its tab trimmed with the line's end
    if len(raw) < 4 or len(raw) > 12:
        return None
    if not all(raw[k].casefold() in PRESENCE_MARKS for k in range(1, len(raw), 2)):
        return None
    firsts = raw[0::2]
    if all(heading_of(c) for c in firsts if c) and any(firsts):
        return firsts
    parts = []
    for name_cell, mark in zip(raw[0::2], raw[1::2], strict=True):
        if not name_cell:
            parts.append("")
            continue
        name, _ = name_prefix(name_cell)
        if not name:
            return None
        parts.append(f"{name_cell} {mark or '-'}")
    return parts


def _is_multi_column(cells: list[str]) -> bool:
    """Cells that each hold a person or a heading (a two-column attendance table)."""
    if len(cells) < 2:
        return False
    if any(party(c) or c.strip().casefold() in ("x", "-", "–", "ja", "nej") for c in cells[1:]):
        return False
    if any(municipality(c) for c in cells[1:]):
        return False
    ok = 0
    for c in cells:
        if heading_of(c) or re.match(r"^(?:för|for)\s", c, re.I):
            ok += 1
        else:
            name, rest = name_prefix(c)
            if name and (rest.strip().startswith(("(", ",")) or not rest.strip()):
                ok += 1
    return ok == len(cells)


def _group_label(line: str) -> bool:
    s = line.strip(" :")
    if len(s.split()) > 5 or re.search(r"\d|[.,;]", s):
        return False
    return bool(
        municipality(s)
        or ORG_LINE_RE.match(s)
        or re.fullmatch(
            r"(?:från\s+)?(?:kommunerna|kommuner|regionen|länets kommuner|kommunsidan|regionsidan)", s, re.I
        )
        or re.fullmatch(rf"(?:Region|Landstinget)\s+[{UP}][{LOW}]+(?:s län)?", s)
        # A state agency a member comes from: "Försäkringskassan", "Arbetsförmedlingen", "Skatteverket".
        or re.fullmatch(rf"[{UP}][{LOW}]+(?:kassan|förmedlingen|myndigheten|verket)", s)
    )


def _followed_by_people(lines: list[str], idx: int, needed: int = 2) -> bool:
    found = 0
    for line in lines[idx + 1 : idx + 8]:
        if not line:
            continue
        if parse_person(line, Section()):
            found += 1
        else:
            break
    return found >= needed


def narrative_attendance(text: str, roster: Roster) -> None:
    """Absences and substitutions stated in sentences ("Förhinder ... för A, B och C", "ersätts av")."""
    for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
        low = sentence.casefold()
        if re.search(
            r"förhinder\s+(?:anmäls|meddelas|ska anmälas)|\banmäla?\s+(?:eventuellt\s+|ev\.?\s+)?förhinder", low
        ):
            continue  # how to report an absence, not an absence
        if re.search(r"förhinder|frånvarande|ej närvarande|ej deltar|deltar inte|deltog inte|har lämnat återbud", low):
            for name in names_in(re.sub(r"^[^:]*(?:förhinder|frånvarande)[^:]*:", "", sentence, flags=re.I)):
                p = roster.find(name)
                if p:
                    p.present = False
                elif re.match(r"^\s*(frånvarande|anmält förhinder|förhinder)\b", low):
                    roster.add(Person(name=name, present=False))
    # Substitutions.
    for m, offset in (
        (m, offset)
        for offset, chunk in around(text, r"ersätts")
        for m in re.finditer(
            rf"(?:(?P<who>{NAME}|[Hh]on|[Hh]an)\s+ersätts|ersätts\s+(?P<who2>{NAME}|hon|han))\s+(?:[{LOW}]+\s+){{0,3}}?"
            rf"av\s+(?P<title>(?:[{LOW}-]+\s+){{0,2}})(?P<sub>{NAME})",
            chunk,
        )
    ):
        who = m.group("who") or m.group("who2")
        if who.casefold() in ("hon", "han", "denne", "denna"):
            before = text[max(0, offset + m.start() - 400) : offset + m.start()]
            found = [p for p in roster.people if p.name in before]
            if not found:
                continue
            original = max(found, key=lambda p: before.rfind(p.name))
        else:
            o = roster.find(who)
            if o is None:
                continue
            original = o
        _substitute(roster, original, m.group("sub"), m.group("title"))
    for m in (
        m
        for _, chunk in around(text, r"[Ee]rsätter|[Tt]jänstgör|stället för|[Ee]rsättare för")
        for m in re.finditer(
            rf"(?P<sub>{NAME})\s*,?\s*(?:\([A-Za-z]{{1,3}}\)\s*)?(?:ersätter|tjänstgör för|tjänstgör i stället för|"
            rf"i stället för|ersättare för)\s+(?P<who>{NAME})",
            chunk,
        )
    ):
        original_p = roster.find(m.group("who"))
        if original_p:
            _substitute(roster, original_p, m.group("sub"), "")


def _substitute(roster: Roster, original: Person, sub_name: str, title: str) -> None:
    original.present = False
    sub = roster.find(sub_name)
    if sub is None:
        role = "tjänsteperson" if title.strip() and STAFF_RE.search(title) else original.role
        if original.role in ("ledamot", "ordförande", "vice ordförande") and not title.strip():
            role = "ersättare"
        roster.people.append(Person(name=sub_name, party=original.party, municipality=original.municipality, role=role))
    else:
        sub.present = True


# --- items -------------------------------------------------------------------------------------

ITEM_RE = re.compile(
    rf"^(?:[-–]\s+(?=(?-i:\d{{1,3}}\.?\s+[{UP}])))?(?P<organ>(?-i:[A-ZÅÄÖ]{{2,4}})\s+(?=§|\d{{1,4}}\s+[{UP}]))?(?:(?P<para>(?:§§?|paragraf)\s*\d{{1,4}}(?:[a-z]|\s?[a-h](?=\s+[{UP}])|\s*[–-]\s*\d{{1,4}}(?=\s)|/\d{{2,4}}(?=\s))?)|(?P<num>(?:(?:dagordnings|ärende)?punkt\s+|ärende\s+|avsnitt\s+|artikel\s+|p\s+)?\d{{1,3}}(?:\.\d{{1,2}})*))"
    rf"(?:[.):]|\s*[–-])?(?:\s+|\t)(?P<title>[\"'”“«{UP}0-9].*)$|^(?P<alone>(?:§|paragraf)\s*\d{{1,4}}[a-z]?)\.?$|"
    rf"^(?:-\s+)?(?P<bullet>\d{{1,3}}(?:\.\d{{1,2}})*)\.?$",
    re.IGNORECASE,
)


@dataclass
class Item:
    number: str
    key: tuple[int, ...]
    title: str
    start: int
    end: int = 0
    title_line: int = -1
    type: str | None = None
    presenters: list[str] = field(default_factory=list)
    decision: str | None = None
    inferred: bool = False  # the type is read from what the item records, not stated by the document


def _key(number: str) -> tuple[int, ...]:
    number = re.sub(r"\d+\s*[–-]\s*(\d+)$", r"\1", number)  # "§§ 14-15" follows § 13 and is followed by § 16
    number = re.sub(r"/\d{2,4}$", "", number)  # "§ 12/2017": the paragraph of the year
    letter = re.search(r"\d\s?([a-h])$", number)
    if letter:
        return (*_key(number[: letter.start(1)]), ord(letter.group(1)) - 96)  # "§ 12 a" comes after § 12
    digits = re.sub(r"[^\d.]", "", number).strip(".")
    return tuple(int(x) for x in digits.split(".") if x)


def find_items(lines: list[str]) -> list[Item]:
    candidates: list[Item] = []
    for i, line in enumerate(lines):
        m = ITEM_RE.match(line)
        if not m:
            continue
        title_line = i
        if m.group("alone") or m.group("bullet"):
            number = re.sub(r"^(?:§|paragraf)\s*", "§ ", m.group("alone") or m.group("bullet"), flags=re.I)
            title_line, title = _next_text(lines, i)
            if not title or ITEM_RE.match(title):
                continue
        else:
            number = m.group("para") or m.group("num")
            sign = "§§ " if number.startswith("§§") else "§ "
            number = (m.group("organ") or "") + re.sub(r"^(?:§§?|paragraf)\s*", sign, number, flags=re.I)
            title = m.group("title").strip()
            # A table of contents: "RS § 270 Val av justerare ............ 3" (dot leaders and the page).
            title = re.sub(r"\s*(?:\.{3,}|…+|(?:\.\s){3,})[.\s…]*\d{0,3}\s*$", "", title) or title
            if re.match(r"^\d", title) and not m.group("para"):
                continue
        if DIARY_RE.match(title):
            # "§ 102  Dnr KS 2023/00012" with the title on the next line.
            title_line, title = _next_text(lines, title_line)
            if not title or ITEM_RE.match(title) or DIARY_RE.match(title):
                continue
        if "\t" in title:
            continue  # a table row
        key = _key(number)
        if not key or (not number.startswith("§") and key[0] > 400) or key[0] == 0:
            continue
        if re.fullmatch(r"(?:[01]?\d|2[0-3])\.(?:0\d|[1-5][05])", number):
            continue  # a clock time ("9.00 Sammanträdet startar")
        candidates.append(Item(number=number.strip(), key=key, title=title, start=i, title_line=title_line))
    runs: list[list[Item]] = []
    for item in candidates:
        placed = False
        for run in runs:
            last = run[-1]
            if _follows(last.key, item.key) and not _gap_too_large(last, item, lines):
                run.append(item)
                placed = True
                break
        if not placed:
            runs.append([item])
    runs = [
        r
        for r in runs
        if len(r) >= 2 or (len(candidates) == 1 and re.match(r"^(?:[A-ZÅÄÖ]+ )?§|^[A-ZÅÄÖ]+ \d", r[0].number))
    ]
    runs = [r for r in runs if not _attachment_list(r, lines)]
    signed = [
        c
        for c in candidates
        if re.match(r"^(?:[A-ZÅÄÖ]{2,4}\s*)?§", c.number)
        and not re.search(r"\d\s*[-–]\s*\d", c.number)
        and not (is_given_name(c.title.split()[0]) and name_prefix(c.title)[0])
    ]
    if (
        len(signed) >= 2
        and all(a.key < b.key for a, b in itertools.pairwise(signed))
        and len(signed) > max((len(r) for r in runs), default=0)
    ):
        # An extract of a protocol prints some of its paragraphs ("§ 45", "§ 52", "§ 61"): paragraphs with their
        # signs that rise through the document are its items, numbers skipped or not.
        runs = [signed]
    table = _table_items(lines)
    if table and (not runs or len(table) >= max(len(r) for r in runs)):
        return table
    if not runs:
        return _bullet_items(lines) or _program_items(lines) or _time_table_items(lines)
    chosen = next((r for r in runs if len(r) >= 3), max(runs, key=len))
    # An agenda list followed by the same items with their text: prefer the items with the text.
    for r in runs:
        if r is not chosen and r[0].start > chosen[-1].start and len(r) >= len(chosen) - 1:
            same = sum(1 for a, b in zip(chosen, r, strict=False) if a.key == b.key and similar(a.title, b.title))
            if same >= max(2, len(chosen) // 2):
                chosen = r
                break
    # Only the top level and its direct sub-numbers of the chosen run; decide item ends.
    items = _with_sub_items(chosen, lines)
    items = _with_headless_bullets(items, lines)
    for idx, item in enumerate(items):
        item.end = items[idx + 1].start if idx + 1 < len(items) else _doc_end(lines, item.start)
    return items


TABLE_NUMBER_COLUMN_RE = re.compile(r"^(?:nr|nummer|§|paragraf|punkt|p)\.?$", re.IGNORECASE)
TABLE_TITLE_COLUMN_RE = re.compile(
    r"^(?:ärende|ärenden|rubrik|ärendemening|ämne|punkt|dagordningspunkt)$", re.IGNORECASE
)
TABLE_DECISION_COLUMN_RE = re.compile(r"^(?:beslut|beslut/åtgärd|åtgärd|beslut och åtgärd)$", re.IGNORECASE)
TABLE_NUMBER_RE = re.compile(r"^(?:§\s*)?\d{1,3}(?:\.\d{1,2})?\.?$")


def _table_items(lines: list[str]) -> list[Item]:
    """Items in a table whose columns are headed ("Nr | Ärende | Dnr | Beslut"): each row with a number in the
    number column is an item, its title the Ärende column, its decision the Beslut column (where there is one)."""
    for h, line in enumerate(lines[:5000]):
        if "\t" not in line or len(line) > 200:
            continue
        heads = [norm_heading(c) for c in line.split("\t")]
        num_col = next((k for k, c in enumerate(heads) if TABLE_NUMBER_COLUMN_RE.match(c)), None)
        title_col = next((k for k, c in enumerate(heads) if k != num_col and TABLE_TITLE_COLUMN_RE.match(c)), None)
        if num_col is None or title_col is None:
            continue
        decision_col = next((k for k, c in enumerate(heads) if TABLE_DECISION_COLUMN_RE.match(c)), None)
        presenter_col = next(
            (k for k, c in enumerate(heads) if c in ("föredragande", "ansvarig", "presenteras av")), None
        )
        items: list[Item] = []
        k = h + 1
        while k < len(lines) and k <= (items[-1].start if items else h) + 3:
            cells = [c.strip() for c in lines[k].split("\t")]
            if len(cells) > max(num_col, title_col) and TABLE_NUMBER_RE.match(cells[num_col]) and cells[title_col]:
                number = re.sub(r"^§\s*", "§ ", cells[num_col]).rstrip(".")
                item = Item(number=number, key=_key(number), title=cells[title_col], start=k, title_line=k)
                if decision_col is not None and decision_col < len(cells) and cells[decision_col]:
                    item.decision = cells[decision_col]
                if presenter_col is not None and presenter_col < len(cells):
                    item.presenters = names_in(cells[presenter_col])
                items.append(item)
            k += 1
        if len(items) >= 2:
            for idx, item in enumerate(items):
                item.end = items[idx + 1].start if idx + 1 < len(items) else item.start + 1
            return items
    return []


TIME_TABLE_RE = re.compile(
    r"^(?:kl\.?\s*)?((?:[01]?\d|2[0-3])[.:][0-5]\d)(?:\s*[-–]\s*(?:[01]?\d|2[0-3])[.:][0-5]\d)?\s+"
    rf"([{UP}].{{1,150}})$",
    re.IGNORECASE,
)
BREAK_RE = re.compile(r"^(?:lunch|kaffe|fika|paus|förmiddagskaffe|eftermiddagskaffe|kaffepaus|bensträckare)\.?$", re.I)


def _time_table_items(lines: list[str]) -> list[Item]:
    """A programme that is a timetable ("Kl. 9.00 Registrering", "10.15-11.00 Samverkan i länet"): each time
    opens a point, its title after the time; breaks (lunch, kaffe) are no points. At least three, in order."""
    items: list[Item] = []
    last = -1.0
    for i, line in enumerate(lines[:5000]):
        m = TIME_TABLE_RE.match(line.strip())
        if not m:
            continue
        hours, minutes = re.split(r"[.:]", m.group(1))
        at = int(hours) + int(minutes) / 60
        if at < last:
            if len(items) >= 3:
                break
            items = []
        last = at
        if not BREAK_RE.match(m.group(2).strip()):
            title, presenters = m.group(2).strip(), []
            who = re.match(rf"^(.{{3,150}}?)(?:,|\s[–-])\s+((?:{NAME})(?:,.*|\s+och\s+.*)?)$", title)
            if who and names_in(who.group(2)) and is_given_name(who.group(2).split()[0]):
                # "Välkommen, Anna Ek, ordförande": the point, then who presents it.
                title, presenters = who.group(1).strip(), names_in(who.group(2))
            item = Item(number=None, key=(), title=title, start=i, title_line=i)  # type: ignore[arg-type]
            item.presenters = presenters
            items.append(item)
    if len(items) < 3:
        return []
    for idx, item in enumerate(items):
        item.end = items[idx + 1].start if idx + 1 < len(items) else min(len(lines), item.start + 3)
    return items


ATTACHMENTS_HEADING_RE = re.compile(r"(?:^|\s)(?:bilagor|bilaga|bifogade handlingar|handlingar)\s*:?$", re.IGNORECASE)


def _attachment_list(run: list[Item], lines: list[str]) -> bool:
    """A numbered run under "Bilagor" ("Bilagor 1 Förbundsordning 2 Avsiktsförklaring") lists a
    document's attachments, not its items."""
    if run[0].number.startswith("§"):
        return False
    before = next((x for x in reversed(lines[: run[0].start]) if x.strip()), "")
    return bool(ATTACHMENTS_HEADING_RE.search(before.strip()))


AGENDA_HEADING_RE = re.compile(
    r"^(?:dagordning|föredragningslista|förslag till föredragningslista|ärenden|ärendelista|agenda|mötespunkter|"
    r"program|punkter|ärendeförteckning)\s*:?$",
    re.IGNORECASE,
)


def _bullet_items(lines: list[str]) -> list[Item]:
    """An agenda of bullets without numbers under its heading ("Föredragningslista" + "• Val av justerare" ...):
    each bullet is an item; the lines under a bullet are its text."""
    for h, line in enumerate(lines):
        if not AGENDA_HEADING_RE.match(line.strip()):
            continue
        items: list[Item] = []
        k = h + 1
        while k < len(lines) and k <= (items[-1].start if items else h) + 6:
            m = re.match(rf"^-\s+([{UP}0-9\"”].{{1,200}})$", lines[k].strip())
            if m:
                items.append(Item(number=None, key=(), title=m.group(1).strip(), start=k, title_line=k))  # type: ignore[arg-type]
            k += 1
        if len(items) >= 3:
            for idx, item in enumerate(items):
                nxt = items[idx + 1].start if idx + 1 < len(items) else min(len(lines), item.start + 4)
                stop = next((j for j in range(item.start + 1, nxt) if not lines[j].strip()), nxt)
                item.end = stop
            return items
    return []


def _heading_sections(lines: list[str]) -> list[Item]:
    """An agreement's sections under headings without numbers: a short capitalised line after a blank
    line, without a full stop, followed by its text ("Parter" + "Denna överenskommelse är träffad ...")."""
    items: list[Item] = []
    for i in range(1, len(lines) - 1):
        title, nxt = lines[i].strip(), lines[i + 1].strip()
        if (
            not lines[i - 1].strip()
            and title[:1].isupper()
            and 1 <= len(title.split()) <= 6
            and not re.search(r"[.,;:]$", title)
            and len(nxt.split()) > len(title.split()) + 2
            and not parse_date(title)
        ):
            items.append(Item(number=None, key=(), title=title, start=i, title_line=i))  # type: ignore[arg-type]
    if len(items) < 3:
        return []
    for idx, item in enumerate(items):
        item.end = items[idx + 1].start if idx + 1 < len(items) else min(len(lines), item.start + 40)
    return items


FLAT_HEADING_RE = re.compile(
    rf"(?:^|(?<=[.!?:])\s|(?<=[a-zåäö0-9])\s(?=[{UP}][{LOW}]+\s+[{UP}][{LOW}]+\s+[{LOW}]))"
    rf"(?P<heading>[{UP}][{LOW}]+(?:\s+[{LOW}]+){{0,3}}?)\s+(?=[{UP}][{LOW}]+\s+[{LOW}]{{2,}})"
)


def _flat_headings(lines: list[str]) -> list[str]:
    """An agreement flattened with its headings without numbers ("... Ydre kommun Parter Denna överenskommelse
    är träffad ... Bakgrund Kommunerna har ..."): each heading (one capitalised word, perhaps with a few
    lower-case ones, before a sentence that starts after it) on a line of its own after a blank line."""
    out: list[str] = []
    for line in lines:
        if len(line) <= 160:
            out.append(line)
            continue
        cuts: list[tuple[int, int]] = []
        for m in FLAT_HEADING_RE.finditer(line):
            head = m.group("heading")
            first = head.split()[0]
            if is_given_name(first) or first in SENTENCE_STARTS_WORDS or ORG_FIRST_WORD_RE.fullmatch(first):
                continue
            if municipality(first):
                continue
            cuts.append((m.start("heading"), m.end("heading")))
        if len(cuts) < 2:
            out.append(line)
            continue
        pos = 0
        for a, b in cuts:
            if line[pos:a].strip():
                out.append(line[pos:a].strip())
            out.extend(["", line[a:b]])
            pos = b
        out.append(line[pos:].strip())
    return out


CAPITAL_HEADING_RE = re.compile(rf"[{UP}][{UP}0-9 ,&/–-]{{2,80}}")
NOT_ITEM_HEADINGS_RE = re.compile(
    r"(?:dagordning|föredragningslista|underskrifter|justering|anslag|bevis|innehåll|innehållsförteckning|"
    r"närvarolista|paragrafer|bilagor?)",
    re.IGNORECASE,
)


def _capital_headings(lines: list[str]) -> list[Item]:
    """Minutes whose paragraphs have no numbers, each under a heading in capitals ("VAL AV JUSTERARE" +
    "Till justerare utsågs ..."): the headings are the items. Not the title, the body, the attendance
    headings or the signatures; at least two of them."""
    items: list[Item] = []
    for i, raw in enumerate(lines[:5000]):
        line = raw.strip()
        if (
            not CAPITAL_HEADING_RE.fullmatch(line)
            or len(line.split()) > 10
            or not re.search(rf"[{UP}]{{3}}", line)
            or any(pattern.search(line) for pattern, _ in KIND_PATTERNS)
            or BODY_RE.fullmatch(line)
            or ORG_LINE_RE.match(line)
            or heading_of(line)
            or NOT_ITEM_HEADINGS_RE.fullmatch(line)
            or norm_heading(line) in ROLE_WORDS
        ):
            continue
        at, nxt = _next_text(lines, i)
        if not nxt or CAPITAL_HEADING_RE.fullmatch(nxt.strip()) or at == i:
            continue
        title = line[:1] + line[1:].lower()
        items.append(Item(number=None, key=(), title=title, start=i, title_line=i))  # type: ignore[arg-type]
    if len(items) < 2:
        return []
    for idx, item in enumerate(items):
        item.end = items[idx + 1].start if idx + 1 < len(items) else min(len(lines), item.start + 60)
    return items


SENTENCE_STARTS_WORDS = {
    "Detta", "Denna", "Dessa", "Det", "Den", "De", "Vi", "Man", "Här", "Nu", "Enligt", "Eftersom", "När", "Då",
    "Sedan", "Även", "Dessutom", "Om", "Vid", "Inom", "För", "Med", "Till", "Av", "På", "I", "Efter", "Under",
}  # fmt: skip


def _program_items(lines: list[str]) -> list[Item]:
    """A programme without numbers: each point's title on a line, the presenters on the next."""
    items: list[Item] = []
    for i in range(len(lines) - 1):
        title, nxt = lines[i].strip().rstrip(","), lines[i + 1]
        if (
            title
            and nxt
            and (i == 0 or not lines[i - 1] or (items and items[-1].start == i - 2))
            and 1 <= len(title.split()) <= 25
            and not _presenter_line(title)
            and not title.endswith((".", ":"))
            and _presenter_line(nxt)
        ):
            items.append(Item(number=None, key=(), title=title, start=i, title_line=i))  # type: ignore[arg-type]
    if len(items) < 3:
        return []
    for idx, item in enumerate(items):
        item.end = items[idx + 1].start if idx + 1 < len(items) else min(len(lines), item.start + 3)
    return items


SUB_ITEM_RE = re.compile(r"^([a-h])\)\s*(.*)$")


def _with_sub_items(items: list[Item], lines: list[str]) -> list[Item]:
    """ "a) Rapport från ..." under item 4 is item "4a"."""
    out: list[Item] = []
    for idx, item in enumerate(items):
        out.append(item)
        stop = items[idx + 1].start if idx + 1 < len(items) else min(len(lines), item.start + 60)
        expected = "a"
        for k in range(item.start + 1, stop):
            m = SUB_ITEM_RE.match(lines[k])
            if not m or m.group(1) != expected:
                continue
            title_line, title = k, m.group(2).strip()
            if not title:
                title_line, title = _next_text(lines, k)
            if not title:
                continue
            out.append(Item(number=f"{item.number}{expected}", key=(*item.key, 0), title=title, start=k,
                            title_line=title_line))  # fmt: skip
            expected = chr(ord(expected) + 1)
    return out


BULLET_ITEM = "\u2023 "  # the layout pass marks a meeting portal's top-level bullets without a number


def _with_headless_bullets(items: list[Item], lines: list[str]) -> list[Item]:
    out = list(items)
    for k, line in enumerate(lines):
        if line.startswith(BULLET_ITEM):
            lines[k] = line[len(BULLET_ITEM) :]
            out.append(Item(number=None, key=(), title=None, start=k, title_line=k - 1))  # type: ignore[arg-type]
    out.sort(key=lambda x: x.start)
    return out


DIARY_RE = re.compile(
    r"^(?:dnr|diarienr|diarienummer|diarienummer|ärendenr|ärendenummer|ärende nr|beteckning)\b\.?|"
    r"^[A-ZÅÄÖ]{1,6}\s*\d{2,4}[/.-]\d{1,6}\b",
    re.IGNORECASE,
)


def _next_text(lines: list[str], i: int) -> tuple[int, str]:
    for k in range(i + 1, min(len(lines), i + 4)):
        if lines[k]:
            return k, lines[k]
    return i, ""


def _follows(prev: tuple[int, ...], cur: tuple[int, ...]) -> bool:
    if cur[0] == prev[0] and len(cur) == len(prev) + 1 and cur[-1] == 1:
        return True  # 10 -> 10.1
    if len(cur) == len(prev) and cur[:-1] == prev[:-1] and 0 < cur[-1] - prev[-1] <= 3:
        return True  # 10.1 -> 10.2, 3 -> 4
    return len(cur) == 1 and len(prev) > 1 and 0 < cur[0] - prev[0] <= 3  # 10.2 -> 11


def _gap_too_large(last: Item, item: Item, lines: list[str]) -> bool:
    return item.start - last.start > 400


def _doc_end(lines: list[str], start: int) -> int:
    """The end of the last item: the signatures, a table, a new document's title, or 60 lines."""
    for j in range(start + 1, min(len(lines), start + 80)):
        line = lines[j]
        if re.match(r"^(?:vid protokollet|justeras|justerat|justerandes|ordförandes sign|underskrifter|"
                    r"bilag[ao]r?\b|uppdragsnamn|projektdirektiv)", line, re.I):  # fmt: skip
            return j
        if "\t" in line and j > start + 1:
            return j
    return min(len(lines), start + 60)


def join_title(item: Item, lines: list[str]) -> None:
    """Continue a title cut over two lines ("... ungdomsmottagningarna i" + "Västra Götaland")."""
    if item.title is None:
        return
    title = item.title
    first = item.title_line if item.title_line >= 0 else item.start
    item.title_line = first
    nxt = next(((k, x) for k, x in enumerate(lines[first + 1 : item.end], first + 1) if x), None)
    cut = re.search(r"\b(i|och|av|för|till|med|om|på|från|inom|samt|mellan|kring|den|det|de|en|ett|vid)$|[-,]$", title)
    # A title continued on a line of its own that starts in lower case ("... psykisk" + "ohälsa i Halland").
    continued = (
        nxt is not None
        and re.match(rf"^[{LOW}]", nxt[1]) is not None
        and not re.match(r"^(?:att|och att)\b", nxt[1])
        and len(nxt[1]) < 60
        and not re.search(r"[.:;]$", title)
        and "\t" not in nxt[1]
        and len(title) > 15
    )
    if (
        (cut or continued)
        and nxt
        and norm_heading(nxt[1]) not in TYPE_HEADINGS
        and len(nxt[1]) < 80
        and not PRESENTER_LABEL_RE.match(nxt[1])
    ):
        title = title.rstrip("-") + ("" if title.endswith("-") else " ") + nxt[1]
        item.title_line = nxt[0]
    # The signature after a flattened notice's last point: "Aktuellt från parterna Anna Ek Ordförande".
    signed = re.search(rf"\s+({NAME})\s+(?i:ordförande|sekreterare|förbundschef|förbundsdirektör|kanslichef)$", title)
    if signed and is_given_name(signed.group(1).split()[0]) and signed.start() > 0:
        title = title[: signed.start()]
    item.title = title.strip().rstrip(".").strip()


def analyse_item(item: Item, lines: list[str], notice: bool) -> None:
    join_title(item, lines)
    if item.title is None:
        body = lines[item.start : item.end]
        if re.match(r"^information\b", body[0], re.I) or re.search(r"\binformerar\b", body[0].split(".")[0]):
            item.type = "information"
        _narrative_presenters(item, body[:1])
        return
    m = re.match(
        r"^(information|beslut|ställningstagande|informationsärende|beslutsärende)\s*[.:–-]\s+", item.title, re.I
    )
    if m:
        item.type = TYPE_HEADINGS.get(m.group(1).casefold())
    m = re.search(r"[(–-]\s*(information|beslut|ställningstagande)\s*\)?$", item.title, re.I)
    if m and item.type is None:
        item.type = TYPE_HEADINGS[m.group(1).casefold()]
    body = lines[item.title_line + 1 : item.end]
    if body:
        mt = re.match(r"^(information|informationsärende|beslutsärende|ställningstagande)\s*[.:]\s+\S", body[0], re.I)
        if mt and item.type is None:
            item.type = TYPE_HEADINGS.get(mt.group(1).casefold())
    decision_parts: list[str] = []
    in_proposal = False
    in_decision = False
    for k, raw in enumerate(body):
        line = raw.strip()
        if not line:
            if in_decision and decision_parts:
                nxt = next((x for x in body[k + 1 :] if x.strip()), "")
                if not (nxt.startswith(("-", "att ", "– ")) or re.match(r"^att\b", nxt)):
                    in_decision = False
            in_proposal = False if not line else in_proposal
            continue
        h = norm_heading(line)
        if h in TYPE_HEADINGS:
            t = TYPE_HEADINGS[h]
            if t == "beslut":
                in_decision = True
                in_proposal = False
                if item.type is None and k < 3:
                    item.type = t
            elif item.type is None:
                item.type = t
            continue
        if PROPOSAL_RE.match(line):
            in_proposal = True
            in_decision = False
            continue
        pm = PRESENTER_LABEL_RE.match(line)
        if pm:
            rest = pm.group(1)
            if not rest:
                rest = " ".join(x for x in body[k + 1 : k + 5] if x and parse_person(x, Section()))
            rest = re.sub(r"\.(?=[A-ZÅÄÖ])", ". ", rest)
            rest = re.split(r"\.\s+(?=[A-ZÅÄÖ][a-zåäö]+\s*$|[A-ZÅÄÖ][a-zåäö]+\s+[a-zåäö])", rest)[0]
            for name in names_in(rest):
                if name not in item.presenters:
                    item.presenters.append(name)
            continue
        dm = DECISION_LABEL_RE.match(line)
        if dm and not PROPOSAL_RE.match(line):
            label = line[: len(line) - len(dm.group(1))].strip().casefold()
            if dm.group(1):
                decision_parts.append(dm.group(1))
                if label.startswith("ställningstagande") and False:
                    item.type = "ställningstagande"
            in_decision = True
            in_proposal = False
            continue
        if in_decision and CASE_SECTION_RE.match(line):
            in_decision = False  # "Ärendebeskrivning ...", "Beslutsunderlag ...": the decision has ended
            continue
        if in_proposal:
            continue
        if in_decision:
            if ITEM_RE.match(line):
                in_decision = False
                continue
            decision_parts.append(line.lstrip("-–• ").strip())
            continue
        if ACTIVE_DECISION_RE.search(line) and not re.search(
            r"\bföreslås\b|^förslag|\bförslag till beslut\b|\bförslag(?!\.?\s*$)", line, re.I
        ):
            decision_parts.append(line)
            in_decision = True
    if not decision_parts:
        for raw in body[:12]:
            line = raw.strip()
            if not line or len(line.split()) > 30 or PROPOSAL_RE.match(line):
                continue
            if re.search(r"\b(föreslås|föreslår|förslag)\b", line, re.I) and not re.search(r"\bbeslut\b", line, re.I):
                continue
            if PASSIVE_DECISION_RE.search(line) or ACTIVE_DECISION_RE.search(line):
                decision_parts.append(line)
                break
    if not item.presenters:
        _narrative_presenters(item, [item.title, *body] if NARRATIVE_RE.search(item.title) else body)
    if not item.presenters and body and _presenter_line(body[0]):
        # Names printed under an agenda point: who presents it.
        item.presenters = names_in(re.sub(r"^[^:]{1,40}:\s*", "", body[0]))
    if decision_parts and not notice:
        item.decision = " ".join(decision_parts)[:2000]


# The sections of a case's text after its decision.
CASE_SECTION_RE = re.compile(
    r"^(?:ärendebeskrivning|ärendet|bakgrund|sammanfattning|beslutsunderlag|yrkanden?|propositionsordning|"
    r"reservation|expedieras|protokollsanteckning|särskilt yttrande)(?:\s*:|(?-i:\s+[A-ZÅÄÖ])|$)",
    re.IGNORECASE,
)
NARRATIVE_RE = re.compile(rf"\b(?:{NARRATIVE_VERBS})\b")
FINITE_VERB_RE = re.compile(
    rf"\b(?:{NARRATIVE_VERBS}|yrkar|yrkade|föreslår|föreslog|beslutar|beslutade|anser|framför|tackar|"
    r"är|var|har|hade|ska|skall|kommer|kan|bör|får|blir|blev|deltar|deltog|ansvarar|ersätter)\b",
    re.IGNORECASE,
)


def _presenter_line(line: str) -> bool:
    """ "Lina Widlund, strateg", "Fredrik Larsson, Region Värmland och Peter Söderström, Arvika kommun",
    "Styrgruppen: Viking Jonsson (S), ..." - names (with titles or organisations), no sentence."""
    text = re.sub(r"^[^:]{1,40}:\s*", "", line.strip())
    if re.search(r"\.(?:pdf|docx?|xlsx?|pptx?|odt)\b", text, re.I):
        return False  # a document attached to the point, not who presents it
    if not text or len(text.split()) > 45 or FINITE_VERB_RE.search(text) or PASSIVE_DECISION_RE.search(text):
        return False
    name, rest = name_prefix(text)
    if name is not None and re.match(r"^\s+(?!och\b|samt\b|m\.?\s?fl\b)[a-zåäö]{3,}", rest):
        return False  # "Anna Berg hälsade välkommen.": a sentence with its subject, not a list of names
    return name is not None and not municipality(name)


def _sentences(body: list[str]) -> list[str]:
    """Each line, and each later sentence of it ("Information. ... Lena Ek redogör för ...")."""
    out: list[str] = []
    for raw in body:
        parts = re.split(rf"(?<=[a-zåäö0-9)][.!?])\s+(?=[{UP}])", raw.strip())
        out.extend(parts)
    return out


TITLE_PREFIX_RE = re.compile(
    rf"^(?:(?:[{UP}][{LOW}-]+|[{LOW}-]+)\s+){{1,4}}?(?=(?:{NAME_WORD}\s+){{1,3}}(?:och\s+{NAME}\s+|,\s*)?"
    rf"[^.]{{0,80}}?(?:{NARRATIVE_VERBS})\b)"
)


def _strip_title(line: str) -> str:
    """ "Kommundirektör Mattias Nordin informerar" -> "Mattias Nordin informerar"."""
    m = TITLE_PREFIX_RE.match(line)
    if m:
        prefix = m.group(0)
        words = prefix.split()
        if (STAFF_RE.search(prefix) or re.search(r"ordförande", prefix, re.I)) and all(
            w[:1].islower() for w in words[1:]
        ):
            return line[m.end() :]
    return line


# "Ärendet föredras av Anna Berg", "Vid mötet informerar ekonomichef Anna Berg om ...", "Information från
# Anna Berg om ...": who presents, named after the verb.
PASSIVE_PRESENTER_RE = re.compile(
    rf"^(?:(?:ärendet|informationen|information|en redogörelse|en presentation|en rapport|rapporten)\s+"
    rf"(?:föredras|föredrogs|presenteras|presenterades|lämnas|lämnades|ges|gavs|redovisas|redovisades)\s+av|"
    rf"(?:vid mötet|på mötet|därefter|sedan|här)\s+(?:{NARRATIVE_VERBS})|information\s+(?:från|av))\s+"
    rf"(?P<rest>.{{0,120}})",
    re.IGNORECASE,
)


def _narrative_presenters(item: Item, body: list[str]) -> None:
    for raw in _sentences(body):
        passive = PASSIVE_PRESENTER_RE.match(raw.strip())
        if passive:
            rest = passive.group("rest")
            words = rest.split()
            while (
                words
                and words[0][:1].islower()
                and (STAFF_RE.search(words[0]) or words[0] in ("förbundets", "regionens"))
            ):
                words = words[1:]  # "ekonomichef Anna Berg"
            name, _ = name_prefix(" ".join(words))
            if name and is_given_name(name.split()[0]) and name not in item.presenters:
                item.presenters.append(name)
            continue
        line = _strip_title(raw.strip())
        m = re.match(
            rf"^(?P<who>{NAME}(?:\s*(?:,|och)\s*{NAME})*)(?P<mid>[^.]{{0,80}}?),?\s+(?:{NARRATIVE_VERBS})\b",
            line,
        )
        if not m:
            continue
        mid = m.group("mid")
        if mid and not (mid.startswith(",") or re.match(r"^\s*[A-ZÅÄÖ]", mid)):
            continue
        for name in names_in(m.group("who") + mid.split(",")[0] if not mid.startswith(",") else m.group("who")):
            if name not in item.presenters:
                item.presenters.append(name)


# --- header ------------------------------------------------------------------------------------

KIND_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\w*protokoll\b|protokollsutdrag|\bprotocol\b|\bminutes\b", re.I), "protocol"),
    (re.compile(r"\w*anteckning(?:ar|en|arna)?\b|\bnotes\b", re.I), "notes"),
    (re.compile(r"\bkallelse\b|föredragningslista|\bnotice\b|inbjudan till (?:sammanträde|möte)", re.I), "notice"),
    (
        re.compile(
            r"\w*avtal(?:et)?\b|\w*överenskommelse(?:n)?\b|^avsiktsförklaring\b|^förbundsordning\b|\bagreement\b", re.I
        ),
        "agreement",
    ),
]


def detect_kind(lines: list[str]) -> tuple[str, int | None]:
    seen = 0
    for i, line in enumerate(lines):
        if not line:
            continue
        seen += 1
        if seen > 25:
            break
        if len(line) > 100 and not (
            # A title that runs on: "Protokoll fört vid sammanträde med styrelsen för ... den 14 mars 2019 i ..."
            len(line) <= 200
            and re.match(r"(?:protokoll|minnesanteckningar|anteckningar)\s+(?:fört|förda)\s", line, re.I)
        ):
            continue
        if re.match(r"^(?:§\s*)?\d{1,3}(?:\.\d{1,2})*[.)]?\s+\S|^[-–•]\s", line):
            continue  # an agenda point "2. Föregående protokoll" speaks of another document
        for pattern, kind in KIND_PATTERNS:
            m = pattern.search(line)
            if m and re.search(r"(?:föregående|förra|senaste|tidigare)(?:\s+mötets)?\s+$", line[: m.start()], re.I):
                continue  # "Genomgång av föregående protokoll"
            if not m:
                continue
            if kind == "agreement" and (m.start() > 40 or seen > 10):
                continue
            if kind in ("protocol", "notes") and m.start() > 30:
                continue
            return kind, i
    first = next((x for x in lines if x.strip()), "")
    if re.match(r"^(?:dagordning|agenda)\b", first.strip(), re.I):
        return "notice", None  # a page that starts with its agenda and names no other kind
    return "other", None


CASE_DOC_RE = re.compile(
    r"^(?P<doc>förslag|tjänsteskrivelse|tjänsteutlåtande|ärendeblad)\s*(?P<number>\d{4}:\d{1,4})?\s*"
    r"(?:\d{1,3}\s*\(\s*\d{1,3}\s*\)\s*)?(?P<rest>.*)$",
    re.IGNORECASE,
)
CASE_TEXT_RE = re.compile(
    r"\s(?:föredragande\b|ärendet\b|ärendebeskrivning\b|sammanfattning\b|bakgrund\b|förslag till beslut\b)", re.I
)


def _case_document(lines: list[str]) -> tuple[Item | None, str | None]:
    """A document of one case, not a record of a meeting: "FÖRSLAG 2009:29 1 (19) Landstingsstyrelsens förslag
    till beslut Bildande av ... Föredragande landstingsråd: Filippa Reinfeldt Ärendet ...", "Tjänsteskrivelse
    Dnr 2020/12 Ny taxa för ... Sammanfattning ...": (the case as an item, the body whose proposal it is)."""
    heads = [(i, x) for i, x in enumerate(lines[:40]) if x.strip()][:6]
    for i, line in heads:
        m = CASE_DOC_RE.match(line.strip())
        if not m or not m.group("rest"):
            continue
        rest = m.group("rest")[:2000]
        body = None
        mb = re.match(rf"^([{UP}][{LOW}]+)s förslag(?: till beslut)?\s+", rest)
        if mb and BODY_RE.search(mb.group(1)):
            body, rest = mb.group(1), rest[mb.end() :]
        rest = re.sub(
            rf"^(?:dnr|diarienr)\.?\s*:?\s*(?:[{UP}]{{1,5}}\s*)?\d{{1,4}}[/.:-]\d{{1,6}}\S*\s+", "", rest, flags=re.I
        )
        end = CASE_TEXT_RE.search(rest)
        title = (rest[: end.start()] if end else rest[:150]).strip(" .:")
        if not title or len(title.split()) > 25 or not title[:1].isupper():
            continue
        item = Item(number=m.group("number"), key=(), title=title, start=i, end=min(len(lines), i + 60), title_line=i)
        item.inferred = True  # nothing more is read from its text: a proposal records no decision
        if re.search(r"förslag till beslut", "\n".join(x[:3000] for x in lines[i : i + 30]), re.I):
            item.type = "beslut"  # the case asks for a decision
        mp = re.search(r"föredragande[^:]{0,40}:\s*(.{0,80})", rest[:600], re.I)
        presenter = name_prefix(mp.group(1))[0] if mp else None
        if presenter:
            item.presenters = [presenter]
        return item, body
    return None, None


POINT_WITH_TEXT_RE = re.compile(r"^((?:§\s*)?\d{1,3}(?:\.\d{1,2})*[.)]?\s+[^:\t]{3,80}?):\s+([A-ZÅÄÖ].{10,})$")


def _points_with_their_text(lines: list[str]) -> list[str]:
    """ "3. Aktuellt: Bo Lind informerade om läget." -> the point's title, and its text on a line of its own (not
    "3. Information: Budget 2020", a title with its subject)."""
    out: list[str] = []
    for line in lines:
        m = POINT_WITH_TEXT_RE.match(line) if len(line) < 1000 else None
        if m and (
            re.search(r"[.!?]$", m.group(2))
            or FINITE_VERB_RE.search(m.group(2))
            or PASSIVE_DECISION_RE.search(m.group(2))
        ):
            out.extend([m.group(1), m.group(2)])
        else:
            out.append(line)
    return out


SIGN_AFTER_NUMBER_RE = re.compile(rf"^(\d{{1,4}})\s*§\.?(?:\s+([{UP}0-9\"”].*))?$")
NUMBER_AFTER_TITLE_RE = re.compile(rf"^([{UP}][^§\t]{{2,90}}?)\s+§\s*(\d{{1,4}})$")


def _paragraph_sign_forms(lines: list[str]) -> list[str]:
    """ "12 §" (the number before the sign, as in Finland and in older minutes) is "§ 12"."""
    out = list(lines)
    for i, line in enumerate(lines):
        m = SIGN_AFTER_NUMBER_RE.match(line.strip()) if len(line) < 300 else None
        if m:
            out[i] = f"§ {m.group(1)}" + (f" {m.group(2)}" if m.group(2) else "")
            continue
        # "Dnr KS 2019/45 <tab> § 12": the diary number printed to the left of the paragraph's number.
        m = DIARY_THEN_SIGN_RE.match(line.strip()) if len(line) < 120 else None
        if m:
            out[i] = f"{m.group(2)} {m.group(1).strip()}"
    return out


DIARY_THEN_SIGN_RE = re.compile(
    r"^((?:dnr|diarienr|diarienummer)\.?:?\s*[^\t§]{2,30}?)(?:\t+|\s{2,})(§\s*\d{1,4})$", re.I
)


def _numbers_after_titles(lines: list[str]) -> list[str]:
    """ "Val av justerare § 12": a paragraph whose number is printed after its title (to the right of it in the
    page) is "§ 12 Val av justerare". Only titles (no full stop, at most twelve words, no date)."""
    out = list(lines)
    for i, line in enumerate(lines):
        m = NUMBER_AFTER_TITLE_RE.match(line.strip()) if len(line) < 200 else None
        if (
            m
            and len(m.group(1).split()) <= 12
            and not re.search(r"[.:;,]$", m.group(1))
            and not parse_date(m.group(1))
            and not re.search(r"\d{4}", m.group(1))
            and not BODY_RE.fullmatch(m.group(1).strip())
        ):
            out[i] = f"§ {m.group(2)} {m.group(1)}"
    return out


LETTERHEAD_ADDRESS_RE = re.compile(
    rf"\s*(?:\bBox\s+\d{{1,6}},?|\b[{UP}][{LOW}]+(?:gatan|vägen|torget|gränd|allén|backen)\s+\d{{1,3}}[A-Za-z]?(?:,|(?=\s+\d{{3}}\s?\d{{2}}\s))|\b\d{{3}}\s?\d{{2}}\s+[{UP}][{LOW}]+,?|"
    r"\b(?:Tel|Telefon|Tfn|Fax|Växel)\.?:?\s*\+?[\d][\d \-]{5,14}\d,?|\bwww\.\S+|\b[\w.-]+@[\w.-]+\.[a-z]{2,4}\b|"
    r"\b(?:Org\.?\s?nr|Organisationsnummer)\.?:?\s*\d{6}-\d{4},?)"
)


def _without_letterhead_address(lines: list[str]) -> list[str]:
    """The letterhead's address, phone, web site and e-mail ("Box 123, 123 45 Åby Tel 0123-456 78") are no part of
    the organisation or the body printed beside them: dropped from the first lines that carry no label."""
    out = list(lines)
    for i, line in enumerate(lines[:12]):
        if ITEM_RE.match(line):
            break  # the letterhead is above the first item
        if ":" in line.split("Tel")[0] or len(line) > 400:
            continue
        stripped = LETTERHEAD_ADDRESS_RE.sub(" ", line)
        if stripped != line:
            out[i] = re.sub(r"\s{2,}", " ", stripped).strip(" ,")
    return out


def extract(text: str) -> dict[str, Any]:
    lines = _paragraph_sign_forms(_points_with_their_text(clean(relayout(text))))
    lines = _without_letterhead_address(lines)
    kind, kind_line = detect_kind(lines)
    items = find_items(lines)
    if not items:
        turned = _numbers_after_titles(lines)
        if turned != lines and len(turned_items := find_items(turned)) >= 2:
            lines, items = turned, turned_items
    case = None
    case_body = None
    if not items and kind == "other":
        case, case_body = _case_document(lines)
        items = [case] if case else []
    if kind == "agreement":
        items = [i for i in items if len(i.key) == 1] or items or _heading_sections(lines)
        if not items:
            flat_split = _flat_headings(lines)
            if flat_split != lines:
                lines = flat_split
                items = _heading_sections(lines)
    if not items and kind in ("protocol", "notes"):
        items = _capital_headings(lines)
    if not items and kind == "notes":
        # Notes whose points are headings without numbers, each over its text ("Ekonomi" + "Bo Lind redovisade ...").
        items = _heading_sections(lines)
    first_item = items[0].start if items else len(lines)
    header_end = first_item if items and case is None else min(len(lines), 60)
    "\n".join(lines[:header_end])

    roster = Roster()
    if kind != "agreement":
        parse_attendance(lines, first_item, roster)
        narrative_attendance("\n".join(lines), roster)

    if case is not None:
        # A proposal's text speaks of other dates ("från och med den 1 januari 2016"): only a labelled one counts.
        labelled = _labelled(lines[:header_end], r"datum|sammanträdesdatum|mötesdatum")
        date = parse_date(labelled) if labelled else None
    else:
        date = _find_date(lines[:header_end], kind, lines) or parse_date("\n".join(lines[: min(len(lines), 80)]))
    start_time, end_time = _find_times(lines[:header_end])
    if start_time is None and items and items[0].number is None and TIME_TABLE_RE.match(lines[items[0].start].strip()):
        start_time, _ = parse_times("kl " + lines[items[0].start].strip())  # a timetable starts at its first time
    place = _labelled(
        # The longest label first: "Plats och tid" on a line of its own is not "Plats" with the value "och tid".
        lines[:header_end],
        r"plats och tid|tid och plats|datum och plats|sammanträdesplats|mötesplats|plats|lokal|var",
    )
    if place is None:
        place = _labelled(lines[:header_end], r"mötesform|form")
    if place is None:
        # "... Datum: tisdag 3 mars 2014 Plats: Folkets hus, Åby": the label inside a header line, with its colon.
        inside = next(
            (
                m
                for line in lines[: min(header_end, 40)]
                if len(line) < 1000
                and (m := re.search(r"(?<=\s)(?:Plats|Lokal|Mötesplats|Sammanträdesplats)\s*:\s*(\S.*)$", line))
            ),
            None,
        )
        if inside:
            place = re.split(r"\s+(?=[A-ZÅÄÖ][a-zåäö]+(?: [a-zåäö]+)?\s*:)", inside.group(1))[0].strip(" ,.") or None
    if place:
        place = re.sub(r"^(?:och tid\s*:?)\s*", "", place).strip()
        place = place_only(place) or ""
        place = re.sub(r"\s*(?:kl\.?|klockan)\s*\d[^,]*", "", place, flags=re.I).strip(" ,")  # up to the next part
        place = _place_without_time(place)
        if parse_date(place) or TIME_RANGE_RE.search(place):
            place = re.split(r",?\s*(?:den\s+)?\d", place)[0].strip(" ,") or place
    if place:
        place = re.sub(r"\s+(?:kl\.?|klockan|tid)$", "", place, flags=re.I).strip(" ,") or None
    body, organisation = _body_and_org(lines, header_end, kind_line, text, kind)
    body = _without_page_header(body) or case_body
    if kind == "agreement" and body and not BODY_RE.search(body):
        body = None  # "Överenskommelse om samverkan": the subject of the agreement, not a body
    if kind == "agreement" and body and re.match(r"^mellan\s", body, re.I):
        # "mellan Norrby kommun och Åby kommun om gemensam nämnd" under the title: the parties, not a body, and
        # no one of them the organisation.
        if organisation and organisation in body:
            organisation = None
        body = None
    m_of = re.match(
        r"^(.+?)(?:,\s*|\s+för\s+|\s+i\s+)((?:Samordningsförbundet|Kommunalförbundet|Kommunförbundet|Regionförbundet|"
        r"Region|Landstinget)\s+(?:i\s+)?[A-ZÅÄÖ].*)$",
        body or "",
    )
    if m_of and BODY_RE.search(m_of.group(1)) and len(m_of.group(1).split()) <= 4:
        # "Direktionen, Kommunalförbundet X", "Förbundsstyrelsen för Regionförbundet i Kalmar län".
        body = m_of.group(1).strip()
        organisation = m_of.group(2).strip(" .,")
    m_in = re.match(rf"^(\S+(?:\s+\S+){{0,3}}?)\s+i\s+([{UP}][{LOW}]+(?:s)? (?:kommun|stad))$", body or "")
    if m_in and BODY_RE.search(m_in.group(1)):
        body, organisation = m_in.group(1), organisation or m_in.group(2)  # "kommunstyrelsen i Sala kommun"
    if body and organisation and body.endswith(" " + organisation) and BODY_RE.search(body[: -len(organisation)]):
        body = body[: -len(organisation)].strip(" ,")  # "Styrgruppen Närvårdssamverkan Södra Älvsborg"
    # A kind word or a weekday run into the letterhead's name ("Samordningsförbundet X PROTOKOLL", "X måndag").
    trailing = rf"\s+(?:(?:Sammanträde|Möte)\s+)?(?:(?i:{WEEKDAY_RE.pattern})|(?i:\w*protokoll|minnesanteckningar|anteckningar|kallelse))$"
    organisation = re.sub(trailing, "", organisation) if organisation else organisation
    body = re.sub(trailing, "", body) if body else body
    if body and body[:1].islower():
        body = body[:1].upper() + body[1:]

    result_items: list[dict[str, Any]] = []
    sections = _section_types(lines, {i.title_line for i in items} | {i.start for i in items})
    last_line = max((k for k, x in enumerate(lines) if x.strip()), default=-1)
    for item in items:
        if kind == "agreement":
            join_title(item, lines)
            item.type = "other"
        elif item is case:
            pass  # the case of a proposal, read by _case_document
        else:
            analyse_item(item, lines, notice=kind == "notice")
            if (
                item.decision
                and item.end > last_line
                and _cut_off(lines[last_line])
                and lines[last_line].strip()[-40:] in item.decision
            ):
                # The text stops in the middle of the decision: what is complete before the cut is recorded.
                before = item.decision[: item.decision.rfind(lines[last_line].strip()[:40])].strip()
                item.decision = before if re.search(r"[.!?]$", before) else None
            _infer_type(item, sections)
        result_items.append(
            {
                "number": item.number,
                "title": item.title,
                "type": item.type,
                "type_stated": item.type is not None and not item.inferred,
                "presenters": item.presenters,
                "decision": item.decision,
            }
        )

    adjusters = _adjusters(lines, roster, items)
    _parties_named_elsewhere("\n".join(lines), roster)
    _signature_roles(lines, roster)
    if kind == "other" and len(items) >= 2:
        # No word names the kind: what the document records does.
        if adjusters or any((i.number or "").startswith("§") for i in items):
            kind = "protocol"
        elif roster.people:
            kind = "notes"
        elif not any(i.decision for i in items):
            kind = "notice"
    if place is None:
        place = _place_fallback(lines[: max(header_end, 10)])
    if kind == "notes" and not any(p.party for p in roster.people):
        # Notes of a network of officials: people listed under "Närvarande" with only their organisation
        # are participants, not voting members.
        for p in roster.people:
            if p.role == "ledamot" and p.generic and not p.explicit_role and p.municipality:
                p.role = "övrig"
    return {
        "kind": kind,
        "body": body,
        "organisation": organisation,
        "date": date,
        "start_time": start_time,
        "end_time": end_time,
        "place": place,
        "attendees": [p.as_dict() for p in roster.people],
        "items": result_items,
        "adjusters": adjusters,
    }


SECTION_RE = re.compile(
    r"^(?:(?P<beslut>beslutsärenden|ärenden för beslut|för beslut)|"
    r"(?P<information>informationsärenden|ärenden för information|för information|information/\w+|"
    r"informations- och diskussionsärenden|information och diskussion)|"
    r"(?P<none>övriga ärenden|anmälningsärenden|diskussionsärenden|delgivningar))$",
    re.IGNORECASE,
)


def _section_types(lines: list[str], titles: frozenset[int] | set[int] = frozenset()) -> list[tuple[int, str | None]]:
    """Headings that group the items after them: "Beslutsärenden", "Information/diskussionspunkter"; not the
    title of an item ("§ 14 Informationsärenden")."""
    out: list[tuple[int, str | None]] = []
    for k, line in enumerate(lines):
        if k in titles:
            continue
        m = SECTION_RE.match(line.strip(" :\t"))
        if m:
            out.append((k, "beslut" if m.group("beslut") else "information" if m.group("information") else None))
    return out


def _cut_off(line: str) -> bool:
    return not re.search(r"[.!?:;)\"”]\s*$", line)


def _infer_type(item: Item, sections: list[tuple[int, str | None]]) -> None:
    """The type a heading of a group of items states, else what the item records."""
    if item.type is not None:
        return
    heading = next((t for k, t in reversed(sections) if k < item.start), None)
    item.inferred = True
    if heading:
        item.type = heading
        item.inferred = False
    elif re.match(r"^(?:information|informationsärenden?|aktuell information)\b", item.title or "", re.I) or re.search(
        r"\binformation$", item.title or "", re.I
    ):
        item.type = "information"
    elif item.decision:
        item.type = "information" if re.search(r"\binformationen\b", item.decision, re.I) else "beslut"


def _place_fallback(lines: list[str]) -> str | None:
    """A digital meeting ("webbmöte med ..."), or the town before the date that heads a letter."""
    for line in lines[:30]:
        m = re.search(r"\b(webbmöte|digitalt möte|videomöte|distansmöte|teamsmöte|via teams|via zoom)\b", line, re.I)
        if m:
            return m.group(1)
    for line in lines[:5]:
        m = re.match(
            rf"^([{UP}][{LOW}]+),?\s+(?:den\s+)?(?:\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}\s+[a-zåäö]+\s+\d{{4}})\b", line
        )
        if m and municipality(m.group(1)):
            return m.group(1)
    return None


WEEKDAY_RE = re.compile(r"\b(?:mån|tis|ons|tors|fre|lör|sön)dag(?:en)?\b", re.IGNORECASE)


PAGE_HEADER_WORDS_RE = re.compile(
    r"\b(?:sida|blad|sammanträdesdatum|mötesdatum|datum|justerandes sign|utdragsbestyrkande)\b", re.IGNORECASE
)


def _without_page_header(body: str | None) -> str | None:
    """A body name read from a page header keeps only the name: "Sida Sammanträdesdatum Styrelsen (19) )"
    -> "Styrelsen". Page headers print the page count and the labels of their cells around the name."""
    if not body:
        return body
    cleaned = PAGE_HEADER_WORDS_RE.sub(" ", body)
    cleaned = re.sub(r"\(\s*\d+\s*\)|\b\d+\s*\(\s*\d+\s*\)|\b\d+\s*av\s*\d+\b", " ", cleaned)
    if cleaned.count("(") != cleaned.count(")"):
        cleaned = cleaned.replace("(", " ").replace(")", " ")
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" ,-–:")
    return cleaned[:1].upper() + cleaned[1:] if cleaned else body


# What an invitation adds after the place: "Efter mötet bjuds till lunch", "Kaffe serveras från 8.30".
NOT_PLACE_RE = re.compile(
    r"\b(?:bjuds|bjuder|serveras|ges|hålls|sker|startar|börjar|avslutas|följs|ordnas|anmäl|anmäler|anmälan|"
    r"välkommen|välkomna|observera|obs|kaffe|lunch|middag|måltid|fika|parkering|parkera|samåkning|buss|"
    r"tåg|resa|ta med|medtag|glöm)\b|^(?:efter|före|innan|därefter|sedan|under|vi|ni|man)\b",
    re.IGNORECASE,
)
PLACE_PART_RE = re.compile(
    r"^(?:lokal|lokalen|rum|rummet|sal|salen|sammanträdesrum\w*|sessionssal\w*|våning|vån|plan|ingång|entré|"
    r"hus|huset|adress|besöksadress|konferensrum\w*)\b",
    re.IGNORECASE,
)


def place_only(value: str) -> str | None:
    """The place of a "Plats:" line without what an invitation adds after it.

    "Chalmersska huset, Södra Hamngatan 11, Göteborg. Lokal Kanalrummet. Efter styrelsemötet bjuds till
    traditionsenlig måltid på Fiskekrogen." -> "Chalmersska huset, Södra Hamngatan 11, Göteborg. Lokal
    Kanalrummet": the sentences after the first are kept only while they name a room or a part of the
    building (short, no verb, no meal or travel); the first sentence loses the comma parts that do not
    name a place ("Stadshuset, efter mötet serveras lunch")."""
    sentences: list[str] = []
    for piece in re.split(r"(?<=[^\s.][.!?])\s+(?=[A-ZÅÄÖ0-9])", value.strip()):
        if sentences and re.search(r"(?:^|\s)(?:kl|ca|vån|tel|nr|resp|bl\.a|t\.ex)\.$", sentences[-1], re.I):
            sentences[-1] += " " + piece  # "2023 kl. 08:30": an abbreviation, not the end of a sentence
        elif piece.strip():
            sentences.append(piece.strip())
    if not sentences:
        return None
    first = sentences[0]
    parts = [x.strip() for x in first.split(",")]
    kept_parts = [parts[0]]
    for part in parts[1:]:
        if NOT_PLACE_RE.search(part) or (len(part.split()) > 6 and FINITE_VERB_RE.search(part)):
            break
        kept_parts.append(part)
    kept = [", ".join(kept_parts)]
    if len(kept_parts) == len(parts):
        for sentence in sentences[1:]:
            words = sentence.rstrip(".!?").split()
            if NOT_PLACE_RE.search(sentence) or FINITE_VERB_RE.search(sentence):
                break
            if not (PLACE_PART_RE.match(sentence) or len(words) <= 4):
                break
            kept.append(sentence)
    place = " ".join(kept).strip(" ,")
    place = place if len(kept) > 1 else place.rstrip(".")
    return place or None


def _place_without_time(value: str) -> str:
    """ "Tisdagen den 14 mars 2023 kl. 08:30 – 11:45, Ystads kommunhus, sessionssalen" -> the place parts."""
    parts = [x.strip() for x in value.split(",")]
    timed = [bool(parse_date(x) or TIME_RANGE_RE.search(x) or TIME_RE.search(x) or WEEKDAY_RE.search(x)) for x in parts]
    if len(parts) > 1 and any(timed) and not all(timed):
        return ", ".join(x for x, t in zip(parts, timed, strict=True) if not t and x)
    return value


def _labelled(lines: list[str], labels: str) -> str | None:
    for i, line in enumerate(lines):
        m = re.match(rf"^(?:{labels})\s*(?::|\t|\s(?=[A-ZÅÄÖ0-9])|$)\s*(.*)$", line, re.I)
        if m:
            value = m.group(1).strip()
            if not value:
                value = _stacked_value(lines, i) or next((x for x in lines[i + 1 : i + 3] if x), "")
            return value.strip() or None
        for cell_i, cell in enumerate(split_cells(line)[:-1]):
            if re.fullmatch(rf"(?:{labels})\s*:?", cell, re.I):
                return split_cells(line)[cell_i + 1]
    return None


LABEL_ONLY_RE = re.compile(r"^[A-ZÅÄÖ][a-zåäö]+(?: [a-zåäö]+){0,3}:$")


def _stacked_value(lines: list[str], i: int) -> str | None:
    """Labels printed one under the other, then their values in the same order ("Tid:", "Plats:",
    "Omfattning:", "2014-04-25, 8.30 – 12.00", "Borås, Solhem, Syster Tora", ...)."""
    a = i
    while a > 0 and LABEL_ONLY_RE.match(lines[a - 1]):
        a -= 1
    b = i
    while b + 1 < len(lines) and LABEL_ONLY_RE.match(lines[b + 1]):
        b += 1
    if b == a:
        return None
    values = [x for x in lines[b + 1 : b + 1 + 3 * (b - a + 1)] if x][: b - a + 1]
    return values[i - a] if i - a < len(values) else None


def _find_date(lines: list[str], kind: str, full: list[str] | None = None) -> str | None:
    if kind == "agreement":
        text = "\n".join(lines if full is None else full)
        m = re.search(r"(?:gäller|giltig|träder i kraft|fr\.?\s?o\.?\s?m\.?|från och med|from)\b(.{0,60})", text, re.I)
        if m and parse_date(m.group(1)):
            return parse_date(m.group(1))
    value = _labelled(lines, r"datum|tid|sammanträdesdatum|mötesdatum|tid och plats|när|date")
    if value and parse_date(value):
        return parse_date(value)
    found = parse_date("\n".join(lines[:40]))
    if found is None and value:
        found = _short_date(value)
    if found is None:
        # "Tisdagen den 4 mars kl. 9.00" under "PROTOKOLL 2014": the day and month, the year from the header.
        head = "\n".join(lines[:15])
        m = re.search(r"\bden\s+(\d{1,2})(?::e|:a)?\s+([a-zåäö]{3,9})\b(?!\s+\d)", head, re.I)
        years = set(re.findall(r"(?<![\d/-])((?:19|20)\d{2})(?![\d/-])", head))
        if m and m.group(2).lower() in MONTHS and len(years) == 1 and 1 <= int(m.group(1)) <= 31:
            found = f"{years.pop()}-{MONTHS[m.group(2).lower()]:02d}-{int(m.group(1)):02d}"
    return found


def _short_date(value: str) -> str | None:
    """A labelled date with a two-digit year: "14-03-03", "3/3-14"."""
    m = re.match(r"^\s*(\d{2})-(\d{2})-(\d{2})\b", value)
    if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31:
        return f"20{m.group(1)}-{m.group(2)}-{m.group(3)}"
    m = re.match(r"^\s*(\d{1,2})/(\d{1,2})\s*-\s*(\d{2})\b", value)
    if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(1)) <= 31:
        return f"20{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    return None


def _find_times(lines: list[str]) -> tuple[str | None, str | None]:
    value = _labelled(lines, r"tid|klockan|kl|tid och plats|datum och tid|mötestid|time")
    if value:
        s, e = parse_times(value if re.search(r"kl", value, re.I) else "kl " + value)
        if s:
            # "09.00–10.30, 10.45–11.45": adjourned and resumed; the meeting ends with the last range.
            ranges = list(TIME_RANGE_RE.finditer(value[:200]))
            if len(ranges) >= 2 and re.fullmatch(r"\s*(?:,|och|samt)\s*", value[ranges[-2].end() : ranges[-1].start()]):
                _, last = parse_times("kl " + ranges[-1].group(0).strip())
                e = last or e
            return s, e
    start = _labelled(lines, r"starttid|mötet startar|start")
    if start and (s := parse_times("kl " + start)[0]):
        end = _labelled(lines, r"sluttid|mötet slutar|slut")
        return s, parse_times("kl " + end)[0] if end else None
    for line in lines[:40]:
        if re.search(r"\bkl\.?\s*\d|\bklockan\b|\d[.:]\d\d\s*[-–]\s*\d", line, re.I):
            s, e = parse_times(line)
            if s:
                return s, e
    return None, None


ORG_FIRST_RE = re.compile(
    rf"^(?:Samordningsförbundet|Kommunalförbundet|Kommunförbundet|Regionförbundet|Region|Landstinget)"
    rf"(?:\s+[{UP}][\w-]+){{1,3}}(?:s? län)?$"
)


def _person_line(line: str) -> bool:
    name, rest = name_prefix(line)
    rest = rest.strip()
    return name is not None and not (rest[:1].islower() and BODY_RE.match(rest))


def _case(text: str) -> str:
    """ "LAHOLMS KOMMUN" -> "Laholms kommun"; other text as written."""
    if not text.isupper():
        return text
    small = {"kommun", "kommuns", "stad", "län", "och", "i", "region", "regionen", "kommunalförbund", "förbund"}
    words = text.casefold().split()
    return " ".join(w if (k and w in small) else w[:1].upper() + w[1:] for k, w in enumerate(words))


MEETING_OF = {
    "styrelse": "Styrelsen", "direktions": "Direktionen", "presidie": "Presidiet", "styrgrupps": "Styrgruppen",
    "arbetsutskotts": "Arbetsutskottet",
}  # fmt: skip


def _body_and_org(
    lines: list[str], header_end: int, kind_line: int | None, text: str, kind: str = ""
) -> tuple[str | None, str | None]:
    body: str | None = None
    organisation: str | None = None
    if kind_line is not None:
        line = lines[kind_line]
        m = None
        for pattern, _ in KIND_PATTERNS:
            m = pattern.search(line)
            if m:
                break
        if m:
            rest = line[m.end() :].split("\t")[0].strip(" :-–,")
            # "fört vid Hälsingerådets sammanträde", "från Regionstyrelsens sammanträde 2017-03-21": the body's.
            rest = re.sub(
                rf"^(?:fört\s+)?(?:vid|från|efter)\s+([{UP}][{LOW}]+?)s\s+(?:sammanträde|möte)\b.*$",
                lambda m: m.group(1) if BODY_RE.fullmatch(m.group(1)) else m.group(0),
                rest,
            )
            rest = re.sub(
                r"^(?:fört\s+)?(?:vid|från|efter)\s+(?:sammanträde|sammanträdet|möte|mötet)\s+(?:med|i|för)\s+",
                "",
                rest,
                flags=re.I,
            )
            rest = re.sub(
                r"^(?:och handlingar\s+)?(?:(?:till sammanträde|till möte|från|för|med|vid|till)(?:\s+|$))+",
                "",
                rest,
                flags=re.I,
            )
            # "Protokoll regionstyrelsen 12 april 2016", "Protokoll Styrelsen den 3 maj 2018"
            rest = re.sub(
                r"\s+(?:den\s+)?\d{1,2}(?::e|:a)?\s+(?:januari|februari|mars|april|maj|juni|juli|augusti|september|"
                r"oktober|november|december)\s+\d{4}.*$",
                "",
                rest,
                flags=re.I,
            )
            # "Protokoll nr 5/2008 Primärkommunala nämnden", "Protokoll 3/2019": the protocol's number.
            rest = re.sub(
                r"^(?:(?:nr\.?|nummer)\s*\d{1,3}(?:\s*/\s*\d{2,4})?|\d{1,3}\s*/\s*\d{2,4})(?=\s|$)",
                "",
                rest,
                flags=re.I,
            ).strip()
            meeting_of = re.match(
                r"(styrelse|direktions|presidie|styrgrupps|arbetsutskotts)(?:möte|sammanträde)\b", rest, re.I
            )
            if meeting_of:  # "Protokoll från styrelsemöte": the board's meeting
                named = MEETING_OF[meeting_of.group(1).casefold()]
                rest = named + rest[meeting_of.end() :]
            if re.match(r"mellan\s", rest, re.I):
                rest = ""  # "Samverkansavtal mellan A, B och C om ...": the parties, not a body
            if rest and not BODY_RE.search(rest) and re.fullmatch(r"[\wåäöÅÄÖ]+", rest) and not rest.isupper():
                rest = ""  # "PROTOKOLL Diarienummer": a label, not the body
            rest = re.sub(r"\s*\d{4}-\d{2}-\d{2}.*$", "", rest).strip(" ,-–")
            if (
                rest
                and not parse_date(rest)
                and len(rest) > 1
                and not re.fullmatch(r"till sammanträde|\d+", rest, re.I)
                and not re.fullmatch(r"(?:sida\s*)?\d+\s*(?:\(\s*\d+\s*\)|av\s+\d+|/\s*\d+)?", rest, re.I)
                and not re.match(r"^(?:§\s*)?\d", rest)  # "protokoll 1-9 ...": the paragraphs, a page count
            ):
                body = rest
            before = line[: m.start()].split("\t")[-1].strip(" :-–,")
            if before and ORG_LINE_RE.match(before) and not BODY_RE.search(before):
                organisation = _case(before)  # "HEBY KOMMUN SAMMANTRÄDESPROTOKOLL": the letterhead
            if body is None and before and len(before.split()) <= 6 and BODY_RE.search(before):
                body = _case(before)  # "Samrådsorganet protokoll 1-9"
    # Header lines, and the cells of a letterhead flattened into one line ("LAHOLMS KOMMUN<tab>PROTOKOLL").
    entries: list[tuple[int, str]] = []
    for i, raw in enumerate(lines[: max(header_end, 1)]):
        if not raw:
            continue
        if "\t" in raw:
            cells = split_cells(raw)
            if cells and len(cells) <= 3 and not name_prefix(cells[0])[0]:  # not a row of an attendance table
                entries.extend((i, c) for c in cells)
        else:
            entries.append((i, raw))
    candidates: list[tuple[int, str]] = []
    after_kind = kind_line if kind_line is not None else -10
    organ = _labelled(lines[: max(header_end, 1)], r"organ")
    if organ and BODY_RE.search(organ) and len(organ.split()) <= 8:
        body = organ  # the protocol's own label ("Organ: Regionförbundets styrelse") beats a title's guess
    for i, line in entries[:40]:
        dated = re.match(
            rf"^([{UP}][\w-]+(?:\s+[\w-]+){{0,5}}?)\s+(?:den\s+)?\d{{1,2}}\s+[a-zåäö]+\s+\d{{4}}\s*$", line
        )
        if dated and BODY_RE.search(dated.group(1)):
            line = dated.group(1)
        meeting = re.match(
            r"(styrelse|direktions|presidie|styrgrupps|arbetsutskotts)(?:möte|sammanträde)\b", line, re.I
        )
        if meeting and i < 10:
            line = MEETING_OF[meeting.group(1).casefold()]  # "Styrelsemöte 14/3 2019": the board's meeting
        paged = PAGE_HEADER_CELLS_RE.fullmatch(line)
        if paged and BODY_RE.search(paged.group(1)) and not parse_date(paged.group(1)):
            line = paged.group(1)  # a page header's cells: "Sammanträdesdatum Sida 1 (14) Regionstyrelsen 2018-04-17"
        if len(line) > 120:
            dated_organ = _dated_organ(line[:400])
            if dated_organ:
                candidates.append((i, dated_organ))  # a portal's meeting title in a flattened page
            continue
        titled = next((m for pattern, _ in KIND_PATTERNS if (m := pattern.search(line))), None)
        letterhead = line[: titled.start()].strip(" :-–,") if titled else ""
        if organisation is None and ORG_LINE_RE.match(letterhead) and not BODY_RE.search(letterhead):
            organisation = _case(letterhead)  # "HEBY KOMMUN SAMMANTRÄDESPROTOKOLL": the letterhead
        titled = titled if titled and titled.start() == 0 else None
        if titled and i != kind_line:
            # A page header repeated under the title page's own: "Protokoll Primärkommunala nämnden".
            line = line[titled.end() :].strip(" :-–,\t")
            line = re.sub(r"\s*(?:\d{1,3}\s*\(\s*\d{1,3}\s*\)|sammanträdesdatum|sida).*$", "", line, flags=re.I)
            if not line or any(pattern.search(line) for pattern, _ in KIND_PATTERNS):
                continue
        near_kind = 0 < i - after_kind <= 3
        if (
            BODY_RE.search(line)
            and (len(line.split()) <= 8 or (near_kind and len(line.split()) <= 14))
            and not re.search(r"[.:]$", line)
            and not _person_line(line)
            and not re.match(r"^(?:beslutad|antagen|antaget|fastställd|godkänd|reviderad|dnr|diarie)", line, re.I)
            and not parse_date(line)
            and "§" not in line
            and not any(pattern.search(line) for pattern, _ in KIND_PATTERNS)
        ) and (len(line) <= 90 or near_kind):
            candidates.append((i, line.strip()))
        if (
            organisation is None
            and line[:1].isupper()  # not "mellan Kinda kommun och Ydre kommun": the parties, read below
            and (
                ORG_LINE_RE.match(line.strip(" ."))
                or ORG_FIRST_RE.match(line.strip(" ."))
                or ORG_FIRST_RE.match(_case(line.strip(" .")))  # "REGION GOTLAND"
            )
            and not BODY_RE.search(line)
            and not re.search(r"\d", line)
        ):
            # "FÖRBUNDSORDNING FÖR KOMMUNALFÖRBUNDET X": the organisation the agreement is for.
            organisation = _case(
                re.sub(r"^(?:\w*avtal|\w*överenskommelse|förbundsordning|avsiktsförklaring)\s+(?:för|med)\s+", "",
                       line.strip(" ."), flags=re.I)
            )  # fmt: skip
        ma = re.match(
            r"^(?:förbundsordning|\w*avtal|\w*överenskommelse)\s+för\s+((?:kommunalförbundet|kommunförbundet|"
            r"samordningsförbundet|regionförbundet)\s+[^\d.:]{2,80})$",
            line.strip(" ."),
            re.I,
        )
        if organisation is None and ma:
            organisation = _case(ma.group(1))  # "Förbundsordning för Kommunalförbundet Samverkan Västra Skaraborg"
        mm = re.search(rf"\bmellan\s+(.+?\s+och\s+[{UP}][\w-]*(?:\s+[{UP}][\w-]*)*)", line)
        if organisation is None and mm and BODY_RE.search(line):
            organisation = mm.group(1).strip()
        mm = re.match(rf"^(?:\w+\s+){{0,6}}?mellan\s+([{UP}].+?\s+och\s+.+?)\.?$", line)
        if organisation is None and mm and kind == "agreement":
            # "... mellan Region Halland och kommunerna i Hallands län om hälso- och sjukvård": the parties.
            organisation = re.split(r"\s+(?:om|avseende|gällande|angående|rörande|kring)\s+(?=[a-zåäö])", mm.group(1))[
                0
            ]
            organisation = organisation.strip()
    if body is None and candidates:
        for k, (i, line) in enumerate(candidates):
            split = _org_and_body(line)
            if split:
                organisation = organisation or split[0]
                candidates[k] = (i, split[1])
        near = [c for c in candidates if 0 < c[0] - after_kind <= 3]
        body = (near or candidates)[0][1]
        earlier = [c for c in candidates if c[0] < after_kind]
        if near and earlier and organisation is None:
            # The letterhead above the document's title names the organisation.
            organisation = earlier[0][1]
    if body is None:
        for _, chunk in around(text, r"beslutar|beslöt|beslutade|föreslår|har beslutat", before=120, after=20):
            m = re.search(
                rf"\b((?:[{UP}][{LOW}]*?)?(?:Styrgrupp|[Ss]tyrelse|[Nn]ämnd|[Uu]tskott|[Bb]eredning|[Rr]ådet)(?:en|n|et)?\s+"
                rf"för\s+[{LOW} -]{{3,40}}?)\s+(?:beslutar|beslöt|beslutade|föreslår|har beslutat)",
                chunk,
            )
            if m:
                body = m.group(1).strip()
                break
    if body:
        # "Förbundsfullmäktige kallas till sammanträde": the call, not the body's name.
        body = re.sub(r"\s+(?:kallas|inbjuds|sammanträder|sammanträdde)\b.*$", "", body).strip() or body
        split = _org_and_body(body)
        if split:
            organisation = organisation or split[0]  # "Regionförbundet Jönköpings län Förbundsfullmäktige"
            body = split[1]
        else:
            org_at = ORG_NAME_RE.search(body)
            if (
                org_at
                and org_at.start() > 0
                and org_at.end() == len(body)
                and BODY_RE.fullmatch(body[: org_at.start()].strip())
            ):
                organisation = organisation or _case(org_at.group(0))  # "Styrgruppen Samordningsförbundet Gävle"
                body = body[: org_at.start()].strip()
    if organisation is None and body:
        m = re.match(rf"^([{UP}][\w-]+?)s\s+(?:{BODY_WORDS})", body, re.I)
        if m:
            organisation = m.group(1)
            if ORG_FIRST_WORD_RE.fullmatch(organisation):
                # "Regionförbundets styrelse": which regionförbund, the header or a title may say in full.
                titles = [x for x in lines[header_end:] if ITEM_RE.match(x)]
                organisation = _named_organisation(lines[:header_end] + titles) or organisation
        m = re.match(rf"^([{UP}][\w-]+s\s+läns\s+landsting)sstyrelse[n]?$", body)
        if m:
            organisation = m.group(1)  # "Jämtlands läns landstingsstyrelse": the county council's board
    if organisation is None:
        # Named in the header or an item's title, not in the text of an item (which speaks of others), nor in
        # a person's entry ("Cecilia Ek, Region Västmanland": her organisation, not the meeting's).
        titles = [x for x in lines[header_end:] if ITEM_RE.match(x)]
        organisation = _named_organisation([x for x in lines[:header_end] if not _person_line(x)] + titles)
    if organisation is None and body is None:
        # A page of one organisation: the name it keeps repeating ("VästKom", "GR", "SKR").
        counts = Counter(re.findall(rf"\b([{UP}][{LOW}]+[{UP}][{LOW}]+|[{UP}]{{2,5}})(?:s|:s)?\b", text))
        if counts:
            name, n = counts.most_common(1)[0]
            if n >= 3:
                organisation = name
    return body, organisation


# The cells of a protocol's page header flattened into a line around the organ's name: "Sammanträdesdatum:
# Sida 1 (14) Regionstyrelsen 2018-04-17", "Regionstyrelsen 2018-04-17 Sida 2 (14)".
PAGE_HEADER_CELLS_RE = re.compile(
    rf"(?:(?:sammanträdesdatum|datum|sida|blad)\s*:?\s*|\d{{1,3}}\s*\(\s*\d{{1,3}}\s*\)\s*|\d{{1,3}}\s*(?:av|/)\s*\d{{1,3}}\s+)*"
    rf"([{UP}][\w-]+(?:\s+[\w-]+){{0,5}}?)\s+(?:den\s+)?\d{{4}}-\d{{2}}-\d{{2}}"
    rf"(?:\s+(?:sida\s*)?\d{{1,3}}\s*(?:\(\s*\d{{1,3}}\s*\)|(?:av|/)\s*\d{{1,3}}))?\s*",
    re.IGNORECASE,
)


def _dated_organ(text: str) -> str | None:
    """A meeting portal's title, an organ and the meeting's date, inside a flattened page: "Startsida Möten
    Nämnden för folkhälsa 2021-05-12 ..." -> "Nämnden för folkhälsa"."""
    for m in BODY_RE.finditer(text):
        if not text[m.start() : m.start() + 1].isupper() or (m.start() and not text[m.start() - 1].isspace()):
            continue
        dated = re.match(r"([^\d.:;,]{0,60}?)\s+(?:den\s+)?\d{4}-\d{2}-\d{2}\b", text[m.start() :])
        if dated and len(dated.group(1).split()) <= 6 and not any(p.search(dated.group(1)) for p, _ in KIND_PATTERNS):
            return dated.group(1).strip()
    return None


def _org_and_body(line: str) -> tuple[str, str] | None:
    """ "Kommunalförbundet Västra Mälardalen Förbundsdirektionen" -> (organisation, body)."""
    words = line.split()
    for k in range(2, min(len(words), 6)):
        head, tail = " ".join(words[:k]), " ".join(words[k:])
        if ORG_FIRST_RE.match(head) and words[k][:1].isupper() and BODY_RE.match(tail):
            return head, tail
    return None


ORG_NAME_RE = re.compile(
    rf"\b(?:(?:Regionförbundet|Kommunförbundet|Kommunalförbundet|Samordningsförbundet|Vårdsamverkan|"
    rf"Närvårdssamverkan|Landstinget|Region)\s+(?:i\s+[{UP}][{LOW}]+\s+län\b|(?:i\s+)?[{UP}][{LOW}]+"
    rf"(?:s\s+län\b|\s+[{UP}][{LOW}]+)?)|"
    rf"(?:REGIONFÖRBUNDET|KOMMUNFÖRBUNDET|KOMMUNALFÖRBUNDET|SAMORDNINGSFÖRBUNDET|LANDSTINGET|REGION)\s+"
    rf"(?:I\s+)?[{UP}]{{3,}}(?:S LÄN\b)?|[{UP}][{LOW}]+s\s+läns\s+landsting)\b"
)


def _named_organisation(lines: list[str]) -> str | None:
    """The first organisation the text names in full ("Regionförbundet i Kalmar län", "KOMMUNFÖRBUNDET
    NORRBOTTEN", "Stockholms läns landsting")."""
    for line in lines:
        m = ORG_NAME_RE.search(line)
        if m:
            name = m.group(0)
            if name.split()[-1] in ("och", "samt") or municipality(name.split()[-1]):
                continue
            return _case(name)
    return None


def _adjusters(lines: list[str], roster: Roster, items: list[Item]) -> list[str]:
    found: list[str] = []

    def add(name: str) -> None:
        p = roster.find(name)
        full = p.name if p else name
        if all(not similar(full, f) for f in found):
            found.append(full)

    text = "\n".join(lines)
    party_ = r"(?:\s*\([A-Za-zÅÄÖåäö]{1,4}\))?"
    names_ = rf"({NAME}{party_}(?:\s*(?:,|och)\s*{NAME}{party_}){{0,6}})"  # bounded: no runaway backtracking
    windows = [chunk for _, chunk in around(text, r"[Jj]uster(?:a|ingsm)|JUSTER(?:A|INGSM)", before=500, after=500)]
    for m in (
        m
        for chunk in windows
        for m in re.finditer(
            rf"{names_}\s+(?:utses|utsågs|väljs|valdes)\s+(?:till\s+|att\s+)?"
            rf"(?:(?:jämte|tillsammans med|med)\s+ordföranden?\s+)?(?:justerare|justera|att justera|justeringsm[aä]n)",
            chunk,
        )
    ):
        for name in names_in(m.group(1)):
            add(name)
    for m in (
        m
        for chunk in windows
        for m in re.finditer(
            rf"\b(?:utse|utser|utsåg|välja|väljer|valde)\s+{names_}\s+(?:till\s+(?:justerare|justeringsm[aä]n)|att\s+"
            rf"(?:jämte\s+ordföranden\s+)?justera)",
            chunk,
        )
    ):
        for name in names_in(m.group(1)):
            add(name)
    for m in (
        m
        for chunk in windows
        for m in re.finditer(
            # Case-insensitive for the words only: a name is capitalised ("Bo Lind och Carl Ek" is two names).
            rf"(?i:till justerare|till justeringsm[aä]n|(?:att\s+)?(?:jämte ordföranden?\s+)?justera(?: protokollet| dagens protokoll)?|"
            rf"justerare|(?:förutom|utöver|jämte)\s+ordföranden)\s+(?i:utses|utsågs|väljs|valdes)\s+"
            rf"({NAME}(?:\s*(?:,|och)\s*{NAME}){{0,6}})",
            chunk,
        )
    ):
        for name in names_in(m.group(1)):
            add(name)
    for m in re.finditer(
        r"^(?:(?:justerare|justerande|utsedda? att justera|utses att justera|justerare utsedda?|utsedda? justerare|"
        r"protokolls?justerare|justeringspersoner|justeringsperson|justeringsm[aä]n|justerande ledamot)\s*:?\s*|(?:justeras|justering)[ \t]*:[ \t]*)(\S.*)$",
        text,
        re.I | re.M,
    ):
        # A signature row goes on with the next role: "Justerare ........ Bo Lind Ordförande ........ Anna Ek".
        value = re.split(r"\b(?:Ordförande|Sekreterare|Vid protokollet|Utdragsbestyrkande|Justerandes)\b", m.group(1))[
            0
        ]
        for name in names_in(value):
            add(name)
    for m in (
        m
        for chunk in windows
        for m in re.finditer(
            rf"(?:(?i:protokollet\s+justeras\s+(?:jämte ordföranden\s+|förutom av ordföranden\s+)?"
            rf"(?:(?:den\s+)?(?:\d{{1,2}}\s+[a-zåäö]{{3,9}}(?:\s+\d{{4}})?|\d{{4}}-\d{{2}}-\d{{2}})\s+)?av"
            rf"(?:\s+ordföranden\s+(?:och|samt))?(?:\s+ledamoten)?)\s+{names_}|"
            rf"{names_}\s+(?:(?:jämte|tillsammans med)\s+ordföranden\s+)?(?:justerar|ska justera|skall justera)\s+(?:dagens\s+)?protokollet)",
            chunk,
        )
    ):
        # "Protokollet justeras av Bo Lind", "Bo Lind justerar protokollet".
        for name in names_in(m.group(1) or m.group(2)):
            add(name)
    if found:
        return found
    for item in items:
        # "§ 2 Val av justerare" with nothing but the names under it ("Bo Lind och Eva Ros.").
        if re.search(r"\b(?:val av|utse|utseende av)\s+(?:\w+\s+)?(?:protokolls)?justerar", item.title or "", re.I):
            at, after = _next_text(lines, item.title_line if item.title_line >= 0 else item.start)
            after = after if not item.end or at < item.end else ""
            # "Bo Lind och Eva Ros.", also "Bo Lind utses." / "Bo Lind valdes."
            after = re.sub(r"\s+(?:utses|utsågs|väljs|valdes)\.?$", "", after[:200])
            cut = re.sub(rf"{NAME}|\((?:[A-Za-zÅÄÖåäö]{{1,4}})\)|\s*(?:,|och|samt)\s*|[\s.]", "", after)
            if after and not cut:
                for name in names_in(after):
                    add(name)
    if found:
        return found
    # No appointment stated: the people signing under "Justeras"/"Justerat"/"Justerande".
    for i, line in enumerate(lines):
        if re.match(r"^(?:justeras|justerat|justerande|justerare|justerandes sign\w*|justering)[\s:._]*$", line, re.I):
            for x in lines[i + 1 : i + 12]:
                if not x or re.match(r"^[_.\s]+$", x):
                    continue
                signer, _ = name_prefix(x)
                if signer:
                    add(signer)
                elif norm_heading(x) in ROLE_WORDS or re.match(r"^(ordförande|ledamot|justerare|sekreterare)", x, re.I):
                    continue
                else:
                    break
    return found


def _parties_named_elsewhere(text: str, roster: Roster) -> None:
    """A member listed without a party whose party the text gives elsewhere ("utse Leif Larsson (c)").
    Bounded: at most 200 people, each looked up once in the first 200,000 characters."""
    text = text[:200_000]
    for person in roster.people[:200]:
        if person.party is None:
            m = re.search(re.escape(person.name) + r"\s*\(([A-Za-zÅÄÖåäö]{1,4})\)", text)
            if m and party(m.group(1)):
                person.party = party(m.group(1))


def _signature_roles(lines: list[str], roster: Roster) -> None:
    """Signatures "Name" + "Ordförande"/"Sekreterare" and "Vid protokollet: Name" confirm roles."""
    for i, line in enumerate(lines):
        if re.match(r"^vid protokollet\s*:?", line, re.I):
            rest = re.sub(r"^vid protokollet\s*:?\s*", "", line, flags=re.I)
            cand = rest or next((x for x in lines[i + 1 : i + 4] if x), "")
            name, _ = name_prefix(cand)
            if name:
                p = roster.find(name)
                if p is None:
                    roster.people.append(Person(name=name, role="sekreterare", explicit_role=True))
                elif not p.explicit_role:
                    p.role = "sekreterare"
            continue
        name, rest = name_prefix(line)
        if not name or rest.strip():
            continue
        prev = next((x for x in reversed(lines[max(0, i - 2) : i]) if x), "")
        if re.search(r"[._]{5,}", prev):
            # "Sekreterare ..........." with the name below the line to sign on.
            role = next(
                (ROLE_WORDS.get(norm_heading(c)) for c in split_cells(prev) if norm_heading(c) in ROLE_WORDS), None
            )
            p = roster.find(name)
            if role in ("ordförande", "vice ordförande", "sekreterare") and p and not p.explicit_role:
                p.role = role
                p.explicit_role = True
            continue
        nxt = next((x for x in lines[i + 1 : i + 3] if x), "")
        if re.search(r"[._]{5,}", nxt):
            continue
        role = ROLE_WORDS.get(norm_heading(nxt))
        if role in ("ordförande", "vice ordförande", "sekreterare"):
            p = roster.find(name)
            if p and not p.explicit_role:
                p.role = role
                p.explicit_role = True
