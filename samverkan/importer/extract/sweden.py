"""Data about Sweden used by the extractor: the 290 municipalities and the party abbreviations."""

from __future__ import annotations

MUNICIPALITIES: tuple[str, ...] = (
    # Stockholms län
    "Botkyrka", "Danderyd", "Ekerö", "Haninge", "Huddinge", "Järfälla", "Lidingö", "Nacka", "Norrtälje",
    "Nykvarn", "Nynäshamn", "Salem", "Sigtuna", "Sollentuna", "Solna", "Stockholm", "Sundbyberg", "Södertälje",
    "Tyresö", "Täby", "Upplands Väsby", "Upplands-Bro", "Vallentuna", "Vaxholm", "Värmdö", "Österåker",
    # Uppsala län
    "Enköping", "Heby", "Håbo", "Knivsta", "Tierp", "Uppsala", "Älvkarleby", "Östhammar",
    # Södermanlands län
    "Eskilstuna", "Flen", "Gnesta", "Katrineholm", "Nyköping", "Oxelösund", "Strängnäs", "Trosa", "Vingåker",
    # Östergötlands län
    "Boxholm", "Finspång", "Kinda", "Linköping", "Mjölby", "Motala", "Norrköping", "Söderköping", "Vadstena",
    "Valdemarsvik", "Ydre", "Åtvidaberg", "Ödeshög",
    # Jönköpings län
    "Aneby", "Eksjö", "Gislaved", "Gnosjö", "Habo", "Jönköping", "Mullsjö", "Nässjö", "Sävsjö", "Tranås",
    "Vaggeryd", "Vetlanda", "Värnamo",
    # Kronobergs län
    "Alvesta", "Lessebo", "Ljungby", "Markaryd", "Tingsryd", "Uppvidinge", "Växjö", "Älmhult",
    # Kalmar län
    "Borgholm", "Emmaboda", "Hultsfred", "Högsby", "Kalmar", "Mönsterås", "Mörbylånga", "Nybro", "Oskarshamn",
    "Torsås", "Vimmerby", "Västervik",
    # Gotlands län
    "Gotland",
    # Blekinge län
    "Karlshamn", "Karlskrona", "Olofström", "Ronneby", "Sölvesborg",
    # Skåne län
    "Bjuv", "Bromölla", "Burlöv", "Båstad", "Eslöv", "Helsingborg", "Hässleholm", "Höganäs", "Hörby", "Höör",
    "Klippan", "Kristianstad", "Kävlinge", "Landskrona", "Lomma", "Lund", "Malmö", "Osby", "Perstorp",
    "Simrishamn", "Sjöbo", "Skurup", "Staffanstorp", "Svalöv", "Svedala", "Tomelilla", "Trelleborg", "Vellinge",
    "Ystad", "Åstorp", "Ängelholm", "Örkelljunga", "Östra Göinge",
    # Hallands län
    "Falkenberg", "Halmstad", "Hylte", "Kungsbacka", "Laholm", "Varberg",
    # Västra Götalands län
    "Ale", "Alingsås", "Bengtsfors", "Bollebygd", "Borås", "Dals-Ed", "Essunga", "Falköping", "Färgelanda",
    "Grästorp", "Gullspång", "Göteborg", "Götene", "Herrljunga", "Hjo", "Härryda", "Karlsborg", "Kungälv",
    "Lerum", "Lidköping", "Lilla Edet", "Lysekil", "Mariestad", "Mark", "Mellerud", "Munkedal", "Mölndal",
    "Orust", "Partille", "Skara", "Skövde", "Sotenäs", "Stenungsund", "Strömstad", "Svenljunga", "Tanum",
    "Tibro", "Tidaholm", "Tjörn", "Tranemo", "Trollhättan", "Töreboda", "Uddevalla", "Ulricehamn", "Vara",
    "Vårgårda", "Vänersborg", "Åmål", "Öckerö",
    # Värmlands län
    "Arvika", "Eda", "Filipstad", "Forshaga", "Grums", "Hagfors", "Hammarö", "Karlstad", "Kil", "Kristinehamn",
    "Munkfors", "Storfors", "Sunne", "Säffle", "Torsby", "Årjäng",
    # Örebro län
    "Askersund", "Degerfors", "Hallsberg", "Hällefors", "Karlskoga", "Kumla", "Laxå", "Lekeberg", "Lindesberg",
    "Ljusnarsberg", "Nora", "Örebro",
    # Västmanlands län
    "Arboga", "Fagersta", "Hallstahammar", "Kungsör", "Köping", "Norberg", "Sala", "Skinnskatteberg",
    "Surahammar", "Västerås",
    # Dalarnas län
    "Avesta", "Borlänge", "Falun", "Gagnef", "Hedemora", "Leksand", "Ludvika", "Malung-Sälen", "Mora", "Orsa",
    "Rättvik", "Smedjebacken", "Säter", "Vansbro", "Älvdalen",
    # Gävleborgs län
    "Bollnäs", "Gävle", "Hofors", "Hudiksvall", "Ljusdal", "Nordanstig", "Ockelbo", "Ovanåker", "Sandviken",
    "Söderhamn",
    # Västernorrlands län
    "Härnösand", "Kramfors", "Sollefteå", "Sundsvall", "Timrå", "Ånge", "Örnsköldsvik",
    # Jämtlands län
    "Berg", "Bräcke", "Härjedalen", "Krokom", "Ragunda", "Strömsund", "Åre", "Östersund",
    # Västerbottens län
    "Bjurholm", "Dorotea", "Lycksele", "Malå", "Nordmaling", "Norsjö", "Robertsfors", "Skellefteå", "Sorsele",
    "Storuman", "Umeå", "Vilhelmina", "Vindeln", "Vännäs", "Åsele",
    # Norrbottens län
    "Arjeplog", "Arvidsjaur", "Boden", "Gällivare", "Haparanda", "Jokkmokk", "Kalix", "Kiruna", "Luleå",
    "Pajala", "Piteå", "Älvsbyn", "Överkalix", "Övertorneå",
)  # fmt: skip

# Party abbreviations as written in Swedish minutes (current and historical, plus common local parties).
PARTIES: frozenset[str] = frozenset(
    {
        "S", "M", "C", "L", "KD", "V", "MP", "SD", "FP", "D", "FI", "PP", "SPI", "KV", "SJVP", "VÄP", "LPO",
        "NYD", "KDS", "ÖP", "SP", "SKP", "AP", "TP", "VF", "MED", "SVP", "KP", "BP", "NS", "LP", "VL", "SDS",
        "OP", "BA", "DF", "DV", "SOL", "ÖVP", "GP", "LR", "ViS", "SBÄ", "VB", "KL", "AKL",
    }
)  # fmt: skip

_BY_KEY: dict[str, str] = {m.casefold(): m for m in MUNICIPALITIES}
# Genitives that are not the name plus -s: "Falu kommun".
_GENITIVE: dict[str, str] = {"falu": "Falun"}


def municipality(text: str) -> str | None:
    """The municipality named by `text` ("Varbergs kommun", "Varberg", "Göteborgs Stad"), or None."""
    s = " ".join(text.replace("\u00a0", " ").split()).strip(" .,;:()")
    low = s.casefold()
    for suffix in (" kommun", " kommuns", " stad", " stads", " municipality"):
        if low.endswith(suffix):
            low = low[: -len(suffix)].strip()
            break
    if low in _BY_KEY:
        return _BY_KEY[low]
    if low in _GENITIVE:
        return _GENITIVE[low]
    if low.endswith("s") and low[:-1] in _BY_KEY:
        return _BY_KEY[low[:-1]]
    return None


def party(text: str) -> str | None:
    """The party abbreviation in `text` ("(s)", "KD", "fp"), in capitals, or None."""
    s = text.strip().strip("().,;: ")
    if 1 <= len(s) <= 4 and s.upper() in {p.upper() for p in PARTIES}:
        return s.upper()
    return None
