"""How big each scale is, and the fixed calendar every scale uses (no wall clock: the same seed
gives the same data whenever it runs)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from samverkan.synthetic.names import COUNTY_REGION, REGIONS

FIRST_DAY = datetime.date(2017, 1, 1)
# The data's "today": meetings before it are held (with minutes), after it planned; answers to
# recommendations are given up to it. Meetings are planned up to LAST_DAY.
REFERENCE_DAY = datetime.date(2026, 12, 1)
LAST_DAY = datetime.date(2027, 6, 30)
YEARS = (LAST_DAY - FIRST_DAY).days / 365.25
TERMS = (  # mandate periods: (first year, last year)
    (2015, 2018),
    (2019, 2022),
    (2023, 2026),
    (2027, 2030),
)


@dataclass(frozen=True)
class Scale:
    name: str
    regions: tuple[int, ...]  # indexes into names.REGIONS
    municipalities_per_region: int | None  # None: all of the region's municipalities
    associations: int  # municipal associations in all
    bodies: int
    people: int
    meetings: int  # about, over the whole period
    recommendations: int
    papers_per_item: float  # papers per substantive agenda item (about)


SCALES: dict[str, Scale] = {
    "tiny": Scale("tiny", (COUNTY_REGION,), 5, 1, 4, 40, 60, 5, 0.3),
    "county": Scale("county", (COUNTY_REGION,), None, 4, 60, 1_000, 6_000, 200, 0.3),
    "national": Scale("national", tuple(range(len(REGIONS))), None, 80, 2_000, 30_000, 200_000, 10_000, 0.3),
}
PUBLIC_SCALES = ("county", "national")  # "tiny" is for tests and not offered in --help
