"""The eight relations, read from resolved mentions sentence by sentence.

Each rule is named (the `extractor` of its Evidence) and carries a confidence:
rules on explicit syntax ("<City> (<Country>)", "do X chủ trì") score higher
than co-occurrence rules (a person named in a sentence about an event).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.dates import DateMention
from graph.extract.lexicon import lexicon, longest_key, tokens_key
from graph.extract.mentions import Mention
from graph.extract.roles import Holding
from graph.extract.sentences import Sentence
from graph.model import EntityType, Evidence, Fact, Relation
from graph.text import match_key

SPEECH = re.compile(
    r"\b(phát biểu|cho biết|nhấn mạnh|khẳng định|nhận định|chia sẻ|đề nghị|hoan nghênh|"
    r"đánh giá|nói|bày tỏ|đề xuất|thông tin|trao đổi|Theo)\b"
)
TAKING_PART = re.compile(r"\b(?:có|với) sự tham gia(?: biểu diễn)? của\s+")
ACT_AT_EVENT = re.compile(
    r"\b(?:trình bày (?:tham luận|báo cáo)|chủ trì (?:tiểu ban|phiên)|"
    r"[Pp]hát biểu (?:khai mạc|bế mạc|chào mừng|nhận nhiệm vụ|chỉ đạo|tổng kết|bế mạc)|"
    r"(?:có|với) sự tham gia(?: biểu diễn)? của)\b")
PARTICIPATION_OPENERS = re.compile(
    r"^(Về phía|Tham gia|Tham dự|Dự|Có mặt|Cùng dự|Cùng tham dự|Tới dự|Đến dự|Cùng đi|Đi cùng"
    r"|Tháp tùng|Tiếp đoàn|Đón đoàn"
    r"|Đón tiếp đoàn|Cùng tiếp|Tiếp và làm việc với đoàn)")
# "Tại phiên thảo luận, bà X …", "Tại buổi lễ, …": the persons of the sentence are at the
# event told before
AT_THE_EVENT = re.compile(
    r"^(?:Tại|Trong)\s+(?:buổi lễ|lễ|phiên(?:\s+[a-zà-ỹđ]+){1,2}|hội thảo|hội nghị|đại hội|"
    r"buổi làm việc|buổi tiếp|buổi gặp|diễn đàn|tọa đàm|toạ đàm)\s*,")
ORGANISE_VERBS = {match_key(v) for v in ("tổ chức", "đăng cai", "chủ trì", "triển khai",
                                          "khai mạc", "khánh thành", "khai trương", "khởi công",
                                          "động thổ")}
PARTICIPANT_BEFORE = {match_key(v) for v in ("đoàn", "đoàn công tác", "đại diện", "phái đoàn")}
ADVERBS = {match_key(v) for v in ("sẽ", "đã", "đang", "vừa", "tiếp tục", "chính thức", "cũng",
                                   "cùng", "mới", "còn", "đồng thời",
                                   # manner words read one by one ("long trọng", "trọng thể")
                                   "long", "trọng", "thể", "đồng", "loạt")}
LEAD_WORDS = frozenset({match_key("chủ"), match_key("trì"), ","})
MEETING_WITH = [match_key(v) for v in ("làm việc với", "hội đàm với")]
SEAT_CUES = {match_key(v) for v in ("tại trụ sở", "ở trụ sở")}
PARTNER_CUES = {match_key(v) for v in ("phối hợp cùng", "phối hợp với", "cùng với")}
PARTICIPANT_AFTER = {match_key(v) for v in ("tham dự", "tham gia", "dự", "có mặt")}
MEMBER_CUES = [
    "được công nhận là thành viên", "được công nhận là thành viên chính thức",
    "trở thành thành viên", "chính thức trở thành thành viên", "là thành viên",
    "là một trong những thành viên", "gia nhập", "là thành viên chính thức",
]
PROSPECTIVE = re.compile(
    r"\b(hồ sơ|mong|mong muốn|đề xuất|quyết tâm|sẽ|chuẩn bị|hướng tới|nộp|ứng cử|để|mời|"
    r"kêu gọi|xem xét|dự kiến|đề nghị)\b", re.IGNORECASE)
UNTIL_END = re.compile(r"(?:đến|tới)\s+hết\s+(?:ngày\s+)?$")
RANGE_END = re.compile(r"(?:\bđến|\btới|[-–])\s*(?:hết\s+)?(?:ngày\s+)?$")
DATE_NOT_EVENT = re.compile(r"(ban hành|công bố|thành lập|ký|phê duyệt)\s*$")


@dataclass
class SentenceView:
    sent: Sentence
    persons: list[Mention] = field(default_factory=list)
    orgs: list[Mention] = field(default_factory=list)  # top-level (not nested)
    all_orgs: list[Mention] = field(default_factory=list)
    places: list[Mention] = field(default_factory=list)
    events: list[Mention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    holdings: list[Holding] = field(default_factory=list)
    role_tokens: set[int] = field(default_factory=set)  # tokens of post titles


class FactSink:
    def __init__(self, doc_id: str) -> None:
        self.doc_id = doc_id
        self.facts: dict[tuple, Fact] = {}

    def add(self, rel: Relation, args: dict, sent: Sentence, rule: str, confidence: float,
            **extra) -> Fact | None:
        if any(v is None for k, v in args.items() if k not in ("org",)):
            return None
        if rel is Relation.PART_OF and args["org"] == args["parent"]:
            return None
        if rel is Relation.LOCATED_IN and args["subject"] == args["place"]:
            return None
        key = (rel, tuple(sorted(args.items(), key=lambda kv: kv[0])))
        evidence = Evidence(self.doc_id, sent.text, sent.start, sent.end, rule, confidence)
        fact = self.facts.get(key)
        if fact is None:
            fact = Fact(rel, dict(args), [evidence])
            self.facts[key] = fact
        else:
            fact.evidence.append(evidence)
        for name, value in extra.items():
            if value is None or value == []:
                continue
            if name == "role_aliases":
                for alias in value:
                    if alias not in fact.role_aliases:
                        fact.role_aliases.append(alias)
            elif getattr(fact, name) is None:
                setattr(fact, name, value)
        return fact


def _tok_key(sent: Sentence, i: int, n: int) -> str:
    return tokens_key(sent.tokens[max(0, i) : i + n])


def _before(sent: Sentence, i: int, n: int) -> str:
    return tokens_key(sent.tokens[max(0, i - n) : i])


def holds_role(views: list[SentenceView], sink: FactSink, entity_of_org) -> None:
    for n, view in enumerate(views):
        for h in view.holdings:
            if h.person.entity is None:
                continue
            org = None
            role = h.role
            if role.place is not None and role.place.entity:
                org = role.place.entity
                if role.there is not None:
                    # "Đại sứ Việt Nam tại Ba Lan" where the page names "Đại sứ quán Việt
                    # Nam tại Ba Lan": the post is in that mission
                    org = _mission(views, role) or org
            elif role.org is not None and role.org.entity:
                org = role.org.entity
            elif role.default_org:
                org = entity_of_org(role.default_org, view.sent)
            elif role.entry.place == "City":
                org = _foreign_city(views, n)
            elif role.entry.head:
                org = _first_with_head(views, n, role.entry.head, role.i)
            aliases = [role.written] if match_key(role.written) != match_key(role.title) else []
            if role.org is not None and role.org.rule == "orgs.from_title_field":
                aliases.append(f"{role.written} {role.org.surface}")
            sink.add(Relation.HOLDS_ROLE, {"person": h.person.entity, "role": role.title,
                                           "org": org}, view.sent, h.rule, h.confidence,
                     role_aliases=aliases)


MISSIONS = ("Đại sứ quán", "Tổng Lãnh sự quán", "Lãnh sự quán")


def _mission(views: list[SentenceView], role) -> str | None:
    wanted = {match_key(f"{m} {role.place.surface} tại {role.there.surface}") for m in MISSIONS}
    wanted |= {match_key(f"{m} {role.place.name} tại {role.there.name}") for m in MISSIONS}
    return next((o.entity for v in views for o in v.all_orgs
                 if o.entity and match_key(o.attrs.get("full", o.name)) in wanted), None)


def _foreign_city(views: list[SentenceView], n: int) -> str | None:
    """The city of a mayor written without one ("Phó Thị trưởng Choi Young-jin"): a city
    outside Việt Nam (Vietnamese cities have no mayors) in the sentence, else the latest
    one before it."""
    here = [p for p in views[n].places if p.type is EntityType.CITY and p.entity
            and p.attrs["place"].country not in ("VN", "")]
    if here:
        return here[0].entity
    for view in reversed(views[max(0, n - 6) : n]):
        before = [p for p in view.places if p.type is EntityType.CITY and p.entity
                  and p.attrs["place"].country not in ("VN", "")]
        if before:
            return before[-1].entity
    return None


def _first_with_head(views: list[SentenceView], n: int, head: str, i: int) -> str | None:
    """"Hiệu trưởng Nguyễn Thị X" with no body written: the body with the title's head
    ("Trường …") that the article names first."""
    key = match_key(head)
    for m in range(n + 1):
        # the article's own body is the first one named (the lead introduces it; a guest
        # "Trường Y" comes later), not the latest
        for o in views[m].all_orgs:
            if o.entity and not o.attrs.get("head_only") and (m < n or o.j <= i) \
                    and match_key(o.attrs.get("head") or "") == key:
                return o.entity
    return None


def participation(views: list[SentenceView], sink: FactSink) -> None:
    current = None
    current_main = None  # the latest event that is not a signing told on the side
    first_event = None
    single_event = len({e.entity for v in views for e in v.events if e.entity}) == 1
    for view in views:
        sent = view.sent
        events = [e for e in view.events if e.entity]
        if events:
            current = events[0].entity
            first_event = first_event or current
            main = [e for e in events if e.rule != "events.signing"]
            if main:
                current_main = main[0].entity
        opener = PARTICIPATION_OPENERS.match(sent.text)
        at_event = not events and AT_THE_EVENT.match(sent.text)
        target = events[0].entity if events else (current if opener or at_event else None)
        if target and events and _future(sent, events[0]):
            target = None  # "Lễ hội X sẽ được tổ chức …": nobody has taken part yet
        if target:
            rule = "rules.participation.same_sentence" if events else (
                "rules.participation.opener" if opener else "rules.participation.at_event")
            for p in view.persons:
                if p.entity:
                    sink.add(Relation.PARTICIPATED_IN, {"agent": p.entity, "event": target},
                             sent, rule, 0.75)
        elif current_main and ACT_AT_EVENT.search(sent.text):
            # "GS. X trình bày tham luận …", "bà Y chủ trì tiểu ban …", "Phát biểu nhận nhiệm
            # vụ, ông Z …", "… có sự tham gia của NSND W": acts done at the event told before
            taking_part = TAKING_PART.search(sent.text)
            for m in view.persons + (view.orgs if taking_part else []):
                if m.entity and (m.type is EntityType.PERSON
                                 or m.start >= sent.start + taking_part.end()):
                    sink.add(Relation.PARTICIPATED_IN, {"agent": m.entity, "event": current_main},
                             sent, "rules.participation.act", 0.6)
        elif first_event and single_event and SPEECH.search(sent.text):
            for p in view.persons:
                if p.entity:
                    sink.add(Relation.PARTICIPATED_IN, {"agent": p.entity, "event": current},
                             sent, "rules.participation.speaker", 0.55)
        if not events:
            if opener and target:
                # "Cùng tiếp có … đại diện Văn phòng X, Sở Y": bodies that are not the body
                # of someone's post take part too
                posts = {id(h.role.org) for h in view.holdings if h.role.org is not None}
                # "Vụ trưởng Vụ X (Bộ Y)", "Phó Trưởng ban Tuyên giáo Thành ủy Z": the body
                # right after a post's body only qualifies it
                post_ends = {x for h in view.holdings if h.role.org is not None
                             for x in (h.role.org.j, h.role.org.j + 1)}
                for org in view.orgs:
                    if org.entity and id(org) not in posts and org.i > 2 \
                            and org.i not in post_ends:
                        sink.add(Relation.PARTICIPATED_IN, {"agent": org.entity, "event": target},
                                 sent, "rules.participation.opener_org", 0.6)
            continue
        joined_end = -1  # token after the last body taken as a participant
        for org in view.orgs:
            if not org.entity:
                continue
            before3 = _before(sent, org.i, 3)
            before2, before1 = _before(sent, org.i, 2), _before(sent, org.i, 1)
            after1, after2 = _tok_key(sent, org.j, 1), _tok_key(sent, org.j, 2)
            in_title = org.i - 1 in view.role_tokens  # "Trưởng đại diện Văn phòng …" is a post
            if before1 == match_key("của"):
                # "đoàn công tác của Bộ X"
                before3, before2 = _before(sent, org.i - 1, 3), _before(sent, org.i - 1, 2)
                before1 = _before(sent, org.i - 1, 1)
            ok = (not in_title and (before3 in PARTICIPANT_BEFORE or before2 in PARTICIPANT_BEFORE
                                    or before1 in PARTICIPANT_BEFORE)) \
                or after1 in PARTICIPANT_AFTER or after2 in PARTICIPANT_AFTER
            # "đại diện X, Y và Z": the bodies listed after a participant take part too
            ok = ok or (org.i == joined_end + 1
                        and sent.tokens[joined_end].text in (",", "và"))
            if before1 == match_key("với"):
                window = tokens_key(sent.tokens[max(0, org.i - 6) : org.i])
                ok = ok or any(cue in window for cue in MEETING_WITH) \
                    or any(e.j <= org.i and e.attrs.get("kind") == "session" for e in events)
            if ok:
                event = _nearest_event(events, org)
                sessions = [e for e in events if e.attrs.get("kind") == "session" and e.i < org.i]
                if before1 == match_key("với") and sessions:
                    # "buổi làm việc với X về … chuẩn bị tổ chức Lễ hội Y": X meets in the session
                    event = sessions[-1].entity
                sink.add(Relation.PARTICIPATED_IN, {"agent": org.entity, "event": event},
                         sent, "rules.participation.org", 0.7)
                joined_end = _after_brackets(sent.tokens, org.j)


THE_EVENT = re.compile(r"^(Sự kiện|Chương trình|Hoạt động) (này |năm nay )?(do|được)\b")
FUTURE = {match_key("sẽ"), match_key("dự kiến"), match_key("chuẩn bị")}
FUTURE_BEFORE = {match_key("chuẩn bị tổ chức"), match_key("sẽ tổ chức")}


def _future(sent: Sentence, event: Mention) -> bool:
    """The event is announced, not reported: "<E> sẽ (được) tổ chức", "chuẩn bị tổ chức <E>"."""
    after = _tok_key(sent, event.j, 1)
    after2 = _tok_key(sent, event.j, 2)
    # "X sẽ phối hợp với Y tổ chức <E>": "sẽ" in the clause just before the event
    lead = [t for t in sent.tokens[max(0, event.i - 7) : event.i]]
    cut = max((x for x, t in enumerate(lead) if t.kind == "punct"), default=-1)
    return after in FUTURE or after2 in FUTURE or _before(sent, event.i, 3) in FUTURE_BEFORE \
        or _before(sent, event.i, 2) == match_key("chuẩn bị") \
        or any(t.key == match_key("sẽ") for t in lead[cut + 1 :])


def signers(views: list[SentenceView], sink: FactSink) -> None:
    """"A và B đã ký kết …": the bodies that sign take part in the signing."""
    for view in views:
        for e in view.events:
            if _future(view.sent, e):
                continue  # "A và B sẽ ký kết …": announced, nobody has signed yet
            for o in e.attrs.get("signers", ()):
                if e.entity and o.entity:
                    sink.add(Relation.PARTICIPATED_IN, {"agent": o.entity, "event": e.entity},
                             view.sent, "rules.participation.signer", 0.8)


def _nearest_event(events: list[Mention], m: Mention) -> str:
    """The event a participant's clause is about: the next one, else the nearest before."""
    after = [e for e in events if e.i >= m.j]
    if after:
        return after[0].entity
    return min(events, key=lambda e: abs(e.i - m.i)).entity


def organisers(views: list[SentenceView], sink: FactSink) -> None:
    current = None
    for view in views:
        sent = view.sent
        toks = sent.tokens
        events = [e for e in view.events if e.entity]
        if not events and current is not None and THE_EVENT.match(sent.text):
            # "Sự kiện do Bộ X chủ trì, phối hợp với Y tổ chức": the event told before
            events = [current]
        elif events:
            current = events[0]
        for e in events:
            org = e.attrs.get("organiser")
            if org is not None and org.entity:
                sink.add(Relation.ORGANISED_BY, {"event": e.entity, "org": org.entity}, sent,
                         "rules.organised_by.of", 0.8)
        if not events:
            continue
        orgs = [o for o in view.orgs if o.entity]
        for k in range(len(toks)):
            key2, key1 = _tok_key(sent, k, 2), _tok_key(sent, k, 1)
            verb = key2 if key2 in ORGANISE_VERBS else (key1 if key1 in ORGANISE_VERBS else None)
            if verb is None:
                continue
            vend = k + len(verb.split())
            # "do X chủ trì", "do X tổ chức", "do X phối hợp với Y tổ chức"
            by = [o for o in orgs if o.j <= k and _before(sent, o.i, 1) == "do"
                  and (k - _after_brackets(toks, o.j) <= 2
                       or _partner_gap(sent, orgs, _after_brackets(toks, o.j), k))]
            if by:
                partners = [o for o in orgs if (o.i > vend or by[0].j <= o.i < k)
                            and _partnered(sent, o)]
                # "<Event> do X … tổ chức": the event the clause hangs on, when it is there
                named = [e for e in events if e.j <= by[0].i - 1 and by[0].i - 1 - e.j <= 1]
                for e in named or events:
                    for o in by + partners:
                        sink.add(Relation.ORGANISED_BY, {"event": e.entity, "org": o.entity},
                                 sent, "rules.organised_by.do", 0.8)
                continue
            # "X (sẽ phối hợp cùng Y) tổ chức <Event>"
            after = [e for e in events if e.i >= vend and e.i - vend <= 8]
            continued = _before(sent, k, 2) == match_key("tiếp tục")
            if not after and not continued:
                continue
            chosen = _subjects(sent, orgs, k)
            targets = events if continued else after[:1]
            for e in targets:
                for o in chosen:
                    sink.add(Relation.ORGANISED_BY, {"event": e.entity, "org": o.entity}, sent,
                             "rules.organised_by.subject", 0.75)


def _after_brackets(toks, j: int) -> int:
    """Index after "(…)" right at j ("do Viện X (Trường Y) chủ trì"), else j."""
    if j < len(toks) and toks[j].text == "(":
        close = next((x for x in range(j + 1, min(len(toks), j + 16)) if toks[x].text == ")"),
                     None)
        if close is not None:
            return close + 1
    return j


def _partner_gap(sent: Sentence, orgs: list[Mention], a: int, b: int) -> bool:
    """Tokens a..b are "(đã) phối hợp với Y (và Z)": partners between a subject and its verb."""
    inner = [o for o in orgs if a <= o.i and o.j <= b]
    if not inner or not _partnered(sent, inner[0]):
        return False
    covered = {x for o in inner for x in range(o.i, o.j)}
    cue = {match_key(w) for c in PARTNER_CUES for w in c.split()}
    return all(x in covered or sent.tokens[x].text in ",()" or match_key(sent.tokens[x].text)
               in cue | ADVERBS | {match_key("và")} for x in range(a, b))


def _partnered(sent: Sentence, org: Mention) -> bool:
    return _before(sent, org.i, 3) in PARTNER_CUES or _before(sent, org.i, 2) in PARTNER_CUES


def _subjects(sent: Sentence, orgs: list[Mention], k: int) -> list[Mention]:
    """The organisation(s) right before a verb at token k: "X (sẽ) (phối hợp cùng Y) <verb>"."""
    toks = sent.tokens

    def just_before(position: int, lead: frozenset[str] = frozenset()) -> Mention | None:
        # "Cục X (Bộ Y) tổ chức", "Cục Z (C03) chủ trì": the subject is before the parenthesis
        while position > 1 and toks[position - 1].text == ")":
            opening = next((x for x in range(position - 2, max(-1, position - 24), -1)
                            if toks[x].text == "("), None)
            if opening is None:
                break
            position = opening
        for o in sorted((o for o in orgs if o.j <= position), key=lambda o: -o.j):
            start = _after_brackets(toks, o.j) if lead else o.j
            gap = [t.text for t in toks[start:position]]
            if all(match_key(w) in ADVERBS or match_key(w) in lead for w in gap):
                return o
            return None
        return None

    def unit_of(o: Mention | None) -> Mention | None:
        # "Viện X thuộc Viện Hàn lâm Y phối hợp với Z tổ chức": the unit is the subject
        if o is None:
            return None
        n = 2 if _before(sent, o.i, 2) == match_key("trực thuộc") else (
            1 if _before(sent, o.i, 1) == match_key("thuộc") else 0)
        return (just_before(o.i - n) or o) if n else o

    first = unit_of(just_before(k))
    if first is None:
        return []
    listed = [first]
    while _before(sent, first.i, 1) in (match_key("và"), ",") and not _partnered(sent, first):
        # "X phối hợp với Y và Z tổ chức": back over the list of partners
        prev = unit_of(just_before(first.i - 1))
        if prev is None:
            break
        first = prev
        listed.append(first)
    if len(listed) > 1 and not _partnered(sent, first):
        return [listed[0]]
    if _partnered(sent, first):
        cue_len = 3 if _before(sent, first.i, 3) in PARTNER_CUES else 2
        # "X (chủ trì,) phối hợp với Y tổ chức"
        subject = unit_of(just_before(first.i - cue_len, LEAD_WORDS))
        return ([subject] if subject else []) + listed[::-1]
    return [first]


def _inside_event(m: Mention, events: list[Mention]) -> bool:
    return any(e.i <= m.i and m.j <= e.j for e in events)


def places_and_dates(views: list[SentenceView], sink: FactSink, entities) -> None:
    for n, view in enumerate(views):
        sent = view.sent
        events = [e for e in view.events if e.entity]
        if not events:
            continue
        _bare_city_venue(views, n, events, sink)
        for p in view.places:
            if not p.entity or p.attrs.get("in_role"):
                continue  # "Đại sứ Brazil tại Việt Nam": a post, not where the event is
            if any(o.i <= p.i and p.j <= o.j for o in view.all_orgs if o.attrs.get("flags")
                   and "tai" in o.attrs["flags"]):
                continue
            k = p.i
            if p.attrs.get("cue") == "City":
                k -= p.attrs["cue_len"]
            lead = _before(sent, k, 1)
            if lead in AT and (_before(sent, k - 1, 2) == SEAT
                               or _before(sent, k - 1, 3) == SEAT_MAIN):
                continue  # "công ty có trụ sở tại TP X": where a body sits, not the event
            rule = "rules.held_in.tai"
            if lead not in AT:
                seat = [o for o in view.orgs if o.j == p.i and _before(sent, o.i, 3) in SEAT_CUES]
                venue = _venue_start(sent, k)
                if seat:
                    rule = "rules.held_in.seat"
                    k = seat[0].i - 3
                elif venue is not None:
                    rule = "rules.held_in.venue"  # "tại Quảng trường 10/3, TP X"
                    k = venue
                elif _before(sent, k, 3) == AREA and any(
                        e.attrs.get("kind") == "visit" and e.i < k and p.j <= e.j
                        for e in events):
                    # "kiểm tra … tại một số bệnh viện trên địa bàn TP X": the verb phrase of
                    # a visit / inspection runs over the city it covers
                    rule = "rules.held_in.area"
                else:
                    continue
            # a visit's verb phrase may run over its place ("thăm và làm việc tại TP X")
            before = [e for e in events if e.j <= k or (
                e.attrs.get("kind") == "visit" and e.i < k and p.j <= e.j)]
            after = [e for e in events if e.i >= p.j]
            event = before[-1] if before else (after[0] if after else None)
            if event is None:
                continue
            sink.add(Relation.HELD_IN, {"event": event.entity, "place": p.entity}, sent,
                     rule, 0.8 if rule != "rules.held_in.venue" else 0.75)
            # "Lễ khai mạc Lễ hội X": the opening and the festival it opens share the place
            for other in events:
                if other is not event and other.entity != event.entity and (
                        other.inside(event) or event.inside(other)):
                    sink.add(Relation.HELD_IN, {"event": other.entity, "place": p.entity}, sent,
                             rule + "_nested", 0.7)
        for e in events:
            # "(buổi) làm việc với UBND TP X / Chính quyền thành phố Y": a working session
            # with a city's own body, and no place stated, is held in that city
            if e.attrs.get("kind") != "session" or any(
                    p.entity and not p.attrs.get("in_role") for p in view.places
                    if _before(sent, p.i - p.attrs.get("cue_len", 0), 1) in AT):
                continue
            host = next((o for o in view.orgs if o.i >= e.i and o.entity
                         and _before(sent, o.i, 3) == WORK_WITH), None)
            city = next((p for p in view.places if host is not None and p.entity
                         and p.type is EntityType.CITY and p.j == host.j), None)
            if city is not None:
                sink.add(Relation.HELD_IN, {"event": e.entity, "place": city.entity}, sent,
                         "rules.held_in.host_city", 0.6)
        for d in view.dates:
            if d.precision != "day":
                continue
            head = sent.text[: d.start - sent.start]
            if DATE_NOT_EVENT.search(head.rstrip()):
                continue
            if RANGE_END.search(head) and (any(o.start < d.start for o in view.dates)
                                           or UNTIL_END.search(head)):
                continue  # "từ ngày 25/4 đến 28/4", "diễn ra đến hết ngày 15/3": not the start
            at_start = len(head.strip()) <= 12
            lead = INNER_FRAME.match(sent.text)
            framed = lead and sent.text.find(",") < d.start - sent.start <= lead.end() and [
                e for e in events if e.start > d.end]
            if framed and events[0].start < d.start:
                # "Trong khuôn khổ lễ hội, sáng 13/3, A và B ký kết …": the date is the
                # inner event's, not the frame's
                event = framed[0]
            elif at_start:
                event = events[0]
            else:
                event = min(events, key=lambda e, d=d: _gap(e, d))
                if _gap(event, d) > 90:
                    continue
            sink.add(Relation.EVENT_DATE, {"event": event.entity, "date": d.value}, sent,
                     "rules.event_date.sentence_start" if at_start else "rules.event_date.near",
                     0.8 if at_start else 0.7)


AT = frozenset({match_key("tại"), match_key("ở")})
AREA = match_key("trên địa bàn")
PROVINCE_WORD = match_key("tỉnh")
BARE_CITY_WORDS = ((match_key("thành"), match_key("phố")), (match_key("tp"),))


def _bare_city_venue(views: list[SentenceView], n: int, events: list[Mention],
                     sink: FactSink) -> None:
    """"tại Trung tâm Hành chính thành phố, …": a venue of "the city" (no name after it) is in
    the city the article is about, the latest Vietnamese city named before."""
    sent = views[n].sent
    toks = sent.tokens
    at = next((x for x, t in enumerate(toks) if t.lower and t.key in AT), None)
    if at is None or not longest_key(toks, at + 1, lexicon().venues, 3):
        return
    end = next((x for x in range(at + 1, min(len(toks), at + 12)) if toks[x].kind == "punct"),
               None)
    if end is None:
        return
    tail = tuple(t.key for t in toks[max(at + 1, end - 2) : end])
    if not any(tail[-len(w):] == w for w in BARE_CITY_WORDS):
        # "tại Quảng trường X, UBND TP Y (phối hợp với Z) tổ chức <E>": a venue that names
        # no place, then the city's own body as the subject: the event is in that city
        view = views[n]
        if toks[end].text != "," or any(at < p.i < end for p in view.places) or any(
                t.key == PROVINCE_WORD for t in toks[at:end]):
            return
        body = next((o for o in view.orgs if o.i == end + 1), None)
        city = next((p for p in view.places if body is not None and p.entity
                     and p.type is EntityType.CITY and body.i <= p.i and p.j <= body.j
                     and p.attrs["place"].country == "VN"), None)
        event = next((e for e in events if e.i > end), None)
        verb = event is not None and body is not None and any(
            _tok_key(sent, x, 2) in ORGANISE_VERBS or _tok_key(sent, x, 1) in ORGANISE_VERBS
            for x in range(body.j, event.i))
        if city is not None and verb:
            sink.add(Relation.HELD_IN, {"event": event.entity, "place": city.entity}, sent,
                     "rules.held_in.host_venue", 0.55)
        return
    city = None
    for view in reversed(views[: n + 1]):
        found = [p for p in view.places if p.entity and p.type is EntityType.CITY
                 and p.attrs["place"].country == "VN"
                 and (view is not views[n] or p.start < toks[end].start)]
        if found:
            city = found[-1]
            break
    if city is None:
        # the city named right after the venue ("…, UBND TP Đà Nẵng, …")
        city = next((p for p in views[n].places if p.entity and p.type is EntityType.CITY
                     and p.attrs["place"].country == "VN"), None)
    event = next((e for e in events if e.i >= end), events[0])
    if city is not None:
        sink.add(Relation.HELD_IN, {"event": event.entity, "place": city.entity}, sent,
                 "rules.held_in.city_venue", 0.6)
SEAT = match_key("trụ sở")
WORK_WITH = match_key("làm việc với")
SEAT_MAIN = match_key("trụ sở chính")


def _venue_start(sent: Sentence, k: int) -> int | None:
    """Index of "tại" when tokens before k are "tại <Venue …>(,)": "tại Trung tâm Văn hoá
    Kinh Bắc, TP Bắc Ninh", "tại Quảng trường 10/3, TP Buôn Ma Thuột"."""
    toks = sent.tokens
    venues = lexicon().venues
    m = k - 1 if k > 0 and toks[k - 1].text in ",(" else k
    for x in range(m - 1, max(-1, m - 12), -1):
        tok = toks[x]
        if tok.kind == "punct":
            return None
        if tok.lower and tok.key in AT:
            if x + 1 < m and longest_key(toks, x + 1, venues, 3):
                return x
            return None
    return None


# "Trong khuôn khổ X, sáng 13/3, …": a date right after the frame's clause
INNER_FRAME = re.compile(r"^(?:Trong khuôn khổ|Bên lề|Nhân dịp|Cũng trong)[^,.;]*,\s*"
                         r"(?:(?:sáng|chiều|tối|trưa|đêm)\s+)?(?:ngày\s+)?", re.IGNORECASE)
SAME_DAY = re.compile(r"^(?:(?:Sáng|Chiều|Tối|Trưa|Đêm)\s+)?cùng ngày\b", re.IGNORECASE)
FRAME = re.compile(r"^(Trong khuôn khổ|Bên lề|Ngay sau|Sau|Nhân dịp|Cũng trong)\b")
THIS_OCCASION = re.compile(r"^(Nhân dịp|Cũng trong dịp|Trong dịp|Bên lề sự kiện)\s+(này|đó)\b")


def sub_events(views: list[SentenceView], sink: FactSink) -> None:
    """"Trong khuôn khổ hội thảo, A và B đã ký kết …", "Ngay sau buổi tiếp, …": an event
    told inside (or right after) another takes its date and place when it has none."""
    dates, places = {}, {}
    for fact in sink.facts.values():
        if fact.rel is Relation.EVENT_DATE:
            dates.setdefault(fact.args["event"], fact.args["date"])
        elif fact.rel is Relation.HELD_IN:
            places.setdefault(fact.args["event"], fact.args["place"])
    current = None  # the latest event told before the sentence
    for view in views:
        sent = view.sent
        events = [e for e in view.events if e.entity]
        before, current = current, (events[-1].entity if events else current)
        if SAME_DAY.match(sent.text) and before is not None and before in dates:
            # "Chiều cùng ngày, đoàn đã kiểm tra …": the date of the event told before
            for e in events:
                if e.entity != before and e.entity not in dates:
                    sink.add(Relation.EVENT_DATE, {"event": e.entity, "date": dates[before]},
                             sent, "rules.event_date.same_day", 0.6)
                    dates[e.entity] = dates[before]
            continue
        if not FRAME.match(sent.text):
            continue
        if THIS_OCCASION.match(sent.text) and before is not None:
            # "Nhân dịp này, A và B đã ký kết …": the occasion is the event told before
            frame, inner = before, events
        elif len(events) >= 2 and events[0].i <= 6:
            frame, inner = events[0].entity, events[1:]
        else:
            continue
        for e in inner:
            if e.entity == frame:
                continue
            if e.entity not in dates and frame in dates:
                sink.add(Relation.EVENT_DATE, {"event": e.entity, "date": dates[frame]}, sent,
                         "rules.event_date.frame", 0.6)
            if e.entity not in places and frame in places:
                sink.add(Relation.HELD_IN, {"event": e.entity, "place": places[frame]}, sent,
                         "rules.held_in.frame", 0.6)


def _gap(e: Mention, d: DateMention) -> int:
    return min(abs(e.end - d.start), abs(d.end - e.start))


def locations(views: list[SentenceView], sink: FactSink) -> None:
    for view in views:
        sent = view.sent
        countries = [p for p in view.places if p.type is EntityType.COUNTRY and p.entity]
        for city in view.places:
            if city.type is not EntityType.CITY or not city.entity:
                continue
            paren = city.attrs.get("paren_country")
            if paren is not None:
                match = [c for c in countries if c.attrs["place"].code == paren.code]
                if match:
                    sink.add(Relation.LOCATED_IN, {"subject": city.entity,
                                                   "place": match[0].entity},
                             sent, "rules.located_in.parenthesis", 0.9)
                    continue
            capital = match_key(city.attrs.get("cue_text") or "") == match_key("thủ đô")
            for c in countries:
                # a country named only inside a body's name ("Hội Nhà báo Việt Nam") or
                # as the post of an ambassador says nothing of the city, unless the
                # city is introduced as a capital ("thủ đô Bình Nhưỡng")
                if not capital and (c.attrs.get("in_role") or any(
                        c.inside(o) for o in view.all_orgs)):
                    continue
                if c.attrs["place"].code == city.attrs["place"].country:
                    sink.add(Relation.LOCATED_IN, {"subject": city.entity, "place": c.entity},
                             sent, "rules.located_in.same_sentence", 0.6)
        toks = sent.tokens
        for p in view.places:
            # "công ty có trụ sở (chính) tại TP X": the seat of the body named before
            if not p.entity or p.type is not EntityType.CITY:
                continue
            k = next((x for x in (p.i - p.attrs.get("cue_len", 0), p.i)
                      if _before(sent, x, 1) in AT and (
                          _before(sent, x - 1, 2) == SEAT or _before(sent, x - 1, 3) == SEAT_MAIN)),
                     None)
            if k is None:
                continue
            subject = [o for o in view.orgs if o.entity and o.j <= k and not o.inside(p)]
            if subject:
                sink.add(Relation.LOCATED_IN, {"subject": subject[-1].entity, "place": p.entity},
                         sent, "rules.located_in.seat_at", 0.7)
        for org in view.orgs:
            # "Đại học Tohoku (Nhật Bản)": the country in brackets after a body is its seat
            end = org.attrs.get("paren_end", org.j)
            if not org.entity or end + 2 >= len(toks) or toks[end].text != "(":
                continue
            inside = [p for p in view.places if p.i == end + 1 and p.entity
                      and p.type is EntityType.COUNTRY]
            if inside and inside[0].j < len(toks) and toks[inside[0].j].text == ")":
                # "Chính quyền thành phố Incheon (Hàn Quốc)": the country of the city that
                # ends the name
                city = next((p for p in view.places if p.entity and p.j == org.j
                             and p.type is EntityType.CITY), None)
                subject = city.entity if city is not None else org.entity
                sink.add(Relation.LOCATED_IN, {"subject": subject, "place": inside[0].entity},
                         sent, "rules.located_in.org_parenthesis", 0.8)
        for org in view.all_orgs:
            if not org.entity:
                continue
            if _before(sent, org.i, 2) == match_key("trụ sở"):
                # "tại trụ sở UBND tỉnh (TP Vinh)": the city may stand in brackets
                at = org.j + 1 if org.j < len(toks) and toks[org.j].text == "(" else org.j
                follow = [p for p in view.places if p.entity and (
                    p.i == at or p.i - p.attrs.get("cue_len", 0) == at)]
                if follow:
                    sink.add(Relation.LOCATED_IN, {"subject": org.entity,
                                                   "place": follow[0].entity},
                             sent, "rules.located_in.seat", 0.8)
            if "tai" in org.attrs.get("flags", ()):
                inner = [p for p in view.places if p.inside(org) and p.entity
                         and _before(sent, p.i, 1) == match_key("tại")]
                if inner:
                    sink.add(Relation.LOCATED_IN, {"subject": org.entity,
                                                   "place": inner[-1].entity},
                             sent, "rules.located_in.office", 0.85)


def parts(views: list[SentenceView], sink: FactSink) -> None:
    for view in views:
        sent = view.sent
        toks = sent.tokens
        org_at = {o.i: o for o in view.orgs if o.entity}
        for org in view.orgs:
            if not org.entity:
                continue
            k = org.attrs.get("paren_end", org.j)
            explicit = False  # "X (trực) thuộc Y" says part_of whatever the heads' ranks
            if org.attrs.get("paren_end") and k < len(toks) and toks[k].text == ",":
                k += 1
            elif k < len(toks) and toks[k].text in (",", "-", "–"):
                k += 1
            elif _tok_key(sent, k, 2) == match_key("trực thuộc"):
                k += 2
                explicit = True
            elif _tok_key(sent, k, 1) == match_key("thuộc"):
                k += 1
                explicit = True
            else:
                k = -1
            paren = False
            if k == -1 and org.j + 1 < len(toks) and toks[org.j].text == "(":
                # "Cục X (Bộ Y)", "Viện X (Trường Y)"
                inner = org_at.get(org.j + 1)
                if inner is not None and inner.j < len(toks) and toks[inner.j].text == ")":
                    k = org.j + 1
                    paren = True
            parent = org_at.get(k)
            if parent is None or (not explicit and not paren and _before(sent, org.i, 1) in AT):
                continue  # "tại Trung tâm Hành chính thành phố, UBND TP X …": a venue, then
                # the subject
            # ranks: 1 top body, 2 unit (Cục, Sở, Trường), 3 sub-unit (Khoa, Phòng); a unit
            # written next to a higher body is part of it, in brackets one of equal rank too
            rank, parent_rank = org.attrs.get("rank", 1), parent.attrs.get("rank", 1)
            if explicit or rank > parent_rank or (paren and rank >= parent_rank >= 2):
                sink.add(Relation.PART_OF, {"org": org.entity, "parent": parent.entity}, sent,
                         "rules.part_of.apposition", 0.8)
        for org in view.all_orgs:
            if "tai" in org.attrs.get("flags", ()) and org.entity:
                inner = [o for o in view.all_orgs if o is not org and o.inside(org) and o.entity
                         and o.entity != org.entity]
                if inner:
                    sink.add(Relation.PART_OF, {"org": org.entity, "parent": inner[0].entity},
                             sent, "rules.part_of.office", 0.75)


_MEMBER_RE = re.compile(
    r"(?:đã\s+)?(?:chính thức\s+)?(?:được công nhận là|trở thành|là)\s+(?:một trong những\s+)?"
    r"(?:một\s+)?(?:(?:hội|tổ chức|đơn vị|thành phố|công ty)\s+)?"
    r"(?:thành viên|hội viên(?:\s+tập thể)?)(?:\s+chính thức)?"
    r"(?:(?:\s+[a-zà-ỹđ]+){0,3}?\s+của)?\s+"
    r"|(?:chính thức\s+|đã\s+)?gia nhập\s+",
)
_GRANT = re.compile(r"\b(?:công nhận|kết nạp|chấp thuận|phê chuẩn)\s+")
_MEMBER_YEAR = re.compile(r"\((?:từ\s+)?năm\s+(\d{4})\)")
_FIELDS = re.compile(r"(?:tại|trong|ở)\s+(?:hai|ba|các|\d+)?\s*lĩnh vực\s+([^.;()]+)")
_SINCE_AFTER = re.compile(r"\b(?:từ|vào|kể từ)\s+năm\s+(\d{4})\b")
_SINCE = re.compile(r"(?:^|\b[Nn]ăm\s+|từ năm\s+|\(năm\s+)(\d{4})\b")


LIST_AFTER = re.compile(r"^\s*(?:\([^()]{1,20}\)\s*)?,?\s*(?:trong đó|gồm|bao gồm)\b",
                        re.IGNORECASE)
# "… và sẵn sàng hỗ trợ X gia nhập": the clause of the verb says it has not happened
_NOT_YET = re.compile(r"\b(sẵn sàng|hỗ trợ|giúp|giúp đỡ|tạo điều kiện|khuyến khích|vận động)\b",
                      re.IGNORECASE)
THIS = match_key("này")
BARE_CITY = {match_key("thành phố"), match_key("tp")}
_JOINED = re.compile(r"(\bđã\b|chính thức|\bmới\b|\d+\s+năm|[Nn]ăm\s+\d{4}|\d{1,2}/\d{1,2}/\d{4})")


def memberships(views: list[SentenceView], sink: FactSink) -> None:
    lex = lexicon()
    seen_orgs: list[Mention] = []  # organisations of the sentences before, in text order
    for view in views:
        _memberships(view, sink, lex, seen_orgs)
        _member_lists(view, sink, lex, seen_orgs)
        _members_such_as(view, sink, lex, seen_orgs)
        _member_apposition(view, sink)
        seen_orgs += [o for o in view.all_orgs if o.entity]


def _earlier_body(head: str, mentions: list[Mention], exclude: set[str],
                  first: bool = False) -> Mention | None:
    """The latest organisation whose name starts with a head noun ("mạng lưới này"); with
    `first`, the first one named (a bare "Liên hiệp" as a subject is the article's own
    body, which the lead introduces)."""
    found = [o for o in mentions if o.entity not in exclude and (
        match_key(o.attrs.get("full") or o.name).startswith(head + " ")
        or match_key(o.attrs.get("full") or o.name) == head)]
    if not found:
        return None
    return found[0] if first else found[-1]


def _memberships(view: SentenceView, sink: FactSink, lex, seen_orgs: list[Mention]) -> None:
    sent = view.sent
    text = sent.text
    toks = sent.tokens
    for match in _MEMBER_RE.finditer(text):
        cue_start = sent.start + match.start()
        cue_end = sent.start + match.end()
        orgs = [o for o in view.orgs if o.entity and o.start >= cue_end - 1
                and o.start - cue_end <= 3]
        target = orgs[0] if orgs else None
        if target is None:
            # "… đã là thành viên của mạng lưới này": the network named before
            at = next((x for x, t in enumerate(toks) if t.start >= cue_end), None)
            n = longest_key(toks, at, lex.org_heads, 3) if at is not None else 0
            if n and (at + n >= len(toks) or toks[at + n].key == THIS
                      or toks[at + n].kind == "punct" and toks[at + n].text in ".;"):
                # ("… là thành viên của mạng lưới.": a bare head ends the clause)
                head = tokens_key(toks[at : at + n])
                earlier = seen_orgs + [o for o in view.all_orgs if o.entity and o.end <= cue_start]
                target = _earlier_body(head, earlier, set())
        if target is None:
            continue
        clause_start = max(text.rfind(";", 0, match.start()), text.rfind(":", 0, match.start()))
        subject_text = text[clause_start + 1 : match.start()]
        is_join = "gia nhập" in match.group()
        # the clause of the verb: after the last "và" / comma of the subject text
        local = re.split(r",|\bvà\b", subject_text)[-1]
        if PROSPECTIVE.search(subject_text) or _NOT_YET.search(local) or (
                is_join and not _JOINED.search(subject_text if local.strip() == subject_text.strip()
                                               else local)):
            continue
        lo = sent.start + clause_start + 1
        granted = list(_GRANT.finditer(subject_text))
        if granted:
            # "Viện X đã công nhận A cùng 63 thành phố trở thành thành viên của Y": the member
            # is the object of the grant, not its subject
            lo = sent.start + clause_start + 1 + granted[-1].end()
        members = [m for m in view.places + view.orgs
                   if m.entity and lo <= m.start and m.end <= cue_start
                   and m.entity != target.entity
                   and not any(m is not o and m.inside(o) for o in view.orgs)
                   and not _post_body(view, m)]
        copula = re.search(r"\blà\b", text[lo - sent.start : match.start()])
        if copula:
            # "Kraków là Thành phố Văn học UNESCO … và là thành viên của Y": the subject
            # comes before the first "là"
            before = [m for m in members if m.end <= lo + copula.start()]
            members = before or members
        rest = text[target.end - sent.start :]
        listed = LIST_AFTER.match(rest)
        if listed:
            # "64 thành phố mới gia nhập GNLC, trong đó Việt Nam có hai thành phố là A và B"
            stop = re.search(r"[.;]", rest)
            hi = target.end + (stop.start() if stop else len(rest))
            members = [m for m in view.places if m.entity and m.type is EntityType.CITY
                       and target.end < m.start and m.end <= hi]
        cue_tok = next((x for x, t in enumerate(toks) if t.start >= cue_start), None)
        if not listed and cue_tok is not None and cue_tok > 0 and (
                toks[cue_tok - 1].key in BARE_CITY
                or _before(sent, cue_tok, 2) in BARE_CITY):
            # "công nhận thành phố là thành viên …": the city of the context, not its body
            city = next((m for m in reversed(view.places) if m.entity and m.end <= cue_start
                         and m.type is EntityType.CITY), None)
            if city is None:
                city = next((p for o in reversed(view.orgs) if o.end <= cue_start
                             for p in reversed(view.places) if p.inside(o) and p.entity
                             and p.type is EntityType.CITY), None)
            members = [city] if city is not None else []
        firm = "company" in (target.attrs.get("flags") or ())
        if firm and not listed and re.search(r"\b(?:công ty|doanh nghiệp)\s+(?:\S+\s+)?$",
                                             subject_text):
            # "ông X, Tổng Giám đốc Y cho biết công ty là thành viên của Tập đoàn Z": the
            # firm named before is a subsidiary of the group (part_of, not member_of)
            sub = next((o for o in reversed(view.orgs) if o.entity and o.end <= cue_start
                        and "company" in (o.attrs.get("flags") or ())
                        and o.entity != target.entity), None)
            if sub is not None:
                sink.add(Relation.PART_OF, {"org": sub.entity, "parent": target.entity}, sent,
                         "rules.part_of.subsidiary", 0.75)
            continue
        if not members and not listed:
            # "Hiện Hội có … và là thành viên của X": a bare head is the body named before
            first = next((x for x, t in enumerate(toks) if t.start >= lo and t.cap
                          and t.key in lex.org_heads), None)
            n_head = 1
            if first is None or toks[first].start >= cue_start:
                # "Liên hiệp hiện có …; đồng thời là thành viên của Y": the sentence's subject
                heads = lex.org_heads
                first = next((x for x, t in enumerate(toks[:3]) if t.cap
                              and longest_key(toks, x, heads, 4)), None)
                n_head = longest_key(toks, first, heads, 4) if first is not None else 1
            if first is not None and toks[first].start < cue_start and (
                    first + n_head >= len(toks) or not toks[first + n_head].cap):
                head = tokens_key(toks[first : first + n_head])
                body = _earlier_body(head, seen_orgs, {target.entity}, first=True)
                members = [body] if body is not None else []
        if not members:
            continue
        if any(m.type is EntityType.ORGANISATION for m in members):
            members = [m for m in members if m.type is EntityType.ORGANISATION][:1]
        elif any(m.type is EntityType.CITY for m in members):
            # "Việt Nam có các thành phố A, B và C là thành viên …": the cities, not the
            # country that has them
            members = [m for m in members if m.type is EntityType.CITY]
        since_text = re.split(r",|\bvà\b", subject_text)[-1] if copula else subject_text
        since_match = _SINCE.search(since_text.strip()) or _SINCE_AFTER.search(
            text, match.end())
        since = int(since_match.group(1)) if since_match else None
        right_after = re.match(r"\s*(?:\([^()]{1,20}\)\s*)?năm\s+(\d{4})\b",
                               text[target.end - sent.start :])
        if since is None and right_after:
            since = int(right_after.group(1))  # "… trở thành thành viên mới của Y năm 2024"
        if since is None:
            # "Ngày 12/9/2023, UNESCO công bố … gia nhập": the date of the clause
            dated = [d for d in view.dates if d.start < cue_start and d.start >= lo
                     and d.has_year and not d.year_from_publication]
            dated = dated or [d for d in view.dates if d.start < cue_start and d.start >= lo
                              and d.has_year and d.start - sent.start <= 12]
            if dated and (is_join or listed):
                since = int(dated[-1].value[:4])
        fields: list[str | None] = [None] * len(members)
        fm = _FIELDS.search(text, match.end())
        if fm and re.search(r"đồng thời|\blà\b", text[match.end() : fm.start()]):
            fm = None  # "…, đồng thời là Thành phố sáng tạo trong lĩnh vực Z": another clause
        if fm:
            # "… Âm nhạc và Thủ công, theo đúng lộ trình": the list ends at a
            # comma before a lower-case word
            items = re.split(r",\s+(?=[a-zà-ỹđ])", fm.group(1).strip())[0]
            fields = _split_fields(items, len(members))
        for m, fld in zip(members, fields, strict=False):
            # "A (năm 2021), B và C (năm 2022) là thành viên …": the year in brackets after
            # a member (or after the group it ends) is its own
            own = _MEMBER_YEAR.search(text, m.end - sent.start, match.start())
            sink.add(Relation.MEMBER_OF, {"member": m.entity, "org": target.entity}, sent,
                     "rules.member_of.cue", 0.8,
                     since=int(own.group(1)) if own and len(members) > 1 else since, field=fld)


_MEMBER_APPOSITION = re.compile(
    r"^\s*,\s*(?:là\s+)?(?:một\s+)?(?:hội|tổ chức|đơn vị|thành phố)\s+(?:thành viên|hội viên)"
    r"(?:\s+chính thức)?\s+(?:của|trong)\s+$")


def _member_apposition(view: SentenceView, sink: FactSink) -> None:
    """"A, hội thành viên của B, …": a body followed by an apposition that names it a
    member of another body."""
    sent = view.sent
    orgs = [o for o in view.orgs if o.entity]
    for a, b in zip(orgs, orgs[1:], strict=False):
        gap = sent.text[a.end - sent.start : b.start - sent.start]
        if a.entity != b.entity and _MEMBER_APPOSITION.match(gap):
            sink.add(Relation.MEMBER_OF, {"member": a.entity, "org": b.entity}, sent,
                     "rules.member_of.apposition", 0.75)


_MEMBER_LIST = re.compile(
    r"\b(?:có|gồm)\s+(?:\d+|[a-zà-ỹđ]+)\s+(?:[a-zà-ỹđ]+\s+){0,2}thành viên\s*,?\s*"
    r"(?:trong đó(?:\s+có)?|gồm|bao gồm|là)\s+")


_MEMBERS_SUCH_AS = re.compile(
    r"\b(?:các|những)\s+(?:thành phố\s+)?thành viên(?:\s+khác)?\s+(?:của|trong)\s+")
_SUCH_AS = re.compile(r"\s*(?:như|gồm|là)\s+")


def _members_such_as(view: SentenceView, sink: FactSink, lex, seen_orgs: list[Mention]) -> None:
    """"… với các thành viên khác của mạng lưới như A, B, C": the places (or bodies)
    listed after "như" are members of the body named after "của" (a lower-case head
    refers to the latest body with that head)."""
    sent, toks = view.sent, view.sent.tokens
    for match in _MEMBERS_SUCH_AS.finditer(sent.text):
        cue_end = sent.start + match.end()
        target = next((o for o in view.orgs if o.entity and 0 <= o.start - cue_end <= 1), None)
        if target is not None:
            end = target.end
        else:
            at = next((x for x, t in enumerate(toks) if t.start >= cue_end), None)
            n = longest_key(toks, at, lex.org_heads, 3) if at is not None else 0
            if not n:
                continue
            head = tokens_key(toks[at : at + n])
            earlier = seen_orgs + [o for o in view.all_orgs if o.entity and o.end <= cue_end]
            target = _earlier_body(head, earlier, set())
            end = toks[at + n - 1].end
            if target is None:
                continue
        such = _SUCH_AS.match(sent.text, end - sent.start)
        if not such:
            continue
        lo = sent.start + such.end()
        # the list: names separated by commas and "và", up to the first other word
        stop = next((t for t in toks if t.start >= lo and (
            t.text in ".;:" or (t.is_word and t.lower and t.key != match_key("và")))),
            None)
        hi = stop.start if stop else sent.end
        members = [m for m in view.places + view.orgs if m.entity and lo <= m.start
                   and m.end <= hi and m.entity != target.entity]
        for m in members:
            sink.add(Relation.MEMBER_OF, {"member": m.entity, "org": target.entity}, sent,
                     "rules.member_of.such_as", 0.7)


def _post_body(view: SentenceView, m: Mention) -> bool:
    """"Tổng Giám đốc UNESCO": the body of a post is not the subject of the clause."""
    return any(h.role.org is m for h in view.holdings) or (
        m.i > 0 and (m.i - 1) in view.role_tokens)


def _member_lists(view: SentenceView, sink: FactSink, lex, seen_orgs: list[Mention]) -> None:
    """"Liên hiệp hiện có 9 tổ chức thành viên, trong đó có A và B": the bodies listed are
    members of the subject (a body before the cue, or a bare head for the body named before)."""
    sent, toks = view.sent, view.sent.tokens
    for match in _MEMBER_LIST.finditer(sent.text):
        cue_start, cue_end = sent.start + match.start(), sent.start + match.end()
        stop = re.search(r"[.;]", sent.text[match.end() :])
        hi = cue_end + (stop.start() if stop else len(sent.text))
        members = [o for o in view.orgs if o.entity and cue_end <= o.start and o.end <= hi]
        if not members:
            continue
        body = next((o for o in reversed(view.orgs) if o.entity and o.end <= cue_start), None)
        if body is None:
            heads = lex.org_heads
            first = next((x for x, t in enumerate(toks) if t.cap and t.start < cue_start
                          and longest_key(toks, x, heads, 4)), None)
            if first is not None:
                n = longest_key(toks, first, heads, 4)
                body = _earlier_body(tokens_key(toks[first : first + n]),
                                     seen_orgs, {m.entity for m in members}, first=True)
        if body is None:
            continue
        for m in members:
            if m.entity != body.entity:
                sink.add(Relation.MEMBER_OF, {"member": m.entity, "org": body.entity}, sent,
                         "rules.member_of.list", 0.7)


def _split_fields(text: str, n: int) -> list[str | None]:
    parts = [p.strip() for p in re.split(r",\s*|\s+và\s+", text) if p.strip()]
    if n <= 1:
        return [text] if n == 1 else []
    if len(parts) < n:
        return [None] * n
    head = parts[: n - 1]
    tail_start = text.find(parts[n - 1])
    return head + [text[tail_start:].strip()]
