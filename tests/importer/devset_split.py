"""The split of ../shared/importer-devset into a development part and a held-out part.

Written down before any document of the set was read, from the file names alone:

1. Each file gets a kind guessed from its name (``KINDS``): agendas ("kallelse",
   "foredragningslista"), agreements ("forbundsordning", "framat-genom-samverkan"), proposals and
   extracts ("forslag", a "p191" paragraph) and minutes (everything else).
2. The files are ordered by (kind, sha256 of the file name in hex).
3. Every third file in that order (positions 2, 5, 8, ... counting from 0) is held out.

This keeps a third of the set aside, spread over the kinds as far as groups of two allow:
one agreement, one proposal and six minutes. The held-out documents are only scored, never opened,
printed or tuned on. ``split()`` recomputes the rule; a test checks it agrees with the lists below.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

AGENDA, AGREEMENT, MINUTES, PROPOSAL = "agenda", "agreement", "minutes", "proposal"

NAME_KINDS: tuple[tuple[str, str], ...] = (
    ("kallelse", AGENDA),
    ("foredragningslista", AGENDA),
    ("forbundsordning", AGREEMENT),
    ("framat-genom-samverkan", AGREEMENT),
    ("forslag", PROPOSAL),
    ("-p191-", PROPOSAL),
)


def kind_of(name: str) -> str:
    for word, kind in NAME_KINDS:
        if word in name:
            return kind
    return MINUTES


def split(names: Iterable[str]) -> tuple[list[str], list[str]]:
    """(development, held_out) file names, each sorted."""
    ordered = sorted(names, key=lambda n: (kind_of(n), hashlib.sha256(n.encode()).hexdigest()))
    held_out = sorted(n for i, n in enumerate(ordered) if i % 3 == 2)
    development = sorted(n for n in ordered if n not in held_out)
    return development, held_out


DEVELOPMENT: tuple[str, ...] = (
    "01_kalmar-regionforbundet-styrelse-2007-01-11.txt",
    "04_kommunforbundet-skane-styrelse.txt",
    "05_kommunforbundet-norrbotten-styrelse-2006-02-09.txt",
    "07_region-ostergotland-namnd-arbetsmarknad-106-119.txt",
    "08_jamtlands-lans-landstingsstyrelse-2003-12-18.txt",
    "11_regionforbundet-sormland-rs-2017-02-02.txt",
    "12_landstinget-kronoberg-ls-2012-12-11.txt",
    "13_vardsamverkan-fyrbodal-lg-barn-unga-2016-01-20.txt",
    "14_narvardssamverkan-sodra-alvsborg-utvecklingsradet-2014-04-25.txt",
    "15_nosam-barn-unga-vastra-goteborg-afh-2017-05-18.txt",
    "16_varmlandsradet-2021-02-12.txt",
    "17_regionforbundet-sormland-kallelse-2018-10-04.txt",
    "18_region-dalarna-au-foredragningslista-2017.txt",
    "20_region-gavleborg-regionstyrelse-2022-10-13.txt",
    "21_forbundsordning-kommunalforbundet-fjarde-storstadsregionen.txt",
    "23_sll-landstingsstyrelsen-forslag-2009-29-samordningsforbund-varmdo.txt",
)

HELD_OUT: tuple[str, ...] = (
    "02_region-uppsala-regionstyrelsen-2017-03-21.txt",
    "03_halsingeradet-protokoll.txt",
    "06_region-gotland-regionstyrelsen-2016-12-14.txt",
    "09_regionjh-svom-2020-11-06.txt",
    "10_kalmar-primarkommunala-namnden-2008-09-11.txt",
    "19_region-vasterbotten-regionfullmaktige-2026-02-24.txt",
    "22_framat-genom-samverkan-kinda-odeshog-boxholm-ydre-tranas.txt",
    "24_sala-kommunstyrelsen-2013-08-13-p191-regionkommun-vastmanland.txt",
)
