"""Swedish-looking words for synthetic data: names, places, bodies, agenda titles, decisions and
the text of papers. Real municipality names come from the importer's list of Sweden."""

from __future__ import annotations

from samverkan.importer.extract.sweden import MUNICIPALITIES

# The 21 regions with how many of the municipalities (in the order of MUNICIPALITIES, which is
# by county) each holds; the counts add up to 290.
REGIONS: tuple[tuple[str, str, str, int], ...] = (
    # key, name, the county's name in "… län", number of municipalities
    ("region-stockholm", "Region Stockholm", "Stockholms län", 26),
    ("region-uppsala", "Region Uppsala", "Uppsala län", 8),
    ("region-sormland", "Region Sörmland", "Södermanlands län", 9),
    ("region-ostergotland", "Region Östergötland", "Östergötlands län", 13),
    ("region-jonkopings-lan", "Region Jönköpings län", "Jönköpings län", 13),
    ("region-kronoberg", "Region Kronoberg", "Kronobergs län", 8),
    ("region-kalmar-lan", "Region Kalmar län", "Kalmar län", 12),
    ("region-gotland", "Region Gotland", "Gotlands län", 1),
    ("region-blekinge", "Region Blekinge", "Blekinge län", 5),
    ("region-skane", "Region Skåne", "Skåne län", 33),
    ("region-halland", "Region Halland", "Hallands län", 6),
    ("vastra-gotalandsregionen", "Västra Götalandsregionen", "Västra Götalands län", 49),
    ("region-varmland", "Region Värmland", "Värmlands län", 16),
    ("region-orebro-lan", "Region Örebro län", "Örebro län", 12),
    ("region-vastmanland", "Region Västmanland", "Västmanlands län", 10),
    ("region-dalarna", "Region Dalarna", "Dalarnas län", 15),
    ("region-gavleborg", "Region Gävleborg", "Gävleborgs län", 10),
    ("region-vasternorrland", "Region Västernorrland", "Västernorrlands län", 7),
    ("region-jamtland-harjedalen", "Region Jämtland Härjedalen", "Jämtlands län", 8),
    ("region-vasterbotten", "Region Västerbotten", "Västerbottens län", 15),
    ("region-norrbotten", "Region Norrbotten", "Norrbottens län", 14),
)
COUNTY_REGION = 11  # Västra Götaland: one region and 49 municipalities


def municipalities_of(region_index: int) -> tuple[str, ...]:
    start = sum(count for *_rest, count in REGIONS[:region_index])
    return MUNICIPALITIES[start : start + REGIONS[region_index][3]]


def genitive(name: str) -> str:
    return name if name[-1] in "sxz" else name + "s"


def municipality_name(place: str) -> str:
    """'Borås' -> 'Borås Stad', 'Ale' -> 'Ale kommun' (a few cities call themselves Stad)."""
    if place in {"Göteborg", "Stockholm", "Malmö", "Borås", "Västerås", "Helsingborg"}:
        return f"{genitive(place)} Stad"
    return f"{place} kommun"


FIRST_NAMES = (
    "Anna", "Eva", "Maria", "Karin", "Sara", "Kristina", "Lena", "Emma", "Kerstin", "Ingrid", "Marie", "Malin",
    "Jenny", "Linda", "Annika", "Susanne", "Elin", "Hanna", "Monica", "Camilla", "Sofia", "Helena", "Johanna",
    "Ulrika", "Åsa", "Birgitta", "Cecilia", "Therese", "Louise", "Frida", "Lars", "Mikael", "Anders", "Johan",
    "Per", "Erik", "Karl", "Peter", "Thomas", "Jan", "Daniel", "Fredrik", "Hans", "Bengt", "Stefan", "Mats",
    "Magnus", "Andreas", "Mattias", "Jonas", "Niklas", "Björn", "Ulf", "Henrik", "Martin", "Göran", "Jörgen",
    "Patrik", "Tobias", "Håkan", "Ahmed", "Amir", "Fatima", "Leila", "Aida", "Omar", "Zeynep", "Mohammed",
)  # fmt: skip

SURNAMES = (
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
    "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Jönsson", "Lindberg", "Jakobsson",
    "Magnusson", "Olofsson", "Lindström", "Lindqvist", "Lindgren", "Berg", "Axelsson", "Bergström", "Lundberg",
    "Lind", "Lundgren", "Lundqvist", "Mattsson", "Berglund", "Fredriksson", "Sandberg", "Henriksson", "Forsberg",
    "Sjöberg", "Wallin", "Engström", "Eklund", "Danielsson", "Lundin", "Håkansson", "Björk", "Bergman",
    "Gunnarsson", "Holm", "Wikström", "Samuelsson", "Isaksson", "Fransson", "Bergqvist", "Nyström", "Holmberg",
    "Arvidsson", "Löfgren", "Söderberg", "Nyberg", "Blomqvist", "Claesson", "Nordström", "Mårtensson",
    "Lundström", "Viklund", "Björklund", "Eliasson", "Pålsson", "Hassan", "Ali", "Yilmaz", "Öberg", "Ågren",
)  # fmt: skip

# Parties with a rough weight (share of seats).
PARTIES: tuple[tuple[str, int], ...] = (
    ("S", 30), ("M", 19), ("SD", 14), ("C", 10), ("V", 7), ("KD", 6), ("L", 5), ("MP", 4),
)  # fmt: skip

OFFICIAL_TITLES = (
    "kommundirektör", "socialchef", "förvaltningschef", "utbildningschef", "hälso- och sjukvårdsdirektör",
    "regiondirektör", "verksamhetschef", "utvecklingsledare", "strateg", "avdelningschef", "MAS", "controller",
    "samordnare", "utredare", "ekonom", "jurist", "kommunikatör", "förbundsdirektör",
)  # fmt: skip

# Areas: the body's field (in its name) and the topics its agenda items are about.
AREAS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("äldreomsorg", ("hemsjukvård", "trygg hemgång", "utskrivningsklara patienter", "demensvård", "äldres hälsa")),
    ("barn och unga", ("ungdomsmottagning", "elevhälsa", "barnhälsovård", "skolhälsovård", "familjecentraler")),
    ("psykisk hälsa", ("suicidprevention", "barn och ungas psykiska hälsa", "mobila team", "självskadebeteende")),
    ("socialtjänst", ("våld i nära relationer", "ekonomiskt bistånd", "barn- och ungdomsvård", "placeringar")),
    ("missbruk och beroende", ("beroendevård", "sprututbyte", "spelberoende", "samordnad individuell plan")),
    ("digitalisering", ("digitala vårdmöten", "e-tjänster", "informationssäkerhet", "gemensam journal")),
    ("folkhälsa", ("folkhälsoarbete", "fysisk aktivitet", "tobaksprevention", "jämlik hälsa")),
    ("utbildning", ("gymnasieutbildning", "vuxenutbildning", "interkommunal ersättning", "yrkesutbildning")),
    ("hälso- och sjukvård", ("god och nära vård", "primärvård", "läkemedelsförsörjning", "tandvård", "habilitering")),
    ("hjälpmedel", ("hjälpmedelsförsörjning", "förskrivning av hjälpmedel", "inkontinenshjälpmedel")),
    ("kompetensförsörjning", ("kompetensförsörjning", "arbetsgivarfrågor", "verksamhetsförlagd utbildning")),
    ("kollektivtrafik", ("kollektivtrafik", "skolskjuts", "färdtjänst", "regional trafikplan")),
    ("miljö och klimat", ("klimatomställning", "energiomställning", "vattenförsörjning", "avfallsplan")),
    ("näringsliv", ("regional utvecklingsstrategi", "besöksnäring", "bredbandsutbyggnad", "landsbygdsutveckling")),
    ("krisberedskap", ("krisberedskap", "civilt försvar", "pandemiberedskap", "risk- och sårbarhetsanalys")),
    ("kultur", ("kulturverksamhet", "bibliotek", "kulturskola", "fritidsgårdar")),
    ("funktionsstöd", ("funktionsstöd", "daglig verksamhet", "personlig assistans", "boendestöd")),
    ("integration", ("integrationsarbete", "mottagande av nyanlända", "samhällsorientering", "språkstöd")),
)  # fmt: skip

BODY_PREFIXES: tuple[tuple[str, str], ...] = (
    # name prefix, kind (political, officials, mixed)
    ("Styrgrupp för", "officials"),
    ("Beredningsgrupp för", "political"),
    ("Ledningsgrupp för", "officials"),
    ("Arbetsgrupp för", "officials"),
    ("Nätverk för", "officials"),
    ("Samverkansgrupp för", "mixed"),
    ("Referensgrupp för", "mixed"),
    ("Politisk samverkansgrupp för", "political"),
)

PLACES_STREETS = (
    "Storgatan", "Kungsgatan", "Drottninggatan", "Östergatan", "Västra vägen", "Torggatan", "Järnvägsgatan",
    "Kyrkogatan", "Parkgatan", "Stationsgatan", "Skolgatan", "Hamngatan",
)  # fmt: skip
VENUES = ("Regionens hus", "Kommunhuset", "Stadshuset", "Förbundets kontor", "Konferenscentret", "Folkets hus")
ROOMS = ("Sal A", "Sal B", "Styrelserummet", "Sammanträdesrum 1", "Rum Vänern", "Rum Vättern", "Aulan")

# Agenda items. {topic} is one of the area's topics; {year} the meeting's year.
ITEM_TITLES: tuple[tuple[str, str], ...] = (
    # template, kind
    ("Information om {topic}", "information"),
    ("Lägesrapport: {topic}", "information"),
    ("Överenskommelse om {topic}", "decision"),
    ("Avtal om {topic} mellan regionen och kommunerna", "decision"),
    ("Uppföljning av avtalet om {topic}", "information"),
    ("Rekommendation om {topic}", "decision"),
    ("Remissvar om {topic}", "position"),
    ("Samverkansavtal för {topic}", "decision"),
    ("Handlingsplan för {topic} {year}", "decision"),
    ("Verksamhetsplan och budget {year}", "decision"),
    ("Ekonomisk uppföljning", "information"),
    ("Ungdomsmottagningarnas uppdrag {year}", "decision"),
    ("Kommunernas synpunkter på {topic}", "position"),
    ("Rapport från nätverket för {topic}", "information"),
)

CONFIDENTIAL_TITLES = (
    "Personalärende: lönesättning för förbundsdirektören",
    "Upphandling av {topic}: anbudsutvärdering under sekretess",
    "Personalärende: lönesättning och anställningsvillkor",
)

DECISIONS = {
    "information": ("{body} tackar för informationen och lägger den till handlingarna.",),
    "decision": (
        "{body} beslutar att godkänna överenskommelsen om {topic}.",
        "{body} beslutar att rekommendera kommunerna och regionen att anta avtalet om {topic}.",
        "{body} godkänner förslaget och uppdrar åt beredningen att följa upp {topic}.",
    ),
    "position": ("{body} ställer sig bakom yttrandet om {topic} och överlämnar det till huvudmännen.",),
}
CLAUSES = (
    "att godkänna avtalet",
    "att rekommendera kommunerna att anta överenskommelsen",
    "att uppdra åt tjänstepersonsnätverket att återrapportera under hösten",
    "att lägga informationen till handlingarna",
    "att avsätta medel inom ramen för budgeten",
    "att förklara paragrafen omedelbart justerad",
)
NOTES = (
    "Föredraganden redogjorde för ärendet och besvarade frågor.",
    "Ledamöterna diskuterade hur kommunerna ska följa upp avtalet.",
    "Frågan har beretts i tjänstepersonsnätverket och i samtliga kommuner.",
    "Överläggningen rörde kostnadsfördelningen mellan huvudmännen.",
)

# Sentences for the papers' text; {topic}, {place} and {year} are filled in.
PAPER_SENTENCES = (
    "Kommunerna och regionen har ett gemensamt ansvar för {topic}.",
    "Avtalet reglerar ansvarsfördelningen mellan huvudmännen och gäller från den 1 januari {year}.",
    "Överenskommelsen omfattar samtliga kommuner i länet och regionen.",
    "Ungdomsmottagningen ska vara tillgänglig för unga mellan 13 och 25 år i hela {place}.",
    "Kostnaderna fördelas mellan kommunerna efter antalet invånare den 1 november föregående år.",
    "Uppföljningen visar att arbetet med {topic} har utvecklats positivt under året.",
    "Beredningsgruppen föreslår att avtalen förlängs med två år.",
    "Ärendet har remitterats till kommunerna, som har lämnat synpunkter.",
    "Samverkan ska bygga på en gemensam målbild och tydliga ansvarsgränser.",
    "Patienter och brukare ska få en sammanhållen vård och omsorg oavsett huvudman.",
    "Regionen ansvarar för den specialiserade vården och kommunerna för hemsjukvården.",
    "Kommunerna i {place} har tillsammans tagit fram en handlingsplan för {topic}.",
    "Förslaget har stämts av med de fackliga organisationerna.",
    "En gemensam lägesbild presenteras för styrgruppen två gånger om året.",
    "Avtalet kan sägas upp med tolv månaders uppsägningstid.",
    "Ersättningen räknas upp årligen med prisindex för kommunal verksamhet.",
    "Överenskommelserna mellan regionen och kommunerna ses över inför nästa mandatperiod.",
    "Arbetet med {topic} finansieras delvis genom statsbidrag.",
    "Samtliga huvudmän ska fatta likalydande beslut senast den 31 december {year}.",
    "Tjänstepersonsnätverket har analyserat behoven i kommunerna.",
)
