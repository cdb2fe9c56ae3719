"""A layout pass before the structure rules: text that scrapers and PDF converters flattened is put
back into lines.

What other organisations' documents look like once they have been through a PDF-to-text service or a
web scrape:

* scrape boilerplate around the text ("Save this PDF as", "Storlek: px", "Hoppa över navigering",
  "Lyssna på sidan", a contact box at the end);
* each page flattened into one line that starts with its number and the page header
  ("2 2(19 Styrelsen 1 Delgivningar a Yttrande ...");
* the header's labels run together with their values, sometimes all labels first
  ("Plats och tid Närvarande Ledamöter Ej tjänstgörande ersättare <place> <people>");
* attendance as one run of entries ("Bo Johansson, Älvsbyn, (s, ordförande Maj-Britt Lindström, ...",
  "Evy Annér Lennart Beijer Monica Bengtsson ...");
* paragraphs whose § signs are lost, with the title running into the text ("106 Val av
  protokollsjusterare Nämnden utser ...");
* signature blocks with the roles before the names ("Underskrifter Sekreterare ... Ordförande ...").

`relayout(text)` returns text with one label, one attendance entry, one item title or one sentence
per line, which the line-based rules read. Lines that are not flattened (the seeds, DOCX tables,
well-formed PDFs) pass through unchanged. Every step is a single left-to-right scan with bounded
patterns, so the pass is linear in the length of the text.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from samverkan.importer.extract.names import is_given_name
from samverkan.importer.extract.sweden import municipality, party

UP = "A-ZÅÄÖÉÜ"
LOW = "a-zåäöéüè"
WORD = rf"[{UP}][{LOW}]+(?:[{UP}][{LOW}]+)?(?:-[{UP}]?[{LOW}]+)*"
PARTICLES = {"af", "von", "van", "de", "te", "da", "el", "du", "der", "den"}
FLAT = 160  # a line longer than this is taken as flattened

SCRAPE_RE = re.compile(
    r"^(?:save this pdf as:?|word\s+png\s+txt\s+jpg|storlek:\s*px|starta visningen från sidan:?|transkript|"
    r"transcription|full text|\d+\s+download\s*\(\d+\)|hoppa över navigering|meny|lyssna på sidan|"
    r"skicka e-post|skriv ut|dela(?: sidan)?|relevanta dokument|redaktör:.*|uppdaterad:.*|"
    r"senast (?:uppdaterad|ändrad|granskad):?.*|sidan uppdaterades.*|välkommen att kontakta|"
    r"mig för mer information!?|telefon:.*|e-post:.*|till toppen|tillbaka|print|share)$",
    re.IGNORECASE,
)
FOOTER_RE = re.compile(
    r"(?<![\w-])(?:justerandes?\s+sign(?:atur|aturer)?\.?|justerares\s+sign(?:atur)?\.?|ordförandes\s+sign\.?|"
    r"utdragsbestyrkande|sekreterarens\s+sign\.?)(?![\w-])",
    re.IGNORECASE,
)
CONTACT_RE = re.compile(r"^(?:kontaktperson(?:er)?|kontakta oss|kontakt)$", re.IGNORECASE)
DOWNLOAD_RE = re.compile(r'^download\s+"(.*)"\s*$', re.IGNORECASE)

# Labels of a protocol's header, attendance and signatures. `kind`: "people" (attendance headings),
# "value" (a header field), "sign" (a signature block), "skip" (labels whose value is noise).
LABELS: dict[str, str] = {
    "Plats och tid": "value", "Tid och plats": "value", "Datum och tid": "value", "Plats": "value",
    "Tid": "value", "Datum": "value", "Lokal": "value", "Sammanträdesdatum": "value", "Mötesdatum": "value",
    "Omfattning": "value", "Organ": "value",
    "Beslutande": "people", "Närvarande ledamöter": "people", "Närvarande ersättare": "people",
    "Närvarande": "people", "Ledamöter": "people", "Ej tjänstgörande ersättare": "people",
    "Tjänstgörande ersättare": "people", "Ersättare": "people", "Övriga närvarande": "people",
    "Övriga närvarande ersättare": "people", "Närvarande tjänstepersoner": "people",
    "Övriga närvarande tjänstepersoner": "people", "Beslutande ledamöter": "people",
    "Övriga deltagare": "people", "Övriga deltagande": "people", "Övriga": "people",
    "Ej närvarande": "people", "Frånvarande": "people", "Förhindrade": "people", "Anmält förhinder": "people",
    "Inbjudna": "people", "Adjungerade": "people", "Tjänstemän": "people", "Tjänstepersoner": "people",
    "Utses att justera": "people", "Utses justera": "people", "Justerare": "people",
    "Underskrifter": "sign", "Vid protokollet": "sign", "Justeringens plats och tid": "skip", "Paragrafer": "skip", "BEVIS": "skip",
    "Justeringens tid": "skip", "Justeringens plats": "skip", "Justeringsdatum": "skip",
    "Anslag/bevis": "skip", "Datum för anslags uppsättande": "skip", "Datum för anslags nedtagande": "skip",
    "Förvaringsplats för protokollet": "skip", "Protokollet förvaras på": "skip", "Underskrift": "skip",
    "DAGORDNING": "heading", "Dagordning": "heading", "Mötespunkter": "heading", "Beslutsärenden": "heading",
    "Informationsärenden": "heading", "Information/diskussionspunkter": "heading", "Ärenden": "heading",
    "Ärendelista": "heading", "Sekreterare": "people", "Antecknare": "people", "Protokollförare": "people",
    "Mötessekreterare": "people", "Deltagare": "people", "Närvarande från kansliet": "people",
    "Ordförande": "people", "Vice ordförande": "people", "Förste vice ordförande": "people",
    "Andre vice ordförande": "people", "Personal": "people", "Revisorer": "people",
    "Ordinarie ledamöter": "people", "Tjänstgörande ledamöter": "people", "Förhinder": "people",
    "Anmälda förhinder": "people", "Meddelat förhinder": "people",
}  # fmt: skip
# Attendance labels that head groups with sub-headings of their own ("Övriga närvarande" / "Ersättare").
GROUP_LABELS = {"Beslutande", "Närvarande", "Övriga närvarande", "Övriga deltagare", "Övriga deltagande", "Övriga"}
# Labels that are also ordinary words ("Övriga frågor", "Tid för ...") count only with a colon.
COLON_ONLY = {
    "Övriga",
    "Tid",
    "Datum",
    "Plats",
    "Ersättare",
    "Organ",
    "Lokal",
    "Justerare",
    "Omfattning",
    "Deltagare",
    "Personal",
    "Revisorer",
}
# ... and these never without it: without a colon they are the roles of a signature block.
STRICT_COLON = {"Sekreterare", "Antecknare", "Protokollförare", "Mötessekreterare", "Ordförande", "Vice ordförande",
                "Förste vice ordförande", "Andre vice ordförande"}  # fmt: skip
SIGN_ROLES = {"Sekreterare": "Sekreterare", "Ordförande": "Ordförande", "Justerande": "Justerande",
              "Justerare": "Justerande"}  # fmt: skip

_LABEL_ALT = "|".join(re.escape(x) for x in sorted(LABELS, key=len, reverse=True))
LABEL_RE = re.compile(rf"(?<![\w/-])(?P<label>{_LABEL_ALT})(?![\w/-])(?P<colon>\s*:)?")
SIGN_RE = re.compile(r"(?<![\w-])(Sekreterare|Ordförande|Justerande|Justerare)(?![\w-])[.\s:]*")
LINKS_RE = re.compile(r"^(?:ersätter|ersättare för|tjänstgörande ersättare för|tjg\.? ers\.? för|för|i stället för)$")
# "14.30 16.30" and "kl 9.00 - 12.00" at the start of a flattened value.
TIMES_RE = re.compile(r"^(?:kl\.?\s*)?([0-2]?\d[.:][0-5]\d)(?:\s*(?:-|–|till)?\s*([0-2]?\d[.:][0-5]\d))?\s*")


def relayout(text: str) -> str:
    text = re.sub(r"\s*\./\.\s*(?:Bilaga\.?)?\s*", " ", text.replace("\r\n", "\n").replace("\r", "\n"))
    # OCR that read a capital H as "I-I"/"1-l" ("I-ludiksvall", "1-låkan").
    text = re.sub(rf"(?<![\w-])[I1l]-[Il](?=[{LOW}])", "H", text)
    # OCR that read "§" as "$", "&" or "8" before a paragraph's number ("$& 31. Justerare").
    text = re.sub(rf"(?m)^(?:(?:\$&?|&)\s?|8 )(?=\d{{1,4}}\.?\s+[{UP}])", "§ ", text)
    text = re.sub(rf"(?<!\S)\$\$?\s?(?=\d{{1,4}}\.?\s+[{UP}])", "§ ", text)  # ... and inside a flattened line
    # ... or as "S" ("S 12 Val av justerare"), where lines of the text start so at least twice.
    s_paragraph = rf"(?m)^S\s?(?=\d{{1,4}}\.?\s+[{UP}])"
    if len(re.findall(s_paragraph, text[:200_000])) >= 2:
        text = re.sub(s_paragraph, "§ ", text)
    # "12 §" (the number before the sign) is "§ 12" where at least two paragraphs are so written; not "24 §
    # kommunallagen", nor "6 kap. 24 §".
    sign_after = rf"(?<![\w.§-])(?<!kap\.\s)(?<!kap\s)(\d{{1,4}})\s?§(?=\s+[{UP}\"”]|\s*$)"
    if len(re.findall(sign_after, text[:200_000], flags=re.M)) >= 2:
        text = re.sub(sign_after, r"§ \1", text, flags=re.M)
    # A programme flattened into one line: each "Kl. 9.30" on a line of its own, where at least three follow.
    if len(re.findall(r"(?<!\S)[Kk]l\.?\s?[0-2]?\d[.:][0-5]\d\s+[A-ZÅÄÖ]", text[:200_000])) >= 3:
        text = re.sub(r"(?<=\S)[ \t]+(?=[Kk]l\.?\s?[0-2]?\d[.:][0-5]\d\s+[A-ZÅÄÖ])", "\n", text)
    # "Suppleant", the older word for a substitute: "Tjänstgörande suppleanter", "Bo Lind (m), suppleant" (not "Val av
    # suppleanter", the subject of a paragraph).
    text = re.sub(
        r"(?<![\w-])(?<!av )(?<!till )(?<!för )(?<!om )(?<!nya )([Ss])uppleant(?:er|erna)?(?![\w-])",
        lambda m: "Ersättare" if m.group(1) == "S" else "ersättare",
        text,
    )
    # OCR that read a capital O as a zero at the start of a name ("0lsson", "0skarshamn").
    text = re.sub(rf"(?<![\w-])0(?=[{LOW}]{{2,}})", "O", text)
    # The cells of a protocol's page footer, repeated on every page and run into the text when flattened.
    text = FOOTER_RE.sub(" ", text)
    lines = [x.rstrip() for x in text.split("\n")]
    lines = _drop_scrape(lines)
    lines = _portal_bullets(lines)
    lines = _pages(lines)
    lines = _rejoin_wrapped(lines)
    lines = _unwrap(lines)
    lines = _column_blocks(lines)
    lines = _join_header(lines)
    lines = _attendance_labels_in_a_line(lines)
    if not any(len(x) > FLAT for x in lines):
        return "\n".join(lines)
    items = _item_starts(lines)
    heads = [lines[i][o:] for i, offsets in items.items() for o in offsets]
    column = _column_word(heads)
    out: list[str] = []
    for i, line in enumerate(lines):
        if i not in items and (len(line) <= FLAT or len(_labels(line)[1]) < 2):
            out.append(line)  # not flattened: one label and its list ("Frånvarande: A, B, C.") stays as written
            continue
        out.extend(_unflatten(line, items.get(i, []), column))
    return "\n".join(out)


_PEOPLE_LABEL_ALT = "|".join(
    re.escape(x) for x in sorted((k for k, v in LABELS.items() if v == "people"), key=len, reverse=True)
)
PEOPLE_LABEL_LINE_RE = re.compile(rf"^(?:{_PEOPLE_LABEL_ALT})\s*:")
PEOPLE_LABEL_INSIDE_RE = re.compile(rf"(?<=[\w).,;])\s+(?=(?:{_PEOPLE_LABEL_ALT})\s*:)")


def _attendance_labels_in_a_line(lines: list[str]) -> list[str]:
    """A short line that starts with an attendance label and has others inside, each with its colon
    ("Närvarande: A (S), B (M) Frånvarande: C (S) Övriga: D, förbundschef"): one line for each label."""
    out: list[str] = []
    for line in lines:
        if len(line) <= FLAT and PEOPLE_LABEL_LINE_RE.match(line) and PEOPLE_LABEL_INSIDE_RE.search(line):
            out.extend(part.strip() for part in PEOPLE_LABEL_INSIDE_RE.split(line) if part.strip())
        else:
            out.append(line)
    return out


# --- scrape ------------------------------------------------------------------------------------


def _drop_scrape(lines: list[str]) -> list[str]:
    out: list[str] = []
    for i, line in enumerate(lines):
        s = line.strip()
        if CONTACT_RE.match(s) and len(lines) - i <= 25:
            break  # the page's contact box: the rest is the contact's name, title, phone
        if SCRAPE_RE.match(s):
            continue
        m = DOWNLOAD_RE.match(s)
        if m:
            out.append(m.group(1))
            continue
        out.append(line)
    return out


NUMBERED_BULLET_RE = re.compile(r"^(\s*)[•●▪]\s+\d{1,3}\.?\s*$")


def _portal_bullets(lines: list[str]) -> list[str]:
    """A meeting portal's agenda: "• 1" + title, then bullets at the same depth without a number, each a
    point of its own (marked for the item rules); deeper bullets belong to the point above."""
    depths = {m.group(1) for x in lines if (m := NUMBERED_BULLET_RE.match(x))}
    if len(depths) != 1:
        return lines
    depth = depths.pop()
    out = []
    for line in lines:
        m = re.match(r"^(\s*)[•●▪]\s+(\S.*)$", line)
        if m and m.group(1) == depth and not NUMBERED_BULLET_RE.match(line):
            out.append("\u2023 " + m.group(2).strip())
        else:
            out.append(line)
    return out


# --- pages -------------------------------------------------------------------------------------

PAGE_LINE_RE = re.compile(r"^(\d{1,3}) (\S.*)$")
PAGE_MARK_RE = re.compile(r"^(?:\d{1,3}\s*\(\s*\d{1,3}\s*\)?\s*\)?|\(\s*\d{1,3}\s*\)\s*\)?)\s*")


def _pages(lines: list[str]) -> list[str]:
    """Pages flattened to "N <page text>" lines, numbered 1, 2, 3 ...: the number and page marks go,
    and a header repeated at the start of every later page."""
    pages: list[int] = []
    expected = 1
    for i, line in enumerate(lines):
        m = PAGE_LINE_RE.match(line)
        if m and int(m.group(1)) == expected and (len(line) > FLAT or expected > 1):
            pages.append(i)
            expected += 1
    if not pages or len(lines[pages[0]]) <= FLAT:
        return lines
    texts: dict[int, str] = {}
    for n, i in enumerate(pages, 1):
        body = lines[i][len(str(n)) + 1 :].lstrip()
        if body.startswith(f"{n} ") and n > 1:
            body = body[len(str(n)) + 1 :]  # "2 2 Ordföranden ..."
        for _ in range(2):
            body = PAGE_MARK_RE.sub("", body, count=1)
            body = re.sub(rf"^([{UP}]\w+)\s+\d{{1,3}}\s*\(\s*\d{{1,3}}\s*\)?\s*\)?\s*", r"\1 ", body)
        texts[i] = body
    later = [texts[i].split() for i in pages[1:]]
    if len(later) >= 2:
        common = later[0]
        for words in later[1:]:
            k = 0
            while k < min(len(common), len(words)) and common[k] == words[k]:
                k += 1
            common = common[:k]
        common = common[:6]
        while common and re.fullmatch(r"[A-ZÅÄÖ]{2,4}|§", common[-1]):
            common.pop()  # every page starting with a paragraph "RS § 270": the organ belongs to it
        if common and not re.fullmatch(r"\d+\.?", common[0]):
            for i in pages[1:]:
                texts[i] = " ".join(texts[i].split()[len(common) :])
    return [texts.get(i, line) for i, line in enumerate(lines)]


# --- lines wrapped at a column's width ------------------------------------------------------------

CONTINUES_RE = re.compile(r"(?:,|§|\b(?:och|samt|i|för|av|om|till|med|på|från|inom|vid|den|det|en|ett))\s*$")
STARTS_ITEM_RE = re.compile(r"^(?:[-–•*#]|att\b|och att\b|\d{1,3}[.)]\s|§|[a-h]\)\s)")


def _unwrap(lines: list[str]) -> list[str]:
    """Lines a PDF wrapped at its column's width, joined back: "Sara Nordenhielm, beredningsansvarig," +
    "Göteborgsregionen", "... informerar om pågående" + "arbete i ...". Only where the text is wrapped
    (many lines near one width) and only lines that cannot end there."""
    lengths = sorted(len(x.rstrip()) for x in lines if x.strip())
    if len(lengths) < 20:
        return lines
    width = lengths[int(len(lengths) * 0.9)]
    near = sum(1 for n in lengths if width * 0.75 <= n <= width)
    if width > 120 or near < len(lengths) * 0.3:
        return lines  # not a column of wrapped lines
    out: list[str] = []
    for line in lines:
        prev = out[-1].rstrip() if out else ""
        cur = line.strip()
        if (
            prev
            and cur
            and "\t" not in line
            and "\t" not in prev
            and len(prev) >= width * 0.6
            and not re.search(r"[.:;!?]$", prev)
            and not STARTS_ITEM_RE.match(cur)
            and (CONTINUES_RE.search(prev) or cur[:1].islower() or re.fullmatch(r"\d{1,3}", cur))
        ):
            out[-1] = prev + " " + cur
            continue
        out.append(line)
    return out


def _rejoin_wrapped(lines: list[str]) -> list[str]:
    """Flattened text that a converter then wrapped at a fixed width ("... Beslutande: Per Ek (S), ordförande,
    Anna" + "Sund (V), 1:e vice ordförande ..."): each paragraph joined back into one flattened line, which
    the flattened-text rules then read. Only where nearly every line of a paragraph runs to the width and
    labels stand inside the lines, not at their starts (a text that keeps its own line breaks does not)."""
    texts = [x for x in lines if x.strip()]
    if len(texts) < 5:
        return lines
    lengths = sorted(len(x) for x in texts)
    width = lengths[int(len(lengths) * 0.9)]
    full = [x for x in texts if width * 0.8 <= len(x) <= width]
    inner = sum(
        1
        for x in texts
        for m in LABEL_RE.finditer(x)
        if m.start() > 0 and (m.group("colon") or LABELS[m.group("label")] != "value")
    )
    if not 50 <= width <= FLAT or len(full) < len(texts) * 0.6 or inner < 3 or any("\t" in x for x in texts):
        return lines
    paragraphs: list[list[str]] = []
    size = 0
    for line in lines:
        if line.strip() and paragraphs and paragraphs[-1][-1].strip() and size + len(line) < 20_000:
            paragraphs[-1].append(line.strip())  # joined once below: repeated concatenation would be quadratic
            size += len(line)
        else:
            paragraphs.append([line])
            size = len(line)
    return [" ".join(x.strip() for x in p) if len(p) > 1 else p[0] for p in paragraphs]


# --- column blocks -----------------------------------------------------------------------------


def _is_bare_name(line: str) -> bool:
    words = line.split()
    return (
        2 <= len(words) <= 4
        and all(re.fullmatch(WORD, w) or w in PARTICLES for w in words)
        and not (municipality(line) or any(LABEL_RE.fullmatch(w) for w in words))
    )


def _column_blocks(lines: list[str]) -> list[str]:
    """A block of bare names followed by as many lines of organisations (two columns printed one after
    the other): each name gets its organisation."""
    out = list(lines)
    i = 0
    while i < len(out):
        j = i
        while j < len(out) and _is_bare_name(out[j].strip()):
            j += 1
        n = j - i
        if n >= 3 and j + n <= len(out):
            tail = [x.strip() for x in out[j : j + n]]
            if all(
                x and not (_is_bare_name(x) and is_given_name(x.split()[0])) and not x.endswith(":") and len(x) < 80
                for x in tail
            ):
                out[i : j + n] = [f"{out[i + k].strip()}, {tail[k]}" for k in range(n)]
                i += n
                continue
        i = max(j, i + 1)
    return out


def _separators(line: str) -> int:
    """Commas, semicolons and "och"/"samt" between the entries of a list, and the party that ends an entry
    ("Anna Ek (s) Bo Lind (m)")."""
    return (
        line.count(",")
        + line.count(";")
        + len(re.findall(r"\s(?:och|samt)\s", line))
        + len(re.findall(r"\(\s*[A-Za-zÅÄÖåäö]{1,4}\s*\)\s+(?=\S)", line))
    )


def _join_header(lines: list[str]) -> list[str]:
    """A header whose attendance is printed as runs of names over several short lines ("Evy Annér Lennart
    Beijer Monica Bengtsson ...") is read as one flattened text, from its first label to the first §."""
    end = next((i for i, x in enumerate(lines) if re.match(r"^\s*§\s*\d", x)), None)
    if end is None or end > 200:
        return lines
    # Runs of names without separators ("Evy Annér Lennart Beijer Monica Bengtsson"), not a list that
    # separates its names ("Närvarande: Henk Kiefte, Anna Rietz, Bo Essen").
    if not any(len(runs := _person_runs(x)) >= 3 and _separators(x) < len(runs) - 1 for x in lines[:end]):
        return lines
    first = next((i for i, x in enumerate(lines[:end]) if LABEL_RE.search(x)), None)
    if first is None:
        return lines
    block = " ".join(x.strip() for x in lines[first:end] if x.strip() and not re.fullmatch(r"\(\d{1,3}\)", x.strip()))
    return [*lines[:first], block, *lines[end:]]


# --- items in flattened text -------------------------------------------------------------------

ITEM_NUM_RE = re.compile(
    rf"(?:(?<=\s)|^)(?:(?P<word>(?:Dagordningspunkt|Ärendepunkt|Punkt|Ärende|Avsnitt|Artikel)\s+)|(?P<sign>§§?\s*))?(?P<n>\d{{1,3}})"
    rf"(?(sign)(?:\s*[-–]\s*\d{{1,3}}(?=\s+[{UP}]))?)(?:\.(?!\d)|\)|(?(word):(?=\s)))?\s+(?=[{UP}\"”])"
)


def _item_starts(lines: list[str]) -> dict[int, list[int]]:
    """Where paragraphs without § signs start in flattened lines: the longest chain of candidate
    numbers that follow one another (n, n+1, n+2 with one lost) in reading order."""
    cands: list[tuple[int, int, int]] = []  # (line, offset, number)
    for i, line in enumerate(lines):
        if len(line) <= FLAT:
            continue
        for m in ITEM_NUM_RE.finditer(line):
            before = line[max(0, m.start() - 40) : m.start()].rstrip()
            last = before.rsplit(None, 1)[-1].lower() if before else ""
            if (
                before.endswith((",", "-", "–", "§"))
                or last in ("nr", "kl", "kl.", "den", "p", "p.")
                or re.search(r"(?:\bt\.?\s?o\.?\s?m\.?|\bbilaga|\bsida|\bkap\.?|\bparagrafer\s*:?)$", before, re.I)
            ):
                continue
            sign = re.search(r"§§?\s*$", line[max(0, m.start("n") - 4) : m.start("n")])
            offset = m.start("n") - (len(sign.group()) if sign else 0)
            if m.group("word"):
                offset = m.start("word")  # "Punkt 3", "Ärende 3": the word starts the item
            organ = re.search(r"(?<!\S)[A-ZÅÄÖ]{2,4}\s+$", line[max(0, offset - 6) : offset]) if sign else None
            cands.append((i, offset - (len(organ.group()) if organ else 0), int(m.group("n"))))  # "RS § 280"
    if len(cands) > 2000:
        cands = cands[:2000]  # bounded: chains are found in the first 2,000 candidates
    cands = [c for c in _without_contents(lines, cands) if not _attended_paragraphs(lines[c[0]], c[1])]
    best_len = [1] * len(cands)
    prev = [-1] * len(cands)
    for b in range(len(cands)):
        for a in range(max(0, b - 200), b):
            gap = cands[b][2] - cands[a][2]
            if 1 <= gap <= 2 and best_len[a] + 1 > best_len[b]:
                best_len[b], prev[b] = best_len[a] + 1, a
    if not cands:
        return {}
    signed = [c for c in cands if lines[c[0]][c[1] : c[1] + 1] == "§" or _organ_paragraph(lines[c[0]], c[1])]
    if len(signed) >= 2 and all(a[2] < b[2] for a, b in itertools.pairwise(signed)) and len(signed) > max(best_len):
        # An extract of some paragraphs of a protocol ("§ 45 ... § 52 ... § 61 ..."): signed numbers that rise.
        starts: dict[int, list[int]] = {}
        for at, offset, _ in signed:
            starts.setdefault(at, []).append(offset)
        return starts
    if max(best_len) < 2:
        # One paragraph (an extract of a protocol): a single "§ 191", "KS § 112" or "KS 112 Dnr ..." is an item
        # start on its own.
        cands = [c for c in cands if not re.search(r"\bforts\.?\s*(?:§\s*)?$", lines[c[0]][max(0, c[1] - 8) : c[1]])]
        para = [c for c in cands if lines[c[0]][c[1] : c[1] + 1] == "§"]
        if len(para) != 1:
            para = [c for c in cands if _organ_paragraph(lines[c[0]], c[1])]
        if len(para) != 1:
            # "191 Dnr 2013/233 Bildande av ...": a paragraph's number before its diary number.
            para = [c for c in cands if re.match(r"^\d{1,4}\s+(?:dnr|diarienr)\b", lines[c[0]][c[1] : c[1] + 20], re.I)]
        if len(para) == 1:
            at, offset, _ = para[0]
            organ = ORGAN_BEFORE_RE.search(lines[at][max(0, offset - 8) : offset])
            return {at: [offset - (len(organ.group()) if organ else 0)]}
        return {}
    k = max(range(len(cands)), key=lambda x: (best_len[x], -x))
    chain: dict[int, list[int]] = {}
    while k != -1:
        at, offset, _ = cands[k]
        chain.setdefault(at, []).insert(0, offset)
        k = prev[k]
    return chain


def _attended_paragraphs(line: str, offset: int) -> bool:
    """ "Anders Henriksson § 1-14 Jan Henriksson": beside a member, the paragraphs attended, not a paragraph's
    start (a range after a name, or a number before a name)."""
    text = line[offset : offset + 60]
    if re.match(r"§§?\s*\d+\s*[-–]\s*\d+", text):
        return bool(
            re.search(rf"[{UP}][{LOW}]+\s+[{UP}][{LOW}]+(?:-[{UP}][{LOW}]+)?\s*$", line[max(0, offset - 60) : offset])
        )
    m = re.match(rf"(?:[A-ZÅÄÖ]{{2,4}}\s+)?§§?\s*\d+\s+([{UP}][{LOW}]+)\s+[{UP}][{LOW}]+\s*(?:\(|,|$)", text)
    return bool(m and is_given_name(m.group(1)))


def _without_contents(lines: list[str], cands: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Drops a flattened table of contents ("§ 280 Val av justerare 2 § 281 Budget 3 ..."): entries that are
    short, end in a page number, and whose number comes again later, where the paragraph itself starts."""
    last = {number: k for k, (_, _, number) in enumerate(cands)}
    kept = []
    for k, (at, offset, number) in enumerate(cands):
        end = cands[k + 1][1] if k + 1 < len(cands) and cands[k + 1][0] == at else len(lines[at])
        entry = lines[at][offset:end] if end - offset <= 120 else ""
        if last[number] > k and re.search(r"\S\s+\d{1,3}\s*$", entry):
            continue
        kept.append((at, offset, number))
    return kept


# The verb after the subject that opens a paragraph's text ("Nämnden beslutar", "Förbundschefen informerar").
SUBJECT_VERB_RE = re.compile(
    r"beslutar|beslutade|beslöt|utser|utsåg|godkänner|godkände|fastställer|fastställde|föreslår|föreslog|"
    r"informerar|informerade|redogör|redogjorde|redovisar|redovisade|noterar|antecknar|lägger|överlämnar|"
    r"tillstyrker|avslår|antar|väljer|yrkar|yrkade|har|hade|är|var|gäller|ska|skall|kan|innebär|omfattar|"
    r"följs|avgörs|regleras|består|syftar|utgör|"
    # the passive of what a meeting does with a case: "Dagordningen godkändes", "Information lämnades av ..."
    r"sammanfattar|sammanfattade|berättar|berättade|hälsar|hälsade|presenterar|presenterade|beskriver|beskrev|"
    r"inleder|inledde|lämnas|lämnades|ges|gavs|redovisas|redovisades|presenteras|presenterades|föredras|föredrogs|diskuteras|"
    r"diskuterades|noteras|noterades|godkänns|godkändes|fastställs|fastställdes|läggs|lades|antas|antogs"
)
# Words that start a sentence, never continue a title ("Syfte Syftet med avtalet ...", "Parter Detta avtal ...").
SENTENCE_STARTS = {
    "Detta", "Denna", "Dessa", "Det", "Den", "De", "Vi", "Man", "Här", "Nu", "Enligt", "Eftersom", "När", "Då",
    "Sedan", "Även", "Dessutom", "Ordföranden", "Föredragande", "Ärendet", "Bakgrund", "Sammanfattning",
    "Ärendebeskrivning", "Syftet", "Avtalet", "Parterna", "Överenskommelsen", "Förbundet", "Nämnden",
    "Styrelsen", "Direktionen", "Beslut", "Beslutsunderlag", "Yrkande", "Yrkanden", "Propositionsordning",
    "Inget", "Inga", "Ingen",
}  # fmt: skip
# Labels that start a paragraph's text when they carry their colon ("Delårsrapport Beslut: Rapporten godkänns").
LABELLED_STARTS = {"Förslag", "Information", "Beslutsförslag", "Ärende", "Handlingar", "Diskussion", "Noteringar"}
DECISION_INFINITIVE_RE = re.compile(
    r"notera|lägga|godkänna|fastställa|anteckna|anta|avslå|bifalla|tillstyrka|överlämna|utse|välja|uppdra|bevilja"
)
# An organ's abbreviation before a paragraph's number: "KS § 112", "RS 295", "AU 12".
ORGAN_BEFORE_RE = re.compile(r"(?<!\S)[A-ZÅÄÖ]{2,4}\s+(?:§\s*)?$")


def _organ_paragraph(line: str, offset: int) -> bool:
    """A paragraph number after an organ's abbreviation and before a diary number: "KS 112 Dnr 2014/45"."""
    before = line[max(0, offset - 8) : offset]
    after = line[offset : offset + 40]
    return bool(ORGAN_BEFORE_RE.search(before)) and bool(re.match(r"^\d{1,4}\s+(?:dnr|diarienr)\b", after, re.I))


PREPOSITIONS = {
    "i", "för", "av", "om", "till", "med", "på", "från", "inom", "och", "samt", "mellan", "kring", "vid", "mot",
    "under", "över", "efter", "enligt", "inför", "hos", "per", "den", "det", "de", "en", "ett",
}  # fmt: skip


def _split_title(text: str) -> tuple[str, str]:
    """ "Val av protokollsjusterare Nämnden utser ..." -> ("Val av protokollsjusterare", "Nämnden utser ...")."""
    words = text.split(" ")
    for k in range(1, min(len(words), 30)):
        w, prev = words[k], words[k - 1]
        if k >= 2 and re.fullmatch(r"\d{4}[/-]\d{1,6}(?:[/-]\d{1,6})?", w) and re.fullmatch(rf"[{UP}]{{1,5}}", prev):
            # "Budget 2017 RS 2016/123 Regionstyrelsens beslut ...": the diary number ends the title (and its
            # "Dnr", "Bredbandsstrategi Dnr KS 2017/95 ...").
            head = words[: k - 1]
            if len(head) >= 2 and re.fullmatch(r"(?i)(?:dnr|diarienr|diarienummer)\.?:?", head[-1]):
                head = head[:-1]
            return " ".join(head), " ".join(words[k + 1 :])
        if k >= 2 and re.fullmatch(r"\d{4}[/-]\d{1,6}(?:[/-]\d{1,6})?", w) and re.fullmatch(r"(?i)dnr\.?:?", prev):
            return " ".join(words[: k - 1]), " ".join(words[k + 1 :])  # "Budget 2017 Dnr 2016/123 ..."
        if prev.endswith((".", ":", "?", "!")) and not re.fullmatch(r"(?:[a-zåäö]\.){1,3}|m\.m\.|bl\.a\.", prev):
            return " ".join(words[:k]).rstrip(".:"), " ".join(words[k:])
        if w == "att" and k >= 2 and k + 1 < len(words) and DECISION_INFINITIVE_RE.fullmatch(words[k + 1]):
            # "Landstingsdirektörens rapport att notera informationen": the decision's att-clause.
            return " ".join(words[:k]), " ".join(words[k:])
        if (
            re.fullmatch(r"\d{1,2}\.|\d{1,2}\.\d{1,2}\.?|[a-h]\)?", w)
            and k + 1 < len(words)
            and words[k + 1][:1].isupper()
        ):
            return " ".join(words[:k]), " ".join(words[k:])  # "Organisation 4.1 Styrgrupp ...": a sub-section
        if (
            w[:1].isupper()
            and k + 1 < len(words)
            and re.fullmatch(rf"[{UP}][{LOW}]+(?:en|et|na)", w)
            and re.fullmatch(rf"[{LOW}]{{3,}}(?:ar|er|as|es|ade|de|te)", words[k + 1])
            and prev.casefold() not in PREPOSITIONS
        ):
            return " ".join(words[:k]), " ".join(words[k:])  # "Ekonomi Kostnaderna fördelas ...": its subject
        if w[:1].isupper() and prev[:1].islower() and prev.casefold() not in PREPOSITIONS:
            return " ".join(words[:k]), " ".join(words[k:])
        if (
            w.rstrip(":") in SENTENCE_STARTS
            or (w.endswith(":") and w.rstrip(":") in LABELLED_STARTS)
            or (k <= 3 and w[:1].isupper() and w.startswith(words[0]) and len(w) - len(words[0]) <= 3)
        ):
            # "Parter Detta avtal är ...", "Tvist Tvist om avtalets tolkning ...", "Dagordning Dagordningen
            # godkändes": a sentence starts.
            return " ".join(words[:k]), " ".join(words[k:])
        if (
            w[:1].isupper()
            and k + 1 < len(words)
            and SUBJECT_VERB_RE.fullmatch(words[k + 1].rstrip(".,;:"))
            and prev.casefold() not in PREPOSITIONS
        ):
            # "Delårsrapport Regionstyrelsen beslutar att ...", "Information Förbundsdirektör Maria Strand
            # informerar": the text starts with its subject (a name may precede the verb, and a title the name).
            j = k
            while (
                j > 1
                and words[j - 1][:1].isupper()
                and not words[j - 1].endswith((".", ":"))
                and words[j - 2].casefold() not in PREPOSITIONS  # "Bredband i Hälsingland Göran Hed informerade"
            ):
                j -= 1
            if j == 1 and is_given_name(words[0]):
                continue  # "Anna Ek informerar om ...": the point's title is who does what, not a name cut off
            return " ".join(words[:j]), " ".join(words[j:])
    if len(words) > 30:
        return " ".join(words[:12]), " ".join(words[12:])
    return text, ""


def _sentences(text: str) -> list[str]:
    parts = re.split(
        rf"(?:(?<=[{LOW}]{{2}}[.!?])|(?<=[0-9]{{3}}[.!?])|(?<=[)][.!?]))\s+(?=[{UP}0-9])|(?<=[.!?])\s+(?=(?:\d{{1,2}}\.|[a-z]\))\s)",
        text,
    )
    return [p.strip() for p in parts if p.strip()]


# "§ 23 Dnr KS 2015/12 Val av justerare", "§ 2 D 2007/036-101 Justerare": the case's diary number.
DIARY_AFTER_NUMBER_RE = re.compile(
    rf"^(?:(?:dnr|diarienr|diarienummer|ärendenr)\.?\s*:?\s*)?(?:[{UP}]{{1,5}}\s*)?\d{{1,4}}[/.-]\d{{1,6}}"
    rf"(?:[/.:-]\d{{1,6}}){{0,2}}\s+(?=[{UP}\"”])|^(?:dnr|diarienr)\.?\s*:?\s*\)?\s*(?=[{UP}])",
    re.IGNORECASE,
)


def _unflatten(line: str, item_offsets: list[int], column: str | None) -> list[str]:
    cuts = [0, *item_offsets, len(line)]
    out: list[str] = []
    segments = [line[a:b].strip() for a, b in itertools.pairwise(cuts)]
    for n, seg in enumerate(segments):
        if not seg:
            continue
        if n == 0 and 0 not in item_offsets:
            out.extend(_header_lines(seg))
            continue
        m = re.match(
            r"^((?:[A-ZÅÄÖ]{2,4}\s+)?(?:§§?\s*|(?:Dagordningspunkt|Ärendepunkt|Punkt|Ärende|Avsnitt|Artikel)\s+)?\d{1,4}"
            r"(?:\s*[-–]\s*\d{1,4}(?=\s))?)[.):]?\s+(.*)$",
            seg,
        )
        if not m:
            out.extend(_header_lines(seg))
            continue
        number = m.group(1)
        if len(item_offsets) == 1 and number.isdigit() and re.match(r"(?:dnr|diarienr)\b", m.group(2), re.I):
            number = f"§ {number}"  # an extract's one paragraph, its § sign lost: "191 Dnr 2013/233 ..."
        # Another organ's paragraph the case came through: "RS § 271 AU § 305 Budget 2017".
        rest = re.sub(r"^(?:[A-ZÅÄÖ]{2,4}\s+§\s*\d{1,4}\s+)+", "", m.group(2))
        rest = DIARY_AFTER_NUMBER_RE.sub("", rest, count=1)
        if column and rest.startswith(column + " "):
            rest = rest[len(column) + 1 :]
        title, body = _split_title(rest)
        # A diary number printed after the title: "Årsredovisning 2016 RS2017-0045".
        title = (
            re.sub(
                rf"\s+(?:(?:dnr|diarienr)\.?\s*)?[{UP}]{{1,5}}\s?\d{{4}}[-/]\d{{1,6}}(?:[-/]\d{{1,6}})?$",
                "",
                title,
                flags=re.I,
            )
            or title
        )
        out.append("")
        out.append(f"{number} {title}")
        out.extend(_body_lines(body))
    return out


def _column_word(heads: list[str]) -> str | None:
    """A word printed in the same column before every paragraph's title ("283 Arbetsutskottet Årsredovisning")."""
    firsts = []
    for h in heads:
        words = h.split()
        if len(words) < 3 or not words[2][:1].isupper():
            return None
        firsts.append(words[1])
    if len(firsts) >= 2 and len(set(firsts)) == 1 and firsts[0][:1].isupper():
        return firsts[0]
    return None


# Headings inside a paragraph's text, run into it when flattened: "RS 2016/123 Föredragande: Jon Vik
# Regionstyrelsens beslut Budgeten fastställs."
INNER_HEADING_RE = re.compile(
    rf"\s+(?=(?:Föredragande|Beslutsunderlag|Ärendebeskrivning|Sammanfattning|Bakgrund|Yrkanden?|"
    rf"Propositionsordning|Förslag till beslut|Beslut|[{UP}][{LOW}]+s beslut)(?:\s*:|\s+[{UP}]))"
)


def _inner_headings(sentence: str) -> list[str]:
    parts: list[str] = []
    start = 0
    for m in INNER_HEADING_RE.finditer(sentence):
        prev = sentence[start : m.start()].split()[-1:] or [""]
        if prev[0].casefold() in PREPOSITIONS or not sentence[start : m.start()].strip():
            continue  # "enligt Beslut ...", "om Bakgrund ...": part of the sentence
        parts.append(sentence[start : m.start()].strip())
        start = m.end()
    parts.append(sentence[start:].strip())
    return [p for p in parts if p]


def _body_lines(body: str) -> list[str]:
    out: list[str] = []
    for sentence in (part for whole in _sentences(body) for part in _inner_headings(whole)):
        # A heading of the next items at the end of a sentence: "... i LG barn och unga. Information/diskussionspunkter".
        m = LABEL_RE.search(sentence)
        if m and LABELS[m.group("label")] == "heading" and m.end() >= len(sentence.rstrip(" :")):
            before = sentence[: m.start()].strip()
            if before:
                out.append(before)
            out.append(m.group("label"))
            continue
        out.append(sentence)
    return out


# --- header, attendance and signatures ---------------------------------------------------------


@dataclass
class _Label:
    name: str
    kind: str
    value: str


def _labels(text: str) -> tuple[str, list[_Label]]:
    """The text before the first label, and each label with the text up to the next."""
    found: list[tuple[int, int, str]] = []
    for m in LABEL_RE.finditer(text):
        label = m.group("label")
        if label in STRICT_COLON and not m.group("colon"):
            continue
        if label in COLON_ONLY and not m.group("colon"):
            before = text[max(0, m.start() - 60) : m.start()].split()[-1:] or [""]
            following = text[m.end() : m.end() + 80]
            after = following.split()[:1] or [""]
            at_label = bool(LABEL_RE.match(following.lstrip()))
            capital = after[0][:1].isupper() or after[0][:1].isdigit()
            # Right after another label ("Övriga närvarande Ersättare Maria Ström"), or an attendance label
            # before a person's name ("... sekreterare Justerare Anna Berg").
            after_label = bool(found) and not text[found[-1][1] : m.start()].strip()
            person_label = LABELS[label] == "people" and _first_person(following) == len(following) - len(
                following.lstrip()
            )
            if not (at_label or after_label or person_label or (capital and not before[0][:1].islower())):
                continue
        found.append((m.start(), m.end(), label))
    if not found:
        return text, []
    lead = text[: found[0][0]].strip()
    labels = []
    for k, (_, end, label) in enumerate(found):
        stop = found[k + 1][0] if k + 1 < len(found) else len(text)
        labels.append(_Label(label, LABELS[label], text[end:stop].strip()))
    return lead, labels


def _header_lines(text: str) -> list[str]:
    if len(text) <= FLAT and not LABEL_RE.search(text):
        return [text]
    lead, labels = _labels(text)
    out: list[str] = [lead] if lead else []
    pending: list[_Label] = []
    signing: list[str] = []
    for label in labels:
        if label.kind == "sign" or signing:
            # The signature block runs to the end of its text, over the labels inside it ("Paragrafer").
            if label.name == "Vid protokollet":
                signing.append(f"Sekreterare {label.value}")  # "Vid protokollet Maria Lind": who took the minutes
            else:
                signing.append(label.value if label.kind == "sign" else f"{label.name} {label.value}")
            continue
        if not label.value:
            pending.append(label)
            continue
        if len(pending) == 1 and pending[0].name in GROUP_LABELS and label.kind == "people":
            # A group and its first sub-heading: "Övriga närvarande Ersättare Maria Ström (S) ...".
            out.append(f"{pending[0].name}:")
            out.extend(_label_lines(label))
            pending = []
            continue
        if pending:
            # Labels printed before their values: "Plats och tid Närvarande Ledamöter <place> <people>".
            out.extend(_pending([*pending, label]))
            pending = []
            continue
        out.extend(_label_lines(label))
    if pending and signing:
        # All labels printed before all values, the signature roles too ("Plats och tid Beslutande Utses att
        # justera Underskrifter Sekreterare Ordförande Justerande <place> <people> <names that sign>"): the
        # names that sign come last, one per role; what is before them belongs to the labels in order.
        values, signatures = _labels_first_signatures(" ".join(signing))
        if values is not None:
            out.extend(_pending([*pending, _Label("", "value", values)]))
            out.extend(signatures)
            return out
    if pending:
        out.extend(f"{x.name}:" for x in pending)
    if signing:
        out.extend(_signatures(" ".join(signing)))
    return out


JUSTERING_VALUE_RE = re.compile(
    rf"(?:[{UP}][\w-]*,?\s+){{0,2}}(?:den\s+)?\d{{4}}-\d{{2}}-\d{{2}}(?:\s*,?\s*kl\.?\s*[\d.:]+)?"
)


def _labels_first_signatures(text: str) -> tuple[str | None, list[str]]:
    """ "Sekreterare Ordförande Justerande <values> <secretary> <chair> <adjuster>" -> (values, signatures);
    (None, []) when the roles are not all printed before the values."""
    if len(text) > 6000:
        return None, []  # a first page's values are shorter: this is running text, read as before
    roles: list[str] = []
    pos = 0
    while m := SIGN_RE.match(text, pos):
        roles.append(SIGN_ROLES[m.group(1)])
        pos = m.end()
    if len(roles) < 2:
        return None, []  # "Sekreterare Paragrafer 1-18 Åsa Sturk Ordförande ...": each role before its name
    rest = text[pos:]
    rest = re.sub(r"\bParagrafer\s*:?\s*(?:§§?\s*)?\d{1,4}\s*[-–]\s*\d{1,4}\b", " ", rest)
    runs = [(a, b) for a, b in _person_runs(rest) if _is_person(rest, a, b)]
    if len(runs) < len(roles) + 1:
        return None, []
    signing = runs[-len(roles) :]
    values = rest[: signing[0][0]].strip()
    # The place and date of the adjustment, printed before the names that sign: not an attendee's.
    m = next(reversed(list(JUSTERING_VALUE_RE.finditer(values))), None)
    if m is not None and m.end() >= len(values) - 2:
        people = [b for a, b in _person_runs(values) if _is_person(values, a, b) and b <= m.end()]
        cut = max(m.start(), *(b for b in people if b < m.end() - 10), 0) if people else m.start()
        values = values[:cut].strip()
    return values, [f"{role}: {rest[a:b]}" for role, (a, b) in zip(roles, signing, strict=True)]


def _pending(labels: list[_Label]) -> list[str]:
    """Values after a run of labels, given to them in order: a time, then the place, then the people."""
    value = labels[-1].value
    out: list[str] = []
    names = [x for x in labels[:-1]] + [_Label(labels[-1].name, labels[-1].kind, "")]
    people_label = next((x for x in names if x.kind == "people"), None)
    for label in names:
        if label.kind == "value" and value:
            if label.name.casefold() == "tid":
                m = TIMES_RE.match(value)
                if m:
                    out.append(f"Tid: {m.group(1)}" + (f"-{m.group(2)}" if m.group(2) else ""))
                    value = value[m.end() :]
                continue
            start = _first_person(value, prefer_party=True)
            head = value[:start].strip(" ,") if start is not None else value
            if head:
                out.append(f"{label.name}: {head}")
            value = value[start:] if start is not None else ""
    if people_label is not None and value:
        out.extend(_label_lines(_Label(people_label.name, "people", value)))
    elif value:
        out.append(value)
    return out


def _label_lines(label: _Label) -> list[str]:
    if label.kind == "people":
        entries = split_people(label.value)
        if not entries:
            return [f"{label.name}: {label.value}"]
        return [f"{label.name}:", *entries]
    if label.kind == "heading":
        return ["", label.name, *([label.value] if label.value else [])]
    return [f"{label.name}: {label.value}"]


def _signatures(text: str) -> list[str]:
    """ "Sekreterare ... Paragrafer: 1-18 Åsa Sturk Ordförande ... Bo Johansson Justerande ... Kenneth Stålnacke"
    -> "Sekreterare: Åsa Sturk", "Ordförande: Bo Johansson", "Justerande: Kenneth Stålnacke"."""
    out: list[str] = []
    roles = list(SIGN_RE.finditer(text))
    for k, m in enumerate(roles):
        stop = roles[k + 1].start() if k + 1 < len(roles) else len(text)
        value = text[m.end() : stop]
        start = _first_person(value)
        if start is None:
            continue
        name = _name_at(value, start)
        if name:
            out.append(f"{SIGN_ROLES[m.group(1)]}: {name}")
    return out


# --- people ------------------------------------------------------------------------------------

RUN_RE = re.compile(rf"{WORD}(?:\s+(?:(?:{'|'.join(PARTICLES)})\s+)?{WORD})*")


def _person_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each person's name in a flattened run of capitalised words.

    A run is split where a given name starts a name of two or more words ("Evy Annér Lennart Beijer",
    "Maria Ixcot Nilsson Mona Jeansson"); words before the first given name are a name of their own when
    there are two or three of them ("Maidie Wiklund Robert Uitto"), else what the previous entry ends
    with ("... Västerleden Jessica Rosander"). A run without any given name is one name, or names of two
    words each. Label words ("Ordförande", "Paragrafer") end a run."""
    spans: list[tuple[int, int]] = []
    for m in RUN_RE.finditer(text):
        words = [(w.start() + m.start(), w.end() + m.start(), w.group()) for w in re.finditer(r"\S+", m.group())]
        run: list[tuple[int, int, str]] = []
        for w in [*words, None]:
            if w is None or _not_a_name(w[2]):
                spans.extend(_split_run(run))
                run = []
            else:
                run.append(w)
    return spans


def _split_run(words: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    while words and words[0][2] in PARTICLES:
        words = words[1:]
    if len(words) < 2:
        return []
    starts = [i for i, w in enumerate(words) if is_given_name(w[2]) and i + 1 < len(words)]
    kept: list[int] = []
    for i in starts:
        if kept and i == kept[-1] + 1:
            continue  # "Bo Frank": a given name used as a surname
        kept.append(i)
    if kept and kept[0] > 0 and kept[0] < 2:
        lead: list[list[tuple[int, int, str]]] = []  # one word before the first given name: the previous entry's
    else:
        lead = _chunks(words[: kept[0]] if kept else words)
    segments = lead + [words[a:b] for a, b in zip(kept, [*kept[1:], len(words)], strict=False)]
    out: list[tuple[int, int]] = []
    for seg in segments:
        for chunk in _chunks(seg):
            out.append((chunk[0][0], chunk[-1][1]))
    return out


def _chunks(words: list[tuple[int, int, str]]) -> list[list[tuple[int, int, str]]]:
    """Two or three words are one name; four are two names; more are names of two words (three at the end)."""
    n = len(words)
    if n < 2:
        return []
    if n <= 3 or (n == 4 and words[2][2] in PARTICLES):
        return [words]
    if n == 4:
        return [words[:2], words[2:]]
    return [words[:2], *_chunks(words[2:])]


NOT_NAMES = {
    "Ordförande", "Sekreterare", "Justerande", "Justerare", "Paragrafer", "Närvarande", "Beslutande", "Ledamöter",
    "Ledamot", "Ersättare", "Övriga", "Region", "Regionen", "Kommun", "Kommunen", "Landstinget", "Protokoll",
    "Underskrifter", "Underskrift", "Organ", "Plats", "Tid", "Datum", "Sida", "Bilaga", "Dnr", "Vice",
    "Justeringen", "Justeringens", "Protokollet", "Anslaget",
}  # fmt: skip


def _not_a_name(word: str) -> bool:
    return word in NOT_NAMES or bool(LABEL_RE.fullmatch(word))


def _is_person(text: str, start: int, end: int) -> bool:
    name = text[start:end]
    words = name.split()
    if municipality(name) or any(LABEL_RE.fullmatch(w) for w in words):
        return False
    if re.match(r"(?i)(?:region|landsting|kommun|förbund|samordningsförbund|länsstyrelsen|högskolan)", words[0]):
        return False
    before = text[max(0, start - 60) : start].rstrip()
    after = text[end : end + 40].lstrip()
    if re.match(r"\(\s*[A-Za-zÅÄÖåäö]{1,4}\s*[),]", after) and party(after[1:].split(")")[0].split(",")[0]):
        return True  # "Name (S)"
    return is_given_name(words[0]) or not before.endswith(",") or before.endswith("),")


PARTY_AFTER_RE = re.compile(r"\s*\(\s*([A-Za-zÅÄÖåäö]{1,4})\s*[),]")


def _first_person(text: str, prefer_party: bool = False) -> int | None:
    runs = _person_runs(text)
    if prefer_party:
        for start, end in runs:
            m = PARTY_AFTER_RE.match(text[end:])
            if m and party(m.group(1)) and _is_person(text, start, end):
                return start
    for start, end in runs:
        if _is_person(text, start, end):
            return start
    return None


def _name_at(text: str, start: int) -> str | None:
    for s, e in _person_runs(text):
        if s == start:
            return text[s:e]
    return None


_ROLE_FIRST = r"(?:Ordförande|Vice ordförande|[12]:e vice ordförande|Förste vice ordförande|Andre vice ordförande|Ledamot|Ersättare|Sekreterare)"
_NAME_AFTER_ROLE = rf"(?!{_ROLE_FIRST}\b)[{UP}][{LOW}]+(?:-[{UP}][{LOW}]+)?(?:\s+(?!{_ROLE_FIRST}\b)[{UP}][{LOW}]+(?:-[{UP}][{LOW}]+)?){{1,2}}"
ROLE_BEFORE_NAME_RE = re.compile(rf"\b({_ROLE_FIRST})\s+({_NAME_AFTER_ROLE}(?:\s*\([A-Za-zÅÄÖåäö]{{1,4}}\))?)")


def _roles_after_names(text: str) -> str:
    """ "Ordförande Anna Ek (S) Vice ordförande Bo Lind (M) Ledamot Cecilia Ström (C)": where a run starts with a
    role, each role is printed before its name; written as entries read elsewhere ("Anna Ek (S), ordförande")."""
    if not re.match(rf"{_ROLE_FIRST}\s+[{UP}]", text.strip()) or len(ROLE_BEFORE_NAME_RE.findall(text[:5000])) < 2:
        return text
    return ROLE_BEFORE_NAME_RE.sub(lambda m: f"{m.group(2)}, {m.group(1).lower()},", text)


def split_people(text: str) -> list[str]:
    """A flattened attendance run -> one entry per person, each with what follows its name
    ("Bo Johansson, Älvsbyn, (s, ordförande", "Bo Danielsson för Jan-Olof Andersson")."""
    text = _roles_after_names(text)
    text = re.sub(rf"(?<=[{LOW}])\s*/\s*(?=[{UP}][{LOW}])", ", ", text)  # "Anna Ek/Åby kommun"
    text = re.sub(
        r"\(\s*([A-Za-zÅÄÖåäö]{1,4})(?!\s+(?:kommun|stad|län|landsting)\b)\s*(?=[,\s]|$)(?!\))", r"(\1)", text
    )  # "(s, ordf" -> "(s), ordf"
    starts: list[int] = []
    for start, end in _person_runs(text):
        if not _is_person(text, start, end):
            continue
        before = text[max(0, start - 60) : start].rstrip()
        link = re.search(r"(\S+(?:\s+\S+){0,2})$", before)
        if link and starts and LINKS_RE.match(link.group(1).split()[-1]):
            continue  # "X för Y": Y belongs to X's entry
        if link and starts and re.search(r"(?:ersätter|ersättare för|i stället för)$", before):
            continue
        starts.append(start)
    if not starts:
        return []
    entries = []
    lead = text[: starts[0]].strip(" ,;:")
    grouped = bool(GROUP_LABEL_RE.fullmatch(lead))
    if grouped:
        entries.append(f"{lead}:")  # "Bollnäs kommun Per Ek (S), ...": the group the names after it belong to
    for k, start in enumerate(starts):
        stop = starts[k + 1] if k + 1 < len(starts) else len(text)
        entry = text[start:stop].strip().rstrip(",;").strip()
        # Only where the run starts with a group's label: else "Per Ek (S) Bollnäs kommun" is his municipality.
        group = GROUP_LABEL_RE.search(entry) if grouped and k + 1 < len(starts) else None
        before = entry[: group.start()].rstrip() if group else ""
        if group and before and (before.endswith(")") or ("," not in before and len(before.split()) <= 3)):
            # "... Anna Berg (M) Hudiksvalls kommun Lars Wik (S)": the next group's label, not her municipality.
            entries.extend([entry[: group.start()].strip().rstrip(",;").strip(), f"{group.group().strip()}:"])
            continue
        entries.append(entry)
    return entries


# The label of a group of members: "Hudiksvalls kommun", "Region Gävleborg", "Bollnäs" is not one (it is an entry's).
GROUP_LABEL_RE = re.compile(rf"(?:\s|^)(?:[{UP}][{LOW}]+(?:-[{UP}][{LOW}]+)?s? (?:kommun|stad)|Region [{UP}][{LOW}]+)$")
