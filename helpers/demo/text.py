"""Vocabulary of the synthetic demo corpus (used by :mod:`helpers.demo`).

Every outlet, domain, person, organisation, photographer and agency below is INVENTED for this
kit; any resemblance to a real one is accidental. The places are real (Kyiv, Odesa, Istanbul...),
because the kit geocodes them. Several people and places have spelling variants (transliteration
and older spellings) so that alias handling has something to do; each outlet prefers one variant.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Outlet:
    """An invented news outlet: its name, domain, URL style, date-line style and spelling habits."""

    name: str
    domain: str
    url_style: str  # a str.format template: {host} {y} {m} {d} {slug} {num}
    date_style: str  # a key of helpers.demo.DATE_STYLES
    variant: int  # which spelling variant of names this outlet prefers (0 or 1)
    old_spellings: bool  # "Kiev", "Odessa" instead of "Kyiv", "Odesa" (some of the time)
    honorific: bool  # later mentions as "Mr. Surname" / "Ms. Surname"


@dataclass(frozen=True)
class Person:
    """An invented person: spellings of the full name, a role, a description and a gender."""

    names: tuple[str, ...]  # spelling variants of the full name; the last word is the surname
    role: str  # title used before the name ("Foreign Minister")
    description: str  # used after the name (", Ukraine's foreign minister,")
    female: bool


@dataclass(frozen=True)
class Organisation:
    """An invented organisation; ``short`` is how later sentences refer to it."""

    name: str
    short: str


OUTLETS: tuple[Outlet, ...] = (
    Outlet(
        "Northwind Gazette",
        "northwind-gazette.com",
        "https://www.{host}/{y}/{m}/{d}/{slug}-a{num}",
        "month_day_year",
        0,
        False,
        False,
    ),
    Outlet(
        "Harbourline Post",
        "harbourline-post.co.uk",
        "https://www.{host}/news/world/{slug}-{num}",
        "day_month_year",
        1,
        True,
        True,
    ),
    Outlet(
        "Eastgate Monitor",
        "eastgate-monitor.org",
        "https://{host}/analysis/{y}-{m}-{d}/{slug}-{num}",
        "iso_utc",
        0,
        False,
        False,
    ),
    Outlet(
        "Meridian Courier",
        "meridian-courier.com",
        "https://www.{host}/world/europe/{slug}-{num}.html",
        "updated",
        1,
        False,
        True,
    ),
    Outlet(
        "Baltic Wire Service",
        "balticwire-service.net",
        "https://{host}/wire/{y}{m}{d}/{num}",
        "published_gmt",
        0,
        True,
        False,
    ),
    Outlet(
        "Steppe Observer",
        "steppe-observer.info",
        "https://www.{host}/{y}/{m}/{slug}-{num}",
        "dotted",
        1,
        False,
        False,
    ),
    Outlet(
        "Carpathian Signal",
        "carpathian-signal.eu",
        "https://{host}/en/news/{num}-{slug}",
        "ordinal",
        0,
        False,
        False,
    ),
)

PEOPLE: dict[str, Person] = {
    "president": Person(
        ("Andriy Moroshenko", "Andrii Moroshchenko"), "President", "Ukraine's president", False
    ),
    "foreign_ua": Person(("Halyna Strutynska",), "Foreign Minister", "Ukraine's foreign minister", True),
    "negotiator_ua": Person(
        ("Bohdan Yavorivsky", "Bohdan Yavorivskyi"),
        "chief negotiator",
        "who leads Ukraine's delegation",
        False,
    ),
    "deputy_defence_ru": Person(
        ("Gennady Zheleznyak", "Gennadiy Zhelezniak"),
        "Deputy Defence Minister",
        "Russia's deputy defence minister",
        False,
    ),
    "negotiator_ru": Person(("Arkady Voskoboinikov",), "negotiator", "Moscow's chief negotiator", False),
    "kremlin_spokesman": Person(
        ("Yevgeny Sorokopud", "Evgeny Sorokopud"), "spokesman", "the Kremlin's spokesman", False
    ),
    "mayor_kharkiv": Person(("Iryna Hnatyshyn",), "Mayor", "the mayor of Kharkiv", True),
    "governor_odesa": Person(
        ("Maksym Tkachuk-Ryabov", "Maxim Tkachuk-Ryabov"),
        "Governor",
        "the governor of the Odesa region",
        False,
    ),
    "turkish_mediator": Person(
        ("Selim Karaoglan",), "mediator", "a Turkish diplomat hosting the talks", False
    ),
    "eu_commissioner": Person(
        ("Margit Vanderlinden",), "Commissioner", "the European commissioner for trade", True
    ),
    "polish_minister": Person(
        ("Tomasz Wierzbicki",), "Interior Minister", "Poland's interior minister", False
    ),
    "grain_council_chair": Person(
        ("Oksana Derevianko", "Oksana Derevyanko"), "chair", "who chairs the Black Sea Grain Council", True
    ),
    "energy_ceo": Person(
        ("Lukas Brandauer",), "chief executive", "the head of Carpathian Energy Union", False
    ),
    "aid_director": Person(("Nadia Okafor-Lind",), "director", "who runs the Dnipro Relief Network", True),
    "analyst": Person(
        ("Marek Halloran",), "analyst", "a senior fellow at the Institute for Frontier Studies", False
    ),
    "georgian_envoy": Person(("Nino Kapanadze-Roth",), "envoy", "Georgia's special envoy", True),
}

ORGANISATIONS: dict[str, Organisation] = {
    "grain": Organisation("Black Sea Grain Council", "the council"),
    "fund": Organisation("Eastern Reconstruction Fund", "the fund"),
    "energy": Organisation("Carpathian Energy Union", "the union"),
    "institute": Organisation("Institute for Frontier Studies", "the institute"),
    "relief": Organisation("Dnipro Relief Network", "the network"),
    "shipping": Organisation("Meridian Shipping Group", "the group"),
    "monitors": Organisation("Civic Ceasefire Monitoring Mission", "the mission"),
    "ports": Organisation("Union of Free Ports", "the union"),
}

#: Real places: (preferred spelling, older spelling used by some outlets).
PLACES: dict[str, tuple[str, str]] = {
    "kyiv": ("Kyiv", "Kiev"),
    "odesa": ("Odesa", "Odessa"),
    "kharkiv": ("Kharkiv", "Kharkov"),
    "chernihiv": ("Chernihiv", "Chernihiv"),
    "lviv": ("Lviv", "Lviv"),
    "mariupol": ("Mariupol", "Mariupol"),
    "kherson": ("Kherson", "Kherson"),
    "mykolaiv": ("Mykolaiv", "Nikolaev"),
    "zaporizhzhia": ("Zaporizhzhia", "Zaporozhye"),
    "dnipro": ("Dnipro", "Dnipro"),
    "sumy": ("Sumy", "Sumy"),
    "istanbul": ("Istanbul", "Istanbul"),
    "ankara": ("Ankara", "Ankara"),
    "moscow": ("Moscow", "Moscow"),
    "brussels": ("Brussels", "Brussels"),
    "warsaw": ("Warsaw", "Warsaw"),
    "berlin": ("Berlin", "Berlin"),
    "geneva": ("Geneva", "Geneva"),
    "tbilisi": ("Tbilisi", "Tbilisi"),
    "georgia": ("Georgia", "Georgia"),
    "donbas": ("Donbas", "Donbass"),
    "crimea": ("Crimea", "Crimea"),
    "poland": ("Poland", "Poland"),
    "turkey": ("Turkey", "Turkey"),
}

PHOTOGRAPHERS = (
    "Marta Kovalenko",
    "Ilya Brenner",
    "Sofiia Haidamaka",
    "Tobias Rennard",
    "Olena Pasichnyk",
    "Kemal Dursunoglu",
    "Agnieszka Lorentz",
)
PHOTO_AGENCIES = (
    "Northwind Photo",
    "Eastwire Images",
    "Harbour Pictures",
    "Steppe Lens",
    "Carpathian Press Photo",
)
WIRE_AGENCIES = ("Eastwire", "Baltic Wire Service", "Northwind Newsroom", "Meridian Wires")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

CAPTIONS = (
    "Anti-tank obstacles on a street in {L}.",
    "Volunteers unload boxes of medicine at a warehouse in {L}.",
    "A damaged apartment block on the outskirts of {L}.",
    "Grain is loaded onto a cargo ship in {L}.",
    "Delegations arrive for talks in {L}.",
    "People queue for the train to {L}.",
    "Repair crews work on a power line near {L}.",
)
