"""Generate a synthetic tui-reader feed: N Markdown articles with YAML front matter.

The files imitate ``/work/shared/seeds/000_*.txt`` (same keys, order and layout) and, by
default, 60 % of them carry a Markdown body. Every article is a pure function of
``(seed, index)``, so output is deterministic for a seed whatever the number of worker
processes, and ``related`` entries can copy the title/excerpt/URL of the article they point to.

Usage::

    python benchmarks/make_feed.py N DIR [--seed S] [--body-fraction F] [--workers W]

or, from Python, ``make_feed(n, directory, seed=0, body_fraction=0.6)``.
"""

from __future__ import annotations

import argparse
import base64
import bisect
import json
import os
import pathlib
import random
import re
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import NamedTuple

__all__ = ["make_feed"]

# At most this many files per subfolder: huge flat folders are slow to list on some filesystems
# and unrealistic for a feed archive.
FILES_PER_DIR = 1000
# Below this many files, spinning up worker processes costs more than it saves.
_PARALLEL_MIN = 4 * FILES_PER_DIR


def _w(text: str) -> tuple[str, ...]:
    """Split a ``|``-separated word list (keeps the lists below compact and greppable)."""
    return tuple(part.strip() for part in text.split("|") if part.strip())


# --- vocabulary -------------------------------------------------------------------------------
# Companies are made up so that the generated headlines never read as real news about real firms;
# cities and institutions are real, to give fuzzy search realistic proper nouns (some non-ASCII).

COMPANIES = _w(
    "Nortek|Vantara Systems|Helix Motors|Brightwave|Quantis|Orbitale|Cobalt Health|Meridian Bank|"
    "Pinecrest Energy|Solvane|Tessera Labs|Arcadia Foods|Kestrel Airlines|Lumen Pharma|"
    "Redwood Capital|Atlas Freight|Nimbus Cloud|Ferro Steel|Bluefin Media|Granite Insurance|"
    "Axion Robotics|Veridian Telecom|Sable Semiconductors|Harbor Logistics|Zephyr Wind|"
    "Crestline Retail|Oakmont Pharma|Polaris Games|Summit Mining|Aurora Biotech|Ironclad Security|"
    "Silverline Rail|Novacore|Drift Mobility|Pellucid AI|Mosaic Health|Evergreen Grocers|"
    "Tidewater Oil|Skyforge Aerospace|Copperleaf Bank|Halcyon Hotels|Vireo Networks|"
    "Monarch Motors|Quillon Software|Basalt Chemicals|Larkspur Apparel|Cinder Labs|"
    "Fathom Analytics|Greystone Partners|Juniper Logistics|Kinetic Batteries|Lattice Quantum|"
    "Nova Streaming|Obsidian Defense|Prism Payments|Riverbend Farms|Stratus Airways|Torrent Water|"
    "Umbra Gaming|Wavecrest Solar|Yarrow Health|Zenith Brands|Brightpath Learning|Castor Biologics"
)
AGENCIES = _w(
    "the FTC|the SEC|the EPA|the FAA|the FDA|the CDC|the Justice Department|the Labor Department|"
    "the Federal Reserve|the European Commission|the Bank of England|the ECB|the IMF|"
    "the World Health Organization|NASA|the Pentagon|the Supreme Court|the Census Bureau|"
    "state attorneys general|federal regulators|the Treasury|the UN Security Council|"
    "the Energy Department|the Transportation Department|Congress|the Senate|the House|"
    "the European Parliament|Ofcom|the Competition Bureau"
)
CITIES = _w(
    "New York|Chicago|Los Angeles|Houston|Phoenix|Philadelphia|San Antonio|San Diego|Dallas|"
    "Austin|Seattle|Denver|Boston|Detroit|Atlanta|Miami|Portland|Minneapolis|New Orleans|"
    "Baltimore|Toronto|Montréal|Vancouver|Mexico City|São Paulo|Bogotá|Buenos Aires|London|"
    "Paris|Berlin|Madrid|Lisbon|Rome|Zürich|Vienna|Warsaw|Kraków|Stockholm|Oslo|Dublin|"
    "Amsterdam|Brussels|Athens|Istanbul|Cairo|Lagos|Nairobi|Johannesburg|Mumbai|Delhi|"
    "Bengaluru|Singapore|Jakarta|Manila|Seoul|Tokyo|Osaka|Sydney|Melbourne|Auckland|Reykjavík"
)
FIRST_NAMES = _w(
    "Maria|James|Aisha|Daniel|Priya|Tomás|Mei|Oluwaseun|Sarah|Kenji|Fatima|Lucas|Elena|"
    "Marcus|Ingrid|Rahul|Chloé|David|Amara|Sofia|Jonah|Leila|Mateo|Hannah|Yusuf|Grace|Nikolai|"
    "Camila|Ethan|Zainab|Björn|Ana|Samuel|Noor|Felix|Rosa"
)
LAST_NAMES = _w(
    "Okafor|Chen|Alvarez|Nakamura|Patel|Müller|Johansson|Rossi|Kowalski|Haddad|Nguyen|O’Brien|"
    "Fernández|Ibrahim|Schmidt|Kim|Dubois|Mensah|Carter|Silva|Novak|Takahashi|Reyes|Larsen|"
    "Ortiz|Walsh|Sato|Adeyemi|Lindqvist|Moreau|Brennan|Castillo|Petrov|Hughes|Varga|Osei"
)
ROLES = _w(
    "Senator|Governor|Mayor|CEO|Economist|Prime Minister|Judge|Rep.|Commissioner|"
    "Finance Minister|Health Secretary|Attorney General|Police Chief|Union leader|Professor"
)
GROUPS = _w(
    "Teachers’ unions|Climate activists|Nurses|Farmers|Tenant groups|Small businesses|"
    "Gig workers|Parents|Scientists|Civil rights groups|Privacy advocates|Shareholders|Voters|"
    "Residents|Doctors|Truck drivers|Students|Retirees|Tech workers|Dockworkers|Airline pilots|"
    "Consumer groups|Public defenders|Transit riders|Fishermen|Librarians|Hospital workers|"
    "Indigenous leaders|Veterans|Delivery drivers"
)
# Singular present tense; plural forms are derived by _plural_verb() below.
VERBS = _w(
    "sues over|unveils|warns of|pushes for|rallies against|backs|blocks|approves|delays|scraps|"
    "probes|weighs|eyes|slams|defends|pauses|fast-tracks|revives|halts|expands|cuts|"
    "doubles down on|bets big on|faces backlash over|quietly drops|rethinks|signs off on|"
    "walks back|reverses course on|launches|targets|investigates|fights|embraces|questions|"
    "challenges|wins approval for|loses bid to stop|moves to block|calls for|demands answers on|"
    "settles dispute over|abandons|accelerates|files suit against|votes to end|braces for|"
    "is poised to back|has second thoughts on|stumbles over"
)
PAST_VERBS = _w(
    "announced|unveiled|approved|rejected|delayed|proposed|blocked|expanded|launched|scrapped|"
    "defended|criticized|backed|paused|revived|finalized|overhauled|challenged|endorsed|"
    "quietly shelved|fast-tracked|narrowed|doubled"
)
ADJECTIVES = _w(
    "new|controversial|sweeping|long-delayed|record|bipartisan|emergency|landmark|proposed|"
    "secret|expanded|AI-powered|rival|federal|local|overseas|multibillion-dollar|experimental|"
    "stalled|revised|first-ever|statewide|citywide|voluntary|mandatory|temporary|permanent|"
    "so-called|disputed|ambitious|scaled-back|costly|cheaper|faster|pilot|national|regional|"
    "cross-border|low-cost|high-speed"
)
NOUNS = _w(
    "data privacy rules|chip plant|rent cap|merger|facial recognition contracts|minimum wage hike|"
    "drug pricing deal|climate pledge|wind farm|subway expansion|tax credit|layoffs|strike|"
    "vaccine mandate|antitrust lawsuit|border policy|water rights deal|crypto exchange|"
    "election map|battery factory|heat warning system|school budget|police contract|"
    "satellite launch|housing plan|oil drilling permits|tariffs|carbon tax|ride-hailing rules|"
    "hospital merger|pension reform|ceasefire proposal|trade pact|content moderation policy|"
    "self-driving trials|gas stove ban|streaming deal|flood defenses|wildfire funding|union drive|"
    "four-day week|data center|chatbot|nuclear plant restart|bridge repairs|stadium deal|"
    "student loan relief|insulin price cap|lithium mine|airport expansion|bus fare cuts|soda tax|"
    "surveillance program|spyware contracts|bank bailout|interest rate cut|jobs report|"
    "inflation forecast|drought plan|e-bike subsidies|heat pump rebates|broadband rollout|"
    "zoning overhaul|congestion charge|plastic bag ban|solar tariffs|abortion pill rules|"
    "overdraft fees|junk fee crackdown|rail strike deal|port automation|desalination plant|"
    "teacher pay raise|child care subsidies|fusion reactor|quantum computer|smart meters|"
    "deepfake law|age verification rules|short-term rental limits|ghost gun ban|bail reform|"
    "opioid settlement|measles vaccine drive|hydrogen hub|offshore drilling lease|mining permit"
)
ISSUES = _w(
    "record heat|soaring rents|supply chain snarls|staff shortages|rising rates|voter backlash|"
    "privacy concerns|safety fears|a cyberattack|a budget shortfall|public outcry|labor unrest|"
    "falling sales|a market rout|wildfire smoke|a measles outbreak|court challenges|"
    "a housing crunch|political gridlock|drought|a chip shortage|sticky inflation|"
    "investor pressure|a hiring freeze|mounting debt|misinformation fears|a heat wave|flooding"
)
EVENTS = _w(
    "a court ruling|the midterms|a shareholder vote|a deadly storm|the G20 summit|"
    "the year-end deadline|an earnings miss|a whistleblower complaint|a leaked memo|"
    "months of talks|a data breach|a federal audit|the recall vote|a budget vote|trade talks|"
    "the climate summit|a Senate hearing|a CEO shake-up|a record quarter|its IPO|the election|"
    "a walkout|a strike vote|a bankruptcy filing|the Olympics|a tense town hall"
)
TRENDS = _w(
    "prices soar|costs climb|demand slumps|layoffs spread|markets wobble|rates stay high|"
    "tourists return|ridership rebounds|sales slump|wages rise|rents keep climbing|"
    "heat records fall|AI spending booms|EV sales stall|home prices cool"
)
EFFECTS = _w(
    "affect millions of renters|reshape the industry|raise prices for consumers|"
    "cost thousands of jobs|speed up approvals|face legal challenges|take years to implement|"
    "set a national precedent|cut emissions by a third|strain local budgets|"
    "leave small businesses behind|widen the gap between rich and poor|boost hiring|"
    "slow down the rollout|expose millions of users’ data|lower monthly bills|"
    "trigger a wave of copycat lawsuits|force rivals to follow suit|ease pressure on hospitals|"
    "delay the project until 2027"
)
WEEKDAYS = _w("Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday")
MONTHS = _w("January|February|March|April|May|June|July|August|September|October|November|December")
SUBHEADS = _w(
    "What happens next|Why it matters|The backstory|By the numbers|What critics say|"
    "A long fight|Who pays|The bigger picture|Inside the deal|What we still don’t know|"
    "Reaction|The numbers behind the decision|A familiar pattern|Looking ahead"
)
QUOTES = _w(
    "This is not the end of the fight|We were never consulted|The numbers simply do not add up|"
    "People are exhausted|We will see them in court|This changes everything for us|"
    "It is a good first step, but only a first step|Nobody should have to choose between rent "
    "and medicine|We have been warning about this for years|The public deserves answers|"
    "Frankly, it is long overdue|I have never seen anything like it"
)
TOPICS = _w(
    "AI|AWS AI|Climate|Privacy|Surveillance|Labor|Housing|Health Care|Public Health|Elections|"
    "Immigration|Energy|Renewable Energy|Oil & Gas|Cryptocurrency|Banking|Inflation|Trade|"
    "Antitrust|Big Tech|Cybersecurity|Semiconductors|Electric Vehicles|Transportation|Aviation|"
    "Space|Education|Courts|Policing|Civil Rights|Human Rights|Media|Streaming|Gaming|Sports|"
    "Agriculture|Food|Water|Wildfires|Extreme Weather|Oceans|Biodiversity|Pharma|Vaccines|"
    "Mental Health|Retail|Real Estate|Startups|Venture Capital|Markets|Unions|Minimum Wage|Taxes|"
    "Defense|Diplomacy|Europe|Asia|Latin America|Africa|Middle East|Cities|Infrastructure|"
    "Open Source|Social Media|Misinformation"
)
CATEGORIES = _w("news|news|news|news|business|technology|opinion|science|politics|culture")
# (cumulative weight, type): mostly articles, some videos and podcasts.
_TYPES: tuple[tuple[float, str], ...] = ((0.88, "article"), (0.96, "video"), (1.0, "podcast"))
_IMAGE_SIZES = ((1200, 630), (1600, 900), (800, 450), (1024, 768), (640, 360), (1920, 1080))

_PUB_PREFIXES = _w(
    "Pacific|Atlantic|Northern|Prairie|Capitol|Harbor|Summit|Lakeside|Metro|Valley|Coastal|"
    "Frontier|Liberty|Union|Granite|Evergreen|Sunbelt|Midland|Heartland|Bayside|Riverside|"
    "Cascade|Gulf|Highland|Keystone|Piedmont|Redwood|Sierra|Tidewater|Ozark|Delta|Bluegrass|"
    "Mesa|Hudson|Lone Star|Great Lakes|Twin Cities|Old Dominion|Empire|Golden Gate"
)
_PUB_SUFFIXES = _w(
    "Tribune|Herald|Chronicle|Gazette|Observer|Ledger|Post|Times|Daily|Dispatch|Courier|"
    "Sentinel|Journal|Review|Report|Wire|Standard|Monitor|Record|Bulletin|Examiner|Register|"
    "Press|Signal|Beacon|Current|Insider|Digest|Telegraph|Voice"
)
_TLDS = _w("com|com|com|com|com|org|net|news|co.uk|ca|com.au|ie|press")
N_PROVIDERS = 150
COMMON_DREAMS = ("Common Dreams", "commondreams.org")
COMMON_DREAMS_SHARE = 0.02

_SLUG_TABLE = str.maketrans(
    {
        "é": "e",
        "è": "e",
        "ü": "u",
        "ö": "o",
        "ã": "a",
        "á": "a",
        "ó": "o",
        "í": "i",
        "ñ": "n",
        "ç": "c",
        "å": "a",
        "ø": "o",
        "’": "",
        "'": "",
    }
)
_SLUG_RE = re.compile(r"[^0-9a-z]+")
_PLAIN_RE = re.compile(r"[A-Za-z][A-Za-z0-9 .’-]*")
_YAML_KEYWORDS = frozenset({"yes", "no", "true", "false", "on", "off", "null", "y", "n"})
_SMALL_WORDS = frozenset(
    _w("a|an|the|and|or|of|in|on|at|to|for|over|with|as|by|amid|after|from|vs|into|per|is")
)

# JSON strings are valid YAML double-quoted scalars; our vocabulary has no U+2028/U+2029/U+0085
# (which YAML would fold), so non-ASCII can stay unescaped like in the seed.
_quote = json.JSONEncoder(ensure_ascii=False).encode


def _yaml_scalar(text: str) -> str:
    """Plain scalar when unambiguous (to look like the seed), else a double-quoted one."""
    if _PLAIN_RE.fullmatch(text) and text.lower() not in _YAML_KEYWORDS:
        return text
    return _quote(text)


def _slug(text: str) -> str:
    return _SLUG_RE.sub("-", text.lower().translate(_SLUG_TABLE)).strip("-")


def _plural_verb(verb: str) -> str:
    """'sues over' -> 'sue over', 'quietly drops' -> 'quietly drop', 'is poised' -> 'are poised'."""
    words = verb.split()
    for k, word in enumerate(words):
        if word in ("is", "has"):
            words[k] = "are" if word == "is" else "have"
            break
        if word.endswith("s"):
            if word.endswith("ies"):
                words[k] = word[:-3] + "y"
            elif word.endswith(("shes", "ches", "sses", "xes")):
                words[k] = word[:-2]
            else:
                words[k] = word[:-1]
            break
    return " ".join(words)


VERBS_PLURAL = tuple(_plural_verb(v) for v in VERBS)


def _title_case(text: str) -> str:
    words = text.split(" ")
    out = []
    for k, word in enumerate(words):
        if k and word in _SMALL_WORDS:
            out.append(word)
        else:
            out.append(word[:1].upper() + word[1:])
    return " ".join(out)


def _build_providers() -> tuple[tuple[str, str], ...]:
    """~150 made-up publishers; a fixed RNG keeps the list the same for every seed."""
    r = random.Random(150150)
    seen_names: set[str] = set()
    seen_domains: set[str] = set()
    out: list[tuple[str, str]] = []
    while len(out) < N_PROVIDERS:
        name = f"{r.choice(_PUB_PREFIXES)} {r.choice(_PUB_SUFFIXES)}"
        if r.random() < 0.25:
            name = "The " + name
        domain = f"{_slug(name.removeprefix('The ')).replace('-', '')}.{r.choice(_TLDS)}"
        if name in seen_names or domain in seen_domains:
            continue
        seen_names.add(name)
        seen_domains.add(domain)
        out.append((name, domain))
    return tuple(out)


PROVIDERS = (*_build_providers(), COMMON_DREAMS)
_COMMON_DREAMS_INDEX = len(PROVIDERS) - 1
# Zipf-like popularity (s = 1): the top few publishers dominate the feed, as in real ones.
_PROVIDER_CUM: list[float] = []
_acc = 0.0
for _rank in range(N_PROVIDERS):
    _acc += 1.0 / (_rank + 1) ** 1.0
    _PROVIDER_CUM.append(_acc)
# Pre-rendered provider blocks: built once, so the per-article cost is a lookup.
_PROVIDER_YAML = tuple(
    f"  name: {_yaml_scalar(name)}\n  domain: {_yaml_scalar(domain)}\n"
    for name, domain in PROVIDERS
)
_RELATED_PROVIDER_YAML = tuple(
    f"      name: {_yaml_scalar(name)}\n      domain: {_yaml_scalar(domain)}\n"
    for name, domain in PROVIDERS
)
_TOPIC_YAML = tuple(f"  - {_yaml_scalar(t)}\n" for t in TOPICS)

_EPOCH_START = 1546300800  # 2019-01-01T00:00:00Z
_EPOCH_SPAN = 1798761600 - _EPOCH_START  # up to 2027-01-01T00:00:00Z (exclusive)


# --- per-article generation -------------------------------------------------------------------


class _Core(NamedTuple):
    """The part of an article that other articles' ``related`` entries copy."""

    title: str
    lede: str
    excerpt: str
    when: str  # ISO 8601 UTC, e.g. 2021-06-10T20:31:00Z
    url: str
    kind: str
    provider: int
    quality: int
    image_url: str
    image_w: int
    image_h: int
    cached: bool


def _rng(seed: int, index: int) -> random.Random:
    """Independent stream per article: zig-zag the seed so negative seeds never collide."""
    z = seed * 2 if seed >= 0 else -seed * 2 - 1
    return random.Random((z << 40) | index)


def _person(r: random.Random) -> str:
    return f"{r.choice(ROLES)} {r.choice(FIRST_NAMES)} {r.choice(LAST_NAMES)}"


def _subject(r: random.Random) -> tuple[str, bool]:
    """A headline subject and whether it takes a plural verb."""
    x = r.random()
    if x < 0.35:
        return r.choice(COMPANIES), False
    if x < 0.55:
        agency = r.choice(AGENCIES)
        return agency, agency.startswith(("state", "federal"))
    if x < 0.72:
        return r.choice(GROUPS), True
    if x < 0.86:
        return _person(r), False
    body = r.choice(("officials", "council", "police", "lawmakers"))
    return f"{r.choice(CITIES)} {body}", body != "council"


def _object(r: random.Random) -> str:
    x = r.random()
    noun = r.choice(NOUNS)
    if x < 0.45:
        return f"{r.choice(ADJECTIVES)} {noun}"
    if x < 0.65:
        return noun
    if x < 0.77:
        amount = f"{r.randint(2, 95) / 10:g}" if r.random() < 0.5 else str(r.randint(10, 900))
        return f"${amount} {r.choice(('billion', 'million'))} {noun}"
    if x < 0.9:
        return f"{r.choice(COMPANIES)}’s {noun}"
    return f"{noun} in {r.choice(CITIES)}"


def _context(r: random.Random) -> str:
    x = r.random()
    if x < 0.2:
        return f"in {r.choice(CITIES)}"
    if x < 0.4:
        return f"amid {r.choice(ISSUES)}"
    if x < 0.55:
        return f"after {r.choice(EVENTS)}"
    if x < 0.67:
        return f"ahead of {r.choice(EVENTS)}"
    if x < 0.8:
        return f"as {r.choice(TRENDS)}"
    if x < 0.9:
        return f"despite {r.choice(ISSUES)}"
    return f"for {r.randint(2019, 2027)}"


def _clause(r: random.Random) -> str:
    subj, plural = _subject(r)
    k = r.randrange(len(VERBS))
    return f"{subj} {VERBS_PLURAL[k] if plural else VERBS[k]} {_object(r)}"


def _headline(r: random.Random) -> str:
    """Subject + verb + object + context, in several shapes, kept to ~40-120 chars."""
    for _ in range(6):
        x = r.random()
        if x < 0.55:
            text = f"{_clause(r)} {_context(r)}"
        elif x < 0.65:
            text = _clause(r)
        elif x < 0.71:
            subj, plural = _subject(r)
            text = f"Why {subj} {'want' if plural else 'wants'} {_object(r)} {_context(r)}"
        elif x < 0.77:
            text = f"{_object(r)}: what to know {_context(r)}"
        elif x < 0.83:
            text = f"{_person(r)} says {_clause(r)}"
        elif x < 0.88:
            text = f"Inside {r.choice(COMPANIES)}’s push for {_object(r)}"
        elif x < 0.92:
            text = f"{r.choice(('Exclusive', 'Analysis', 'Live updates', 'Opinion'))}: {_clause(r)}"
        elif x < 0.96:
            k = r.randrange(len(VERBS))
            text = f"{r.choice(CITIES)} {VERBS[k]} {_object(r)} {_context(r)}"
        else:
            text = f"{r.randint(3, 9)} takeaways from {r.choice(EVENTS)} {_context(r)}"
        if 40 <= len(text) <= 120:
            break
    if len(text) > 120:
        text = text[:120].rsplit(" ", 1)[0]
    text = text[:1].upper() + text[1:]
    # Publishers differ in headline style; mixing both makes case-insensitive search matter.
    return _title_case(text) if r.random() < 0.45 else text


def _money(r: random.Random) -> str:
    return f"${r.randint(2, 950)} {r.choice(('million', 'billion'))}"


def _lede(r: random.Random) -> str:
    """Opening paragraph: one long news-style sentence plus a follow-up (body and excerpt)."""
    subj = _subject(r)[0]
    subj = subj[:1].upper() + subj[1:]
    thing = f"{r.choice(ADJECTIVES)} {r.choice(NOUNS)}"
    x = r.random()
    if x < 0.4:
        first = f"{subj} on {r.choice(WEEKDAYS)} {r.choice(PAST_VERBS)} the {thing} {_context(r)}"
    elif x < 0.6:
        first = (
            f"{r.choice(CITIES).upper()} — {subj} {r.choice(PAST_VERBS)} the {thing} late "
            f"{r.choice(WEEKDAYS)}"
        )
    elif x < 0.8:
        first = (
            f"For months, {r.choice(GROUPS).lower()} warned that the {thing} would "
            f"{r.choice(EFFECTS)}. Now {subj} has {r.choice(PAST_VERBS)} it"
        )
    else:
        first = (
            f"The {thing} that {subj} {r.choice(PAST_VERBS)} in {r.choice(MONTHS)} "
            "is already in trouble"
        )
    x = r.random()
    if x < 0.3:
        first += f", a move critics say could {r.choice(EFFECTS)}."
    elif x < 0.5:
        first += f", setting up a clash with {r.choice(GROUPS).lower()}."
    elif x < 0.7:
        first += ", according to people familiar with the matter."
    elif x < 0.85:
        first += f", drawing sharp criticism from {r.choice(GROUPS).lower()}."
    else:
        first += "."
    return f"{first} {_sentence(r)}"


def _sentence(r: random.Random) -> str:
    """One body sentence; templates are picked first so each draws only the words it needs."""
    x = r.randrange(18)
    if x >= 12:
        return _sentence2(r, x)
    if x == 0:
        return (
            f"{_person(r)}, who has followed the issue for years, said the {r.choice(NOUNS)} "
            f"would {r.choice(EFFECTS)}."
        )
    if x == 1:
        return f"The decision comes amid {r.choice(ISSUES)}, and as {r.choice(TRENDS)}."
    if x == 2:
        return (
            f"According to figures released on {r.choice(WEEKDAYS)}, spending rose "
            f"{r.randint(2, 48)} percent in {r.choice(MONTHS)}."
        )
    if x == 3:
        return f"“{r.choice(QUOTES)},” said {_person(r)}."
    if x == 4:
        return (
            f"Critics argue the {r.choice(NOUNS)} could {r.choice(EFFECTS)}, while supporters "
            f"say it will {r.choice(EFFECTS)}."
        )
    if x == 5:
        return f"{r.choice(COMPANIES)} did not respond to a request for comment."
    if x == 6:
        return (
            f"Officials in {r.choice(CITIES)} are expected to vote on the {r.choice(NOUNS)} "
            f"in {r.choice(MONTHS)}."
        )
    if x == 7:
        return (
            f"Analysts at {r.choice(COMPANIES)} estimate the plan could cost {_money(r)} "
            f"over {r.randint(2, 10)} years."
        )
    if x == 8:
        return (
            f"{r.choice(GROUPS)} in {r.choice(CITIES)} have spent months organizing against "
            f"the {r.choice(NOUNS)}, citing {r.choice(ISSUES)}."
        )
    if x == 9:
        agency = r.choice(AGENCIES)
        return f"{agency[:1].upper()}{agency[1:]} declined to say when a ruling would come."
    if x == 10:
        return (
            f"The {r.choice(ADJECTIVES)} {r.choice(NOUNS)} follows a similar effort in "
            f"{r.choice(CITIES)} that was abandoned after {r.choice(EVENTS)}."
        )
    return (
        f"At least {r.randint(3, 400):,} people have signed a petition calling for the "
        f"{r.choice(NOUNS)} to be put on hold."
    )


def _sentence2(r: random.Random, x: int) -> str:
    """More sentence shapes (split from _sentence only to keep each function readable)."""
    if x == 12:
        return (
            f"In {r.choice(CITIES)}, where {r.choice(TRENDS)}, the {r.choice(NOUNS)} has become "
            f"a flashpoint ahead of {r.choice(EVENTS)}."
        )
    if x == 13:
        return (
            f"{r.choice(COMPANIES)} shares fell {r.randint(2, 19)}.{r.randint(0, 9)} percent "
            f"in early trading, while {r.choice(COMPANIES)} gained ground."
        )
    if x == 14:
        return (
            f"A spokesperson for {r.choice(AGENCIES)} said the review was “ongoing” and "
            f"that no decision had been made on the {r.choice(NOUNS)}."
        )
    if x == 15:
        return (
            f"The proposal would take effect in {r.choice(MONTHS)} {r.randint(2020, 2027)}, "
            f"{r.randint(2, 18)} months later than originally planned."
        )
    if x == 16:
        return (
            f"Some {r.choice(GROUPS).lower()} say the {r.choice(ADJECTIVES)} {r.choice(NOUNS)} "
            f"does not go far enough; others fear it could {r.choice(EFFECTS)}."
        )
    return (
        f"Earlier this year, {_person(r)} put it bluntly to reporters in {r.choice(CITIES)}: "
        f"“{r.choice(QUOTES)}.”"
    )


def _excerpt(r: random.Random, lede: str) -> str:
    text = lede
    while len(text) < 150:
        text += " " + _sentence(r)
    if len(text) > 300 or r.random() < 0.3:
        # Like the seed, feeds often cut the summary mid-sentence at a word boundary.
        text = text[: r.randint(150, 300)].rsplit(" ", 1)[0].rstrip(",;:")
    return text


def _core(seed: int, index: int) -> tuple[_Core, random.Random]:
    """The shared part of article ``index``; the returned RNG continues its private stream."""
    r = _rng(seed, index)
    if r.random() < COMMON_DREAMS_SHARE:
        provider = _COMMON_DREAMS_INDEX
    else:
        provider = bisect.bisect_left(_PROVIDER_CUM, r.random() * _PROVIDER_CUM[-1])
    domain = PROVIDERS[provider][1]
    title = _headline(r)
    lede = _lede(r)
    excerpt = _excerpt(r, lede)
    ts = _EPOCH_START + int(r.random() * _EPOCH_SPAN)
    if r.random() < 0.7:
        ts -= ts % 60  # most feeds publish with minute precision, like the seed
    tm = time.gmtime(ts)
    y, m, d = tm.tm_year, tm.tm_mon, tm.tm_mday
    when = f"{y:04d}-{m:02d}-{d:02d}T{tm.tm_hour:02d}:{tm.tm_min:02d}:{tm.tm_sec:02d}Z"
    # The trailing index makes every URL unique even when two headlines collide.
    url = f"https://www.{domain}/{y:04d}/{m:02d}/{d:02d}/{_slug(title)[:90].rstrip('-')}-{index}"
    x = r.random()
    kind = next(t for cum, t in _TYPES if x < cum)
    w, h = r.choice(_IMAGE_SIZES)
    image_url = f"https://www.{domain}/images/{y:04d}-{m:02d}/{r.getrandbits(48):012x}.jpg"
    quality = min(100, int(r.triangular(0, 100, 35)))
    core = _Core(
        title, lede, excerpt, when, url, kind, provider, quality, image_url, w, h, r.random() < 0.85
    )
    return core, r


def _related_internal(c: _Core) -> str:
    return (
        f"  - title: {_quote(c.title)}\n"
        f"    excerpt: {_quote(c.excerpt)}\n"
        f"    publishedDateTime: {c.when}\n"
        f"    webUrl: {_quote(c.url)}\n"
        f"    type: {c.kind}\n"
        f"    provider:\n{_RELATED_PROVIDER_YAML[c.provider]}"
        f"    quality: {c.quality}\n"
        f"    images:\n"
        f"      - url: {_quote(c.image_url)}\n"
        f"        width: 537\n"
        f"        height: 304\n"
        f"        isCached: {'true' if c.cached else 'false'}\n"
    )


def _related_external(r: random.Random, when: str) -> str:
    """A press-release style link: '/newswire/' paths never collide with generated articles."""
    provider = bisect.bisect_left(_PROVIDER_CUM, r.random() * _PROVIDER_CUM[-1])
    domain = PROVIDERS[provider][1]
    title = _headline(r)
    date = when[:10].replace("-", "/")
    slug = _slug(title)[:80].rstrip("-")
    return (
        f"  - title: {_quote(title)}\n"
        f"    excerpt: {_quote(_excerpt(r, _sentence(r)))}\n"
        f"    publishedDateTime: {when}\n"
        f"    webUrl: {_quote(f'https://www.{domain}/newswire/{date}/{slug}')}\n"
        f"    type: article\n"
        f"    provider:\n{_RELATED_PROVIDER_YAML[provider]}"
        f"    quality: {r.randint(0, 100)}\n"
        f"    images:\n"
        f"      - url: {_quote(f'https://www.{domain}/images/{r.getrandbits(48):012x}.jpg')}\n"
        f"        width: 537\n"
        f"        height: 304\n"
        f"        isCached: true\n"
    )


def _related_target(r: random.Random, index: int, n: int) -> int:
    """Another article of the feed: often a neighbour (a 'story'), else anywhere."""
    if r.random() < 0.6:
        j = index + r.randint(-50, 50)
        if 0 <= j < n and j != index:
            return j
    j = r.randrange(n - 1)
    return j + 1 if j >= index else j


def _body(r: random.Random, core: _Core, links: Sequence[tuple[str, str]]) -> str:
    paragraphs = [core.lede]
    size = len(core.lede)
    for k in range(r.randint(2, 7)):
        if size > 2300:
            break  # keep bodies within ~3,000 chars
        x = r.random()
        if k and x < 0.15:
            paragraphs.append(f"## {r.choice(SUBHEADS)}")
        elif x < 0.22:
            paragraphs.append(f"> {r.choice(QUOTES)}.")
        elif x < 0.27:
            paragraphs.append("\n".join(f"- {_sentence(r)}" for _ in range(3)))
        para = " ".join(_sentence(r) for _ in range(r.randint(2, 5)))
        if links and r.random() < 0.25:
            title, url = r.choice(links)
            para += f" Read more: [{title}]({url})."
        paragraphs.append(para)
        size += len(para)
    return "\n\n".join(paragraphs)


def _article(seed: int, index: int, n: int, body_fraction: float) -> tuple[str, str]:
    """Return (file name, file text) for article ``index`` of an ``n``-article feed."""
    core, r = _core(seed, index)
    name = f"{index:06d}_{r.getrandbits(64):016x}.md"
    x = r.random()
    published = "published: true\n" if x < 0.3 else "published: false\n" if x < 0.85 else ""
    topics = "".join(_TOPIC_YAML[t] for t in r.sample(range(len(TOPICS)), r.randint(1, 4)))
    links: list[tuple[str, str]] = []
    related_parts: list[str] = []
    for _ in range(r.choice((0, 0, 1, 1, 1, 2, 2, 3))):
        if n > 1 and r.random() < 0.85:
            target, _unused = _core(seed, _related_target(r, index, n))
            related_parts.append(_related_internal(target))
            links.append((target.title, target.url))
        else:
            related_parts.append(_related_external(r, core.when))
    related = "related:\n" + "".join(related_parts) if related_parts else "related: []\n"
    secured = (
        base64.b64encode(r.randbytes(280)).decode()
        + ";"
        + base64.b64encode(r.randbytes(16)).decode()
    )
    url = _quote(core.url)
    text = (
        "---\n"
        f"category: {r.choice(CATEGORIES)}\n"
        f"title: {_quote(core.title)}\n"
        f"excerpt: {_quote(core.excerpt)}\n"
        f"publishedDateTime: {core.when}\n"
        f"originalUrl: {url}\n"
        f"webUrl: {url}\n"
        f"type: {core.kind}\n"
        f"quality: {core.quality}\n"
        f"heat: {min(100, int(r.expovariate(1 / 25)))}\n"
        f"{published}"
        "\n"
        f"provider:\n{_PROVIDER_YAML[core.provider]}"
        "\n"
        f"topics:\n{topics}"
        "\n"
        "images:\n"
        f"  - url: {_quote(core.image_url)}\n"
        f"    width: {core.image_w}\n"
        f"    height: {core.image_h}\n"
        f"    isCached: {'true' if core.cached else 'false'}\n"
        "\n"
        f"{related}"
        "\n"
        f'secured: "{secured}"\n'
        "---\n"
    )
    if r.random() < body_fraction:
        text += "\n" + _body(r, core, links) + "\n"
    else:
        text += "\n"  # front matter only, like the seed
    return name, text


# --- writing ----------------------------------------------------------------------------------

_OPEN_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)


def _write_chunk(args: tuple[int, int, str, int, float]) -> int:
    """Write one subfolder (files [start, start+FILES_PER_DIR)); return the bytes written.

    Module-level with a plain-tuple argument so it pickles for worker processes.
    """
    chunk, n, directory, seed, body_fraction = args
    folder = os.path.join(directory, f"{chunk:04d}")
    os.makedirs(folder, exist_ok=True)
    total = 0
    start = chunk * FILES_PER_DIR
    for index in range(start, min(n, start + FILES_PER_DIR)):
        name, text = _article(seed, index, n, body_fraction)
        data = text.encode("utf-8")
        # Raw os.open/os.write skips the io stack: file creation dominates the run time.
        fd = os.open(os.path.join(folder, name), _OPEN_FLAGS, 0o644)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
        total += len(data)
    return total


def _default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _generate(
    n: int, directory: pathlib.Path, seed: int, body_fraction: float, workers: int | None
) -> int:
    """Write the feed and return the number of bytes written."""
    if n < 0:
        raise ValueError("n must be >= 0")
    if not 0.0 <= body_fraction <= 1.0:
        raise ValueError("body_fraction must be within [0, 1]")
    directory.mkdir(parents=True, exist_ok=True)
    jobs = [
        (chunk, n, str(directory), seed, body_fraction)
        for chunk in range((n + FILES_PER_DIR - 1) // FILES_PER_DIR)
    ]
    workers = min(workers or _default_workers(), len(jobs))
    if workers <= 1 or n < _PARALLEL_MIN:
        return sum(_write_chunk(job) for job in jobs)
    # Articles depend only on (seed, index), so splitting by folder keeps output deterministic.
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(_write_chunk, jobs))


def make_feed(
    n: int,
    directory: pathlib.Path,
    seed: int = 0,
    body_fraction: float = 0.6,
    *,
    workers: int | None = None,
) -> None:
    """Write ``n`` synthetic articles under ``directory`` (in subfolders of <= 1,000 files).

    ``workers`` defaults to the CPUs available; the output does not depend on it.
    """
    _generate(n, pathlib.Path(directory), seed, body_fraction, workers)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("n", type=int, help="number of article files to write")
    parser.add_argument("directory", type=pathlib.Path, help="output folder (created if missing)")
    parser.add_argument("--seed", type=int, default=0, help="RNG seed (default 0)")
    parser.add_argument(
        "--body-fraction",
        type=float,
        default=0.6,
        help="share of files with a Markdown body after the front matter (default 0.6)",
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="worker processes (default: all CPUs)"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        size = _generate(args.n, args.directory, args.seed, args.body_fraction, args.workers)
    except ValueError as exc:
        parser.error(str(exc))
    elapsed = time.perf_counter() - started
    print(
        f"make_feed: {args.n} files, {size:,} bytes ({size / 1e6:.1f} MB) "
        f"in {elapsed:.2f} s -> {args.directory}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
