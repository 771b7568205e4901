"""Event mentions: conferences, congresses, sessions, receptions, visits.

- named: a trigger ("Hội nghị", "Đại hội", "Lễ khai mạc", "Festival"…) with the
  words that name it: qualifiers ("quốc tế", "toàn quốc lần thứ 81"), a quoted
  title, a topic ("về bảo tồn di sản…") and its body ("của Hiệp hội …");
- a bare or lower-case trigger without a name ("Hội nghị", "hội nghị chính") is
  an anaphor, resolved later to the named event of the same kind;
- session: an unnamed meeting ("buổi làm việc", "buổi tiếp ông X"), named from
  its context ("Buổi làm việc về …", "Buổi tiếp X");
- visit: "<Person> … (đến) thăm <object>" named by the verb phrase.
"""

from __future__ import annotations

from graph.extract.lexicon import Lexicon, key_lengths, lexicon, tokens_key, words_key
from graph.extract.mentions import Mention, longest_match, make, surface
from graph.extract.sentences import Sentence
from graph.model import EntityType
from graph.text import match_key

AND = match_key("và")
YEAR_WORD = match_key("năm")
ORGANISE = match_key("tổ chức")
MEETING_PURPOSE = {match_key(w) for w in ("đánh giá", "triển khai")}  # stop words elsewhere
HALF_YEAR = {match_key(w) for w in ("tháng đầu năm", "tháng cuối năm")}
AT_WORDS = {match_key("tại"), match_key("ở")}  # a body after them is a venue
VENUE_BEFORE = {match_key(w) for w in ("trung tâm", "cung", "nhà", "hội trường", "khu", "sân")}
ADDRESS_WORDS = {match_key(w) for w in ("ông", "bà", "ngài")}
NOUN_BEFORE_VISIT = {match_key(w) for w in ("chuyến", "cuộc", "đoàn")}  # "chuyến thăm" is a session
OPEN_QUOTES = "“\"‘'«"
CLOSE_QUOTES = "”\"’'»"


def find_events(sent: Sentence, lex: Lexicon, orgs: list[Mention], persons: list[Mention],
                blocked: set[int]) -> list[Mention]:
    toks = sent.tokens
    org_at = {m.i: m for m in orgs if not m.attrs.get("nested")}
    person_at = {m.i: m for m in persons}
    starts = key_lengths(lex.event_triggers)  # (first words: most tokens start no trigger)
    out: list[Mention] = []
    i = 0
    while i < len(toks):
        if i in blocked or not toks[i].is_word or toks[i].key not in starts:
            i += 1
            continue
        hit = longest_match(toks, i, lex.event_triggers, 4)
        if not hit:
            i += 1
            continue
        end, kind = hit
        if i > 0 and (toks[i - 1].key in VENUE_BEFORE
                      or (i > 1 and match_key(f"{toks[i - 2].text} {toks[i - 1].text}")
                          in VENUE_BEFORE)):
            i = end  # "Trung tâm Hội nghị …", "Cung Văn hóa": a venue, not an event
            while i + 1 < len(toks) and toks[i].key == AND:
                more = longest_match(toks, i + 1, lex.event_triggers, 4)
                if not more:
                    break
                i = more[0]  # "Trung tâm Hội chợ và Triển lãm X": still the venue
            continue
        trigger = surface(sent, i, end)
        if kind == "visit":
            mention = _visit(sent, i, end, persons, org_at)
        elif kind == "inspection":
            mention = _inspection(sent, i, end, persons, org_at)
        elif kind == "session":
            mention = _session(sent, i, end, trigger, person_at, org_at)
        else:
            mention = _named(sent, i, end, trigger, lex, org_at)
        if mention is None:
            i += 1
            continue
        out.append(mention)
        inner = _opened_event(sent, mention, end, lex, org_at) if kind == "named" else None
        if inner is not None:
            out.append(inner)
        i = max(mention.j, i + 1)
    out += _receptions(sent, persons, orgs, out, blocked)
    out += _working_sessions(sent, orgs, out)
    out += _signings(sent, orgs, out)
    out += _verb_ceremonies(sent, orgs, out)
    out.sort(key=lambda m: m.i)
    return out


# "X khánh thành <Object>": the ceremony "Lễ khánh thành <Object>" (the verb of a ceremony
# used without "lễ"; a body before it is the subject, so the organiser)
CEREMONY_VERBS = {tuple(match_key(w) for w in v.split()): v for v in (
    "khánh thành", "khai trương", "khởi công", "động thổ", "gắn biển")}


def _verb_ceremonies(sent: Sentence, orgs: list[Mention], found: list[Mention]) -> list[Mention]:
    toks = sent.tokens
    org_at = {o.i: o for o in orgs if not o.attrs.get("nested")}
    out = []
    for k in range(len(toks) - 2):
        verb = CEREMONY_VERBS.get((toks[k].key, toks[k + 1].key))
        if verb is None or not toks[k].lower or any(e.i <= k < e.j for e in found):
            continue
        if k > 0 and toks[k - 1].key == match_key("lễ"):
            continue
        # the subject: a body right before the verb (after adverbs / "phối hợp với Y")
        if not any(o.j <= k and k - o.j <= 3 for o in orgs):
            continue
        start = k + 2
        if start in org_at:
            end = org_at[start].j
        elif toks[start].cap:
            end = start
            while end < len(toks) and toks[end].is_word and (toks[end].cap or toks[end].lower
                                                             and end - start < 12) \
                    and not (toks[end].lower and toks[end].key in SIGN_END):
                end += 1
        else:
            continue
        if end <= start:
            continue
        out.append(make(EntityType.EVENT, sent, start, end, f"Lễ {verb} " + surface(sent, start, end),
                        "events.ceremony_verb", trigger=match_key("lễ " + verb), named=True,
                        kind="named"))
    return out


SIGN = (match_key("ký"), match_key("kết"))
SIGN_END = {match_key(w) for w in (
    "với", "tại", "ở", "trị", "nhằm", "để", "vào", "trong", "do", "theo", "cho", "và", "về",
    "giữa", "sau", "trước", "khi", "nhân", "là", "có", "được")}
MAX_SIGNED_WORDS = 20
WITH = match_key("với")
# the documents signed ("ký kết thỏa thuận … với B"; "ký kết hợp tác với B" names none)
DOCUMENTS = {match_key(w) for w in ("biên bản", "thỏa thuận", "thoả thuận", "hiệp định",
                                     "hợp đồng", "chương trình", "văn kiện", "bản ghi",
                                     "quy chế", "kế hoạch", "nghị định", "hiệp ước")}
SIGN_TAIL = {match_key("giai")}  # "giai đoạn 2025–2030"
NOT_AN_ACT = {match_key(w) for w in ("khả năng", "tiến tới", "hướng tới", "mong muốn",
                                     "nghiên cứu", "đề xuất", "xem xét")}


def _signings(sent: Sentence, orgs: list[Mention], found: list[Mention]) -> list[Mention]:
    """"A, B và C (đã) ký kết <document>": the signing ceremony "Lễ ký kết <document>",
    with the bodies of the clause before the verb as its signers."""
    toks = sent.tokens
    out = []
    for k in range(len(toks) - 2):
        if not toks[k].lower or (toks[k].key, toks[k + 1].key) != SIGN:
            continue
        if any(e.i <= k < e.j for e in found) or (k > 0 and toks[k - 1].key
                                                   == match_key("lễ")):
            continue
        if k > 1 and match_key(f"{toks[k - 2].text} {toks[k - 1].text}") in NOT_AN_ACT:
            continue  # "nghiên cứu khả năng ký kết …": a possibility, not a signing
        end = k + 2
        while end < len(toks) and end - k - 2 < MAX_SIGNED_WORDS:
            tok = toks[end]
            if tok.text in OPEN_QUOTES:
                close = next((x for x in range(end + 1, len(toks)) if toks[x].text in
                              CLOSE_QUOTES), None)
                if close is None:
                    break
                end = close + 1
                continue
            if tok.text in "–-" and end + 1 < len(toks) and toks[end - 1].kind == "num" \
                    and toks[end + 1].kind == "num":
                end += 2  # "giai đoạn 2025–2030": a range of years, not the end
                continue
            if tok.kind == "punct" or (tok.lower and tok.key in SIGN_END):
                break
            end += 1
        if end == k + 2:
            continue
        clause = max((x for x in range(k) if toks[x].text in ";:"), default=-1)
        signers = [o for o in orgs if not o.attrs.get("nested") and clause < o.i and o.j <= k
                   and not (o.i > 0 and toks[o.i - 1].key in AT_WORDS)]
        partner = next((o for o in orgs if end < len(toks) and o.i == end + 1
                        and toks[end].key == WITH), None)
        if partner is not None and signers and words_key(
                [t.text for t in toks[k + 2 : k + 4]]) in DOCUMENTS:
            signers = signers + [partner]  # "A đã ký kết thỏa thuận … với B"
        described = None
        if len(signers) == 2:
            # the descriptive name of a signing: "Ký kết <document> giữa A và B" (the
            # document up to its term or a verb of purpose)
            core = k + 2
            # ("chương trình phối hợp hỗ trợ …": a verb right after the document's noun
            # qualifies it, a later one tells its purpose)
            while core < end and not (toks[core].lower and (
                    toks[core].key in SIGN_TAIL
                    or toks[core].key in lexicon().stopwords
                    or (core >= k + 6 and is_stop(toks, core, lexicon())))):
                core += 1
            if core > k + 2:
                described = (f"Ký kết {surface(sent, k + 2, core)} giữa "
                             f"{signers[0].surface} và {signers[1].surface}")
        out.append(make(EntityType.EVENT, sent, k, end, "Lễ ký kết " + surface(sent, k + 2, end),
                        "events.signing", trigger=match_key("lễ ký kết"), named=True,
                        kind="named", signers=signers, described=described))
    return out


WORK_WITH = [match_key(w) for w in ("làm", "việc", "với")]
DONE = {match_key(w) for w in ("đã", "vừa", "đến", "sang")}


def _working_sessions(sent: Sentence, orgs: list[Mention], found: list[Mention]) -> list[Mention]:
    """"Đoàn … đã làm việc với <Body>": a working session told by its verb (not
    "sẽ làm việc", which has not happened, nor "buổi làm việc", a trigger already)."""
    toks = sent.tokens
    org_at = {m.i: m for m in orgs if not m.attrs.get("nested")}
    out = []
    for k in range(1, len(toks) - 3):
        if toks[k].key != WORK_WITH[0] or [t.key for t in toks[k : k + 3]] != WORK_WITH \
                or toks[k - 1].key not in DONE \
                or any(e.i <= k < e.j for e in found) or (k + 3) not in org_at:
            continue
        body = org_at[k + 3]
        out.append(make(EntityType.EVENT, sent, k, body.j, f"Buổi làm việc với {body.name}",
                        "events.working_session", trigger=match_key("buổi làm việc"),
                        named=False, kind="session"))
    return out


RECEIVE = match_key("tiếp")
RECEIVE_GAP = {match_key(w) for w in ("đã", "vừa", "sẽ", "đang", "thân mật", "trọng thể",
                                      "lần lượt", "cũng", "đã có buổi")}
RECEIVE_MANNER = {match_key(w) for w in ("xã", "giao", "thân", "mật", "chào", "trọng", "thể")}
RECEIVED_LEAD = ADDRESS_WORDS | {match_key(w) for w in ("đoàn", "Đoàn", "phái đoàn")}


def _receptions(sent: Sentence, persons: list[Mention], orgs: list[Mention],
                found: list[Mention], titles: set[int]) -> list[Mention]:
    """"<Host> (đã) tiếp (xã giao) <ông/bà/Title/Đoàn> <Guest>": a reception (a session).

    The host is a person, or a title with its body ("Phó Chủ tịch UBND tỉnh X tiếp …",
    also after "Ông Y - Phó Chủ tịch …"); `titles` holds the tokens of post titles."""
    toks = sent.tokens
    out = []
    person_end = {m.j: m for m in persons}
    org_end = {m.j: m for m in orgs if not m.attrs.get("nested")}
    for k, tok in enumerate(toks):
        if not tok.lower or tok.key != RECEIVE or k + 1 >= len(toks):
            continue
        if any(e.i <= k < e.j for e in found):
            continue
        b = k
        while b > 0 and toks[b - 1].key in RECEIVE_GAP:
            b -= 1
        appos = _apposition_host(toks, b, persons, titles)
        if b in person_end:
            host = person_end[b].name
        elif appos is not None:
            host = appos.name  # "ông X, Phó Chủ tịch UBND tỉnh Y, đã tiếp …"
        else:
            # a title (and its body) just before: "… - Phó Chủ tịch UBND tỉnh tiếp …"
            first = None
            for x in range(b - 1, max(-1, b - 8), -1):
                if toks[x].kind == "punct" and toks[x].text not in "-–":
                    break
                if x in titles:
                    first = x
            if first is None:
                continue
            while first > 0 and first - 1 in titles:
                first -= 1
            host = surface(sent, first, b)
        g = k + 1
        while g < len(toks) and toks[g].key in RECEIVE_MANNER:
            g += 1
        if g >= len(toks):
            continue
        nxt = toks[g]
        if not (nxt.cap or nxt.key in RECEIVED_LEAD):
            continue  # "tiếp tục", "tiếp nhận", "tiếp cận": other verbs
        guest = next((p for p in persons if g <= p.i <= g + 8), None)
        if nxt.key in DELEGATION_LEAD:
            # "tiếp đoàn doanh nghiệp đến từ thành phố X (Y) do ông Z dẫn đầu": the visiting
            # delegation, up to its leader or the end of the clause
            end = g + 1
            while end < len(toks) and toks[end].kind != "punct" \
                    and toks[end].key not in DELEGATION_END:
                end += 1
            who = surface(sent, g, end)
        elif guest is not None:
            end, who = guest.j, guest.name
        else:
            end = g
            while end < len(toks) and (end in titles or any(
                    o.i <= end < o.j for o in org_end.values())):
                end += 1
            if end == g:
                continue
            who = surface(sent, g, end)
        out.append(make(EntityType.EVENT, sent, k, end, f"{host} tiếp {who}",
                        "events.reception", trigger=RECEIVE, named=False, kind="session"))
    return out


DELEGATION_LEAD = {match_key(w) for w in ("đoàn", "phái đoàn")}
DELEGATION_END = {match_key(w) for w in ("do", "tại", "ở", "và", "về", "nhân", "sang", "đang",
                                         "trong", "vào", "đã", "sẽ")}


def _apposition_host(toks, b: int, persons: list[Mention], titles: set[int]) -> Mention | None:
    """The person of "<Person>, <Title> <Body>, (đã) tiếp": b is the token after the
    second comma (or its adverbs)."""
    if b < 2 or toks[b - 1].text != ",":
        return None
    found = [p for p in persons if p.j < b - 2 and b - p.j <= 16 and toks[p.j].text == ","
             and (p.j + 1) in titles
             and not any(toks[x].text in ".;:" for x in range(p.j, b - 1))]
    return found[-1] if found else None


# words that end the object of a ceremony's verb ("lễ đón nhận bằng công nhận của …")
CEREMONY_END = {match_key(w) for w in (
    "đã", "sẽ", "đang", "vừa", "được", "bị", "là", "có", "với", "cùng", "tại", "ở", "do", "của",
    "cho", "nhằm", "để", "khi", "theo", "vào", "trong", "từ", "sau", "trước", "và", "nhân",
    "diễn", "tổ", "này", "đó", "hôm", "ngày", "chiều", "sáng", "tối", "trưa")}


def _opened_event(sent: Sentence, outer: Mention, k: int, lex: Lexicon,
                  org_at: dict[int, Mention]) -> Mention | None:
    """"Lễ khai mạc Lễ hội X", "Lễ bế mạc Hội thi Y": the ceremony names another event,
    which is an event of its own (it may be referred to later: "Lễ hội do … tổ chức")."""
    toks = sent.tokens
    if not _ceremony(outer.attrs["trigger"]) or k >= outer.j or not toks[k].cap:
        return None
    hit = longest_match(toks, k, lex.event_triggers, 4)
    if not hit or hit[1] != "named" or _ceremony(surface(sent, k, hit[0])):
        return None
    inner = _named(sent, k, hit[0], surface(sent, k, hit[0]), lex, org_at)
    if inner is None or inner.j > outer.j or not inner.attrs.get("named"):
        return None
    inner.attrs["opened_by"] = True
    return inner


def _ceremony(trigger: str) -> bool:
    """A ceremony trigger: "lễ" and the verb of what is celebrated ("lễ đón nhận")."""
    words = match_key(trigger).split()
    return len(words) >= 2 and words[0] == match_key("lễ") and words[1] != match_key("hội")


def is_stop(toks, k: int, lex: Lexicon) -> bool:
    """A stop word, alone or with the next word ("tổ chức", "diễn ra")."""
    if toks[k].key in lex.stopwords:
        return True
    return k + 1 < len(toks) and match_key(f"{toks[k].text} {toks[k + 1].text}") in lex.stopwords


def _named(sent: Sentence, i: int, k: int, trigger: str, lex: Lexicon,
           org_at: dict[int, Mention]) -> Mention | None:
    toks = sent.tokens
    start_k = k
    ceremony = _ceremony(trigger)
    # "X (đã) tổ chức hội nghị sơ kết công tác …": the lower-case trigger after the verb of
    # organising introduces a new event, named by the words after it (not an anaphor)
    introduced = not toks[i].cap and i >= 2 and match_key(
        f"{toks[i - 2].text} {toks[i - 1].text}") == ORGANISE
    if introduced and k + 1 < len(toks) \
            and match_key(f"{toks[k].text} {toks[k + 1].text}") in MEETING_PURPOSE:
        k += 2  # "tổ chức hội nghị đánh giá công tác …": the purpose names the meeting
    while k < len(toks):
        tok = toks[k]
        if ceremony and tok.lower and tok.key not in CEREMONY_END \
                and k - start_k < 12:
            k += 1  # "lễ đón nhận quyết định công nhận …": the object names the ceremony
            continue
        if tok.key == YEAR_WORD and k + 1 < len(toks) and toks[k + 1].kind == "num" \
                and len(toks[k + 1].text) == 4 and k > start_k:
            k += 2  # "Lễ hội Bánh dân gian Nam Bộ lần thứ XI năm 2024"
            continue
        if tok.kind == "num" and k > start_k and k + 3 < len(toks) \
                and tokens_key(toks[k + 1:k + 4]) in HALF_YEAR:
            k += 4  # "sơ kết công tác 6 tháng đầu năm (2025)": the period names the meeting
            continue
        if tok.text in "–-" and toks[k - 1].is_word and k + 1 < len(toks) \
                and toks[k + 1].cap and not toks[k + 1].acronym \
                and toks[k + 1].key not in lex.surnames \
                and not longest_match(toks, k + 1, lex.roles, 4):
            k += 1  # "Hội chợ Thương mại Quốc tế Việt – Lào", "Tuần Văn hoá – Du lịch X"
            continue
        if tok.kind == "num" or (tok.is_word and (tok.cap or not is_stop(toks, k, lex))):
            if k in org_at and k > start_k and org_at[k].j - org_at[k].i > 1:
                break  # "Hội nghị … của Bộ X" ends before the body ("Diễn đàn … ASEAN" does not)
            k += 1
            continue
        break
    qualifiers_end = k
    title = None
    q = k
    if q < len(toks) and toks[q].text == ":" and q + 1 < len(toks) \
            and toks[q + 1].text in OPEN_QUOTES:
        q += 1
    if q < len(toks) and toks[q].text in OPEN_QUOTES:
        close = next((x for x in range(q + 1, len(toks)) if toks[x].text in CLOSE_QUOTES), None)
        if close is not None and close > q + 1:
            title = surface(sent, q + 1, close)
            k = close + 1
    topic = False
    if title is None and k < len(toks) and toks[k].key == match_key("về"):
        end = k + 1
        while end < len(toks) and (toks[end].kind == "num" or (
                toks[end].is_word and (toks[end].cap or toks[end].key == AND
                                       or not is_stop(toks, end, lex)))):
            end += 1
        if end > k + 1:
            k = end
            topic = True
    organiser = None
    if k + 1 < len(toks) and toks[k].key == match_key("của") and (k + 1) in org_at:
        organiser = org_at[k + 1]
        k = organiser.j
    named = title is not None or topic or organiser is not None or (
        (toks[i].cap or ceremony or introduced) and qualifiers_end > start_k)
    text = surface(sent, i, k)
    if title is not None and toks[qualifiers_end].text == ":":
        text = surface(sent, i, qualifiers_end) + " " + surface(sent, qualifiers_end + 1, k)
    name = text[0].upper() + text[1:]
    return make(EntityType.EVENT, sent, i, k, name, "events.trigger",
                trigger=match_key(trigger), named=named, title=title,
                organiser=organiser, kind="named",
                short=surface(sent, i, qualifiers_end) if organiser or topic else None)


def _session(sent: Sentence, i: int, k: int, trigger: str, person_at: dict[int, Mention],
             org_at: dict[int, Mention]) -> Mention:
    toks = sent.tokens
    label = trigger[0].upper() + trigger[1:]
    end = k
    name = label
    if k < len(toks) and k in person_at:
        person = person_at[k]
        name = f"{label} {person.name}"
        end = person.j
    elif k + 1 < len(toks) and toks[k].key in ADDRESS_WORDS \
            and (k + 1) in person_at:
        person = person_at[k + 1]
        name = f"{label} {person.name}"
        end = person.j
    # "… với UBND thành phố về xây dựng hồ sơ …": the topic names the session
    about = next((x for x in range(end, len(toks)) if toks[x].key == match_key("về")
                  and x - end <= 8), None)
    if about is not None and about + 1 < len(toks):
        stop = next((x for x in range(about + 1, len(toks)) if toks[x].text in ".;!?"),
                    len(toks))
        if stop > about + 1:
            name = f"{label} {surface(sent, about, stop)}"
    return make(EntityType.EVENT, sent, i, end, name, "events.session",
                trigger=match_key(trigger), named=False, kind="session")


DELEGATION_WORDS = {match_key("đoàn")}
INSPECT_BEFORE = {match_key(w) for w in ("đã", "đi", "vừa", "đến", "sẽ")}


def _inspection(sent: Sentence, i: int, k: int, persons: list[Mention],
                org_at: dict[int, Mention]) -> Mention | None:
    """"<Person> / đoàn (đã) (đi) kiểm tra <object>", "X đã trình Quốc thư lên …": an
    activity told by its verb, after a person or a delegation and a tense or motion word."""
    toks = sent.tokens
    if i == 0 or toks[i - 1].key not in INSPECT_BEFORE:
        return None
    subject = any(p.j <= i for p in persons) or any(
        t.key in DELEGATION_WORDS for t in toks[:i])
    if not subject:
        return None
    mention = _visit(sent, i, k, persons or [], org_at, need_person=False)
    if mention is not None:
        mention.rule = "events.inspection"
        mention.attrs["trigger"] = match_key(surface(sent, i, k))
    return mention


def _visit(sent: Sentence, i: int, k: int, persons: list[Mention],
           org_at: dict[int, Mention], need_person: bool = True) -> Mention | None:
    toks = sent.tokens
    if i > 0 and toks[i - 1].key in NOUN_BEFORE_VISIT:
        return None
    party = _delegation_subject(toks, i)
    if need_person and party is None and not any(p.j <= i for p in persons):
        return None
    end = next((x for x in range(k, min(len(toks), k + 14)) if x in org_at), None)
    if end is not None:
        end = org_at[end].j
        stop = next((x for x in range(end, len(toks)) if toks[x].kind == "punct"), len(toks))
        if end < len(toks) and toks[end].key == AND and stop - end <= 7 \
                and (stop == len(toks) or toks[stop].text in ".;!?"):
            end = stop  # "thăm Trường X và làng nghề Y.": the objects to the clause end
    else:
        end = next((x for x in range(k, len(toks)) if toks[x].text in ".;!?()"), len(toks))
    if end <= k:
        return None
    name = surface(sent, i, end)
    if party is not None:
        # "đoàn đại biểu thành phố X đã thăm Y" -> "Đoàn đại biểu thành phố X thăm Y": the
        # descriptive name of a delegation's visit starts with the delegation
        words = surface(sent, party[0], party[1])
        name = f"{words[0].upper()}{words[1:]} {name}"
    return make(EntityType.EVENT, sent, i, end, name, "events.visit",
                trigger="thăm", named=False, kind="visit", short=surface(sent, i, end))


VISIT_ADVERBS = {match_key(w) for w in ("đã", "đến", "sang", "vừa", "sẽ", "tới", "cũng")}


def _delegation_subject(toks, i: int) -> tuple[int, int] | None:
    """"(Trước đó, chiều 16/10,) đoàn đại biểu thành phố X đã thăm …": the delegation that is
    the subject of the verb at i (tokens from "đoàn" to the adverbs before the verb)."""
    end = i
    while end > 0 and toks[end - 1].key in VISIT_ADVERBS:
        end -= 1
    start = end
    while start > 0 and toks[start - 1].kind != "punct" and end - start < 10:
        start -= 1
        if toks[start].key in DELEGATION_WORDS:
            return (start, end) if end - start >= 2 and start == _clause_start(toks, end) \
                else None
    return None


def _clause_start(toks, end: int) -> int:
    x = end
    while x > 0 and toks[x - 1].kind != "punct":
        x -= 1
    return x
