"""`kg_campaigns`: named campaigns, activities, working models and slogans.

A campaign is found by the shape of its name, not from a list of names seen before:

- a quoted name followed by a campaign ending (“信访工作法治化”宣传月, “彰显思想伟力 勇建法治新功”主题实践活动), or a
  quoted phrase with the shape of a programme's name (“极简审批”, “阳光信访、责任信访、法治信访”), with the number
  that counts it (三个“一号工程”);
- an unquoted noun phrase before a campaign ending (…突出问题专项整治, …主题教育, …落实年), its boundary the clause
  without the verbs that lead it;
- a model with its name (浦江经验 after a place, “5+N”矛盾化解会商机制 after a quote, 信访代办制 after a practice);
- the national names of the genre everybody uses (枫桥经验, 八五普法, campaigns_known.txt), also when partly
  quoted (“八五”普法).

Not campaigns (campaign_stops.tsv): websites and accounts (“平度政务网”, “乌审信访”官方微信公众号), ideology
(习近平法治思想), grades (第一等次), awards (十大法治人物, 获评…), systems, bodies, political formulas (四个意识),
phrases that refer back (此次宣传月活动), items of a list of one verb (进“机关”、进“乡村”) and ordinary words put in
quotes for emphasis (“理论武装”, “首要任务”: campaign_generic_heads.txt with jieba's dictionary).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick
from spacy.language import Language
from spacy.tokens import Doc

from .. import data
from ..model import Campaign
from ..resolve.regulations import classify
from ..resolve.matching import any_of, substrings, with_first_chars
from . import dictionary
from .doc import evidence_for

QUOTED = re.compile(r"[“\"]([^“”\"\n]{1,30})[”\"]")
QUOTE_CHARS = "“”\"‘’"
QUOTE_MARK = re.compile(f"[{QUOTE_CHARS}]")
CLAUSE = re.compile(r"[，,。；;：:、（()）\n“”\"！？!?]")
# what counts a quoted programme: 三个“一号工程”, 双“一号工程”, 四大“…”
COUNT_BEFORE = re.compile(r"(?:[一二两三四五六七八九十]+个|双|[一二三四五六七八九十]+大)$")
# what may stand between a quote and the ending that makes it an event: “彰显思想伟力”主题实践活动, “3820”战略工程
QUOTE_TAIL = re.compile(r"(?P<mid>[^\x00-\u4dff和与及并或等、的]{0,6}?)(?P<end>(?:主题|专项|系列|集中|宣传|宣讲|实践|教育|培训|示范|创建|"
                        r"志愿服务|服务|普法)*活动|专项(?:行动|整治|治理|工作|攻坚|斗争)|(?:集中)?宣传(?:月|周|日)|活动月|"
                        r"(?:落实|创新|提升|推进|作风|质量|突破|效能|深化|巩固|服务|攻坚)年|三年行动|攻坚(?:战|行动)|主题教育|学习教育|行动|"
                        r"(?:战略)?工程|战略|计划|机制|模式)")
# endings that add nothing to the quoted name: “双报到”活动 is 双报到, 三个“一号工程”工作机制 is 三个一号工程
GENERIC_TAIL = re.compile(r"(?:(?:主题|专项|系列|集中|宣传|宣讲|实践|教育|培训|志愿服务|服务)*活动|专项工作|工作(?:机制|模式)?)$")
# the quoted name of a mechanism or model and the words between it and the ending: “5+N”矛盾化解会商(机制)
MODEL_QUOTE = re.compile(r"[“\"]([^“”\"\n]{1,20})[”\"]的?([^\x00-\u4dff的]{0,8})$")


@dataclass
class _Found:
    name: str
    start: int
    end: int
    priority: int   # 3 known, 2 quoted, 1 by an ending


@lru_cache(maxsize=None)
def _known(name: str = "campaigns_known.txt") -> tuple[ahocorasick.Automaton, frozenset[str], dict[str, str]]:
    """The automaton of known names, the names that count only when quoted (法治信访 in running text is a
    phrase, “法治信访” a programme) and the short names of known names (治重化积 → 治理重复信访、化解信访积案)."""
    auto = ahocorasick.Automaton()
    quoted_only, short = set(), {}
    for line in data.lines(name):
        known, _, flag = line.partition("\t")
        flag = flag.strip()
        auto.add_word(known, known)
        if flag == "quoted":
            quoted_only.add(known)
        elif flag.startswith("short:"):
            short[known] = flag[len("short:"):]
    auto.make_automaton()
    return auto, frozenset(quoted_only), short


@lru_cache(maxsize=None)
def _endings(name: str = "campaign_patterns.txt") -> re.Pattern:
    return with_first_chars(re.compile("|".join(f"(?:{p})" for p in data.lines(name))))


@lru_cache(maxsize=None)
def _models(name: str = "campaign_models.tsv") -> tuple[tuple[str, str, re.Pattern | None], ...]:
    return tuple((r["ending"], r["needs"], re.compile(r["then"]) if r.get("then") else None)
                 for r in data.table(name))


@lru_cache(maxsize=None)
def _lead(name: str = "campaign_lead_words.txt") -> list[re.Pattern]:
    return [re.compile(p) for p in data.lines(name)]


def strip_lead(name: str, lead_words: str = "campaign_lead_words.txt") -> str:
    """`name` without the words that lead its clause; a strip that would leave less than two characters is not
    made (县乡大接访 keeps 县乡)."""
    prev, name = None, name.strip(" \t\u3000")
    while prev != name:
        prev = name
        for p in _lead(lead_words):
            stripped = p.sub("", name)
            if len(stripped) >= 2:
                name = stripped
    return name


@lru_cache(maxsize=None)
def _stoplist(name: str = "campaign_stoplist.txt") -> frozenset[str]:
    return frozenset(data.lines(name))


@lru_cache(maxsize=None)
def _stops(name: str = "campaign_stops.tsv") -> dict[str, re.Pattern]:
    """Side → the side's patterns as one alternation (it matches where one of them does)."""
    out: dict[str, list[str]] = {}
    for r in data.table(name):
        out.setdefault(r["side"], []).append(r["pattern"])
    return {k: any_of(v) for k, v in out.items()}


@lru_cache(maxsize=None)
def _generic_heads(name: str = "campaign_generic_heads.txt") -> frozenset[str]:
    return frozenset(data.lines(name))


def _stopped(side: str, text: str, stops: str = "campaign_stops.tsv", at: int | None = None) -> bool:
    pattern = _stops(stops).get(side)
    if pattern is None:
        return False
    if side == "after":
        return pattern.match(text[at or 0:(at or 0) + 24]) is not None
    return pattern.search(text) is not None


def _ordinary_words(q: str, heads: str = "campaign_generic_heads.txt") -> bool:
    """True for a quoted phrase that is an ordinary word or two (“首要任务”, “理论武装”, “法治建设”), not a coined
    name (“极简审批” is no dictionary word pair, “告知承诺” has no generic head)."""
    import rjieba

    words = rjieba.cut(q, hmm=False)  # jieba's words (its dictionary, no HMM), as jieba.lcut(q, HMM=False)
    freq = dictionary.tables()[0]
    if len(words) == 1 and freq.get(q, 0) > 0:
        return True
    return (len(words) == 2 and all(len(w) >= 2 and freq.get(w, 0) > 0 for w in words)
            and words[-1] in _generic_heads(heads))


def is_named_programme(q: str, stoplist: str = "campaign_stoplist.txt", stops: str = "campaign_stops.tsv",
                       heads: str = "campaign_generic_heads.txt") -> bool:
    """A quoted phrase that names a programme or model (阳光信访, 最多访一次), not a slogan, a role, a description
    of a problem (信访不信法), a political formula (四个意识), an organisation, a medium, a grade, an award, an
    idea or an ordinary word in quotes."""
    if len(q) < 4 or q in _stoplist(stoplist) or re.search(r"[，,；;。！!？?]", q):
        return False
    if re.fullmatch(r"[\d.%+\-\s]+", q) or "不" in q or re.search(r"\d%", q):
        return False
    if _stopped("name", q, stops) or classify(q) == "regulation":
        return False
    return not _ordinary_words(q, heads)


@lru_cache(maxsize=4)
def _place_names(gaz) -> frozenset[str]:
    """Names and short names of current divisions (宁阳县, 宁阳), without the short names that are common words."""
    stop = set(data.lines("division_stopnames.txt"))
    out = set()
    for d in gaz.divisions:
        if d.status == "current":
            out.update(n for n in (d.name, d.short) if len(n) >= 2 and n not in stop)
    return frozenset(out)


def _common_ending(parts: list[str]) -> int:
    n = 0
    while all(len(p) > n for p in parts) and len({p[-1 - n] for p in parts}) == 1:
        n += 1
    return n


class _Plain:
    """The text without quote marks, and where its characters are in the text (“八五”普法 → 八五普法)."""

    def __init__(self, norm: str):
        self.text = QUOTE_MARK.sub("", norm)
        # where each quote mark taken out would stand in the plain text: a character j of the plain text is
        # character j + (the number of marks at or before j) of the text
        self._marks = [m.start() - k for k, m in enumerate(QUOTE_MARK.finditer(norm))]

    def _at(self, j: int) -> int:
        return j + bisect.bisect_right(self._marks, j)

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self._at(start), self._at(end - 1) + 1


@Language.factory(
    "kg_campaigns",
    requires=["doc._.kg_norm", "doc._.kg_titles", "doc._.kg_place"],
    assigns=["doc._.kg_campaigns"],
    default_config={"known": "campaigns_known.txt", "endings": "campaign_patterns.txt",
                    "lead_words": "campaign_lead_words.txt", "stoplist": "campaign_stoplist.txt",
                    "stops": "campaign_stops.tsv", "models": "campaign_models.tsv",
                    "generic_heads": "campaign_generic_heads.txt"},
)
def make_campaigns(nlp: Language, name: str, known: str, endings: str, lead_words: str, stoplist: str, stops: str,
                   models: str, generic_heads: str):
    return CampaignExtractor(known, endings, lead_words, stoplist, stops, models, generic_heads)


class CampaignExtractor:
    """Named campaigns: known names, quoted programme names (with the ending that makes them an event), noun phrases
    before a campaign ending (…专项行动, …宣传月) and models with their names (…经验, …机制, …制)."""

    def __init__(self, known: str = "campaigns_known.txt", endings: str = "campaign_patterns.txt",
                 lead_words: str = "campaign_lead_words.txt", stoplist: str = "campaign_stoplist.txt",
                 stops: str = "campaign_stops.tsv", models: str = "campaign_models.tsv",
                 generic_heads: str = "campaign_generic_heads.txt"):
        self.known, self.endings, self.lead_words, self.stoplist = known, endings, lead_words, stoplist
        self.stops, self.models, self.generic_heads = stops, models, generic_heads

    def __call__(self, doc: Doc) -> Doc:
        norm = doc._.kg_norm
        plain = _Plain(norm)
        titles = [(t.start, t.end) for t in doc._.kg_titles]
        found: list[_Found] = []
        found += self._known_names(norm, plain)
        found += self._quoted(norm)
        found += self._by_ending(norm, titles)
        found += self._models_named(norm, doc._.kg_place)
        doc._.kg_campaigns = self._merge(doc, found, _known(self.known)[2])
        return doc

    # -- the four ways a campaign is named ---------------------------------------------------------------------------

    def _known_names(self, norm: str, plain: _Plain) -> list[_Found]:
        auto, quoted_only, _ = _known(self.known)
        out = []
        for end, name in auto.iter(plain.text):
            s, e = plain.span(end - len(name) + 1, end + 1)
            if name in quoted_only and not (norm[s - 1:s] in QUOTE_CHARS and norm[e:e + 1] in QUOTE_CHARS):
                continue  # 法治信访机制的创新力度: the words, not the programme
            out.append(_Found(name, s, e, 3))
        return out

    def _quoted(self, norm: str) -> list[_Found]:
        out = []
        quotes = list(QUOTED.finditer(norm))
        last = _last_in_run(norm, quotes)
        for i, m in enumerate(quotes):
            q = m.group(1).strip()
            before = norm[max(0, m.start() - 16):m.start()]
            if _stopped("after", norm, self.stops, m.end()) or _stopped("before", before, self.stops):
                continue  # “乌审信访”官方微信公众号, 入选“十大法治人物”
            if self._list_item(norm, quotes, i):
                continue
            count = COUNT_BEFORE.search(norm[max(0, m.start() - 4):m.start()])
            start = m.start() - len(count.group(0)) if count else m.start(1)
            prefix = count.group(0) if count else ""
            tail = QUOTE_TAIL.match(norm, m.end())
            if tail and not re.search(r"[，,；;。]", q) and classify(q) != "regulation":
                generic = GENERIC_TAIL.fullmatch(tail.group(0))
                # “双报到”活动 → 双报到; “学习贯彻…思想”主题教育 → the whole (the campaign is named with its kind)
                name = q if generic else q + tail.group(0)
                if not _stopped("name", name, self.stops):
                    out.append(_Found(prefix + name, start, m.end() if generic else tail.end(), 2))
                continue
            if self._before_etc(norm, quotes, i, last):
                out.append(_Found(q, m.start(1), m.end(1), 2))  # “减量控大”“途安”等道路交通专项行动
                continue
            parts = q.split("、")
            if len(parts) > 1 and all(len(p) >= 3 for p in parts) and _common_ending(parts) >= 2:
                # “阳光信访、责任信访、法治信访”: a list of programmes of one kind
                pos = m.start(1)
                for p in parts:
                    if self._programme(p):
                        out.append(_Found(p, pos, pos + len(p), 2))
                    pos += len(p) + 1
                continue
            if prefix and not _stopped("name", q, self.stops):
                out.append(_Found(prefix + q, start, m.end(), 2))  # 三个“一号工程”
                continue
            if _endings(self.endings).fullmatch(q):
                # 县乡“大接访”, 全面依法治国工作“落实年”: the quote is the ending, the name stands before it
                before = self._name_before(norm, m.start())
                out.append(_Found(before + q, m.start() - len(before), m.end(), 2))
                continue
            if "、" not in q and self._programme(q):
                out.append(_Found(q, m.start(1), m.end(1), 2))
        return out

    def _programme(self, q: str) -> bool:
        return is_named_programme(q, self.stoplist, self.stops, self.generic_heads)

    @staticmethod
    def _list_item(norm: str, quotes: list[re.Match], i: int) -> bool:
        """进“机关”、进“乡村”、进“社区”: quotes that are objects of one repeated verb are items, not names."""
        m = quotes[i]
        head = norm[m.start() - 1:m.start()]
        if not head or not "\u4e00" <= head <= "\u9fff":
            return False
        for j in (i - 1, i + 1):
            if 0 <= j < len(quotes):
                o = quotes[j]
                between = norm[min(m.end(), o.end()):max(m.start(), o.start())]
                if norm[o.start() - 1:o.start()] == head and re.fullmatch(r"、?\s*" + re.escape(head) + "?", between):
                    return True
        return False

    @staticmethod
    def _before_etc(norm: str, quotes: list[re.Match], i: int, last: list[int] | None = None) -> bool:
        """A quote among those before 等 + a campaign ending: each quoted item names one campaign of that kind.
        `last`: `_last_in_run(norm, quotes)`, made once for all the quotes."""
        j = (last or _last_in_run(norm, quotes))[i]
        return bool(ETC_CAMPAIGN.match(norm, quotes[j].end(), quotes[j].end() + 16))

    def _by_ending(self, norm: str, titles: list[tuple[int, int]]) -> list[_Found]:
        out = []
        endings = _endings(self.endings)
        inside = bytearray(len(norm) + 1)  # 1 inside a title (after its opening bracket, before its closing one)
        for a, b in titles:
            if b - a > 1:
                inside[a + 1:b] = b"\x01" * (b - a - 1)
        for m in endings.finditer(norm):
            s = m.start()
            if inside[s]:
                continue  # inside a title: 〈睢县《信访工作条例》落实年实施方案〉 is a document
            if norm[s - 1:s] in "”\"" or (norm[s - 1:s] == "“" and norm[m.end():m.end() + 1] == "”"):
                continue  # “信访工作法治化”宣传月, “大接访”: the quote is read with its ending (_quoted)
            if "等" in re.split(r"的|为主题|主题", CLAUSE.split(norm[max(0, s - 32):s])[-1])[-1]:
                continue  # “减量控大”“途安”等道路交通专项行动: the items before 等 are the names, not the kind
            name = self._name_before(norm, s)
            if len(name) < 2:
                continue  # a clause, not a name
            full = name + m.group(0)
            end = m.end()
            if norm[end:end + 2] == "活动" and not full.endswith("活动"):
                full += "活动"
                end += 2
            if _stopped("name", full, self.stops):
                continue
            out.append(_Found(full, end - len(full), end, 1))
        return out

    def _name_before(self, norm: str, s: int) -> str:
        """The noun phrase before an ending at `s`: its clause without the verbs that lead it, from a second verb
        on (推动…开展…), after a campaign or activity joined with 和; "" when what stands there is a clause."""
        clause = CLAUSE.split(norm[max(0, s - 32):s])[-1]
        clause = re.split(r"的|为主题|主题", clause)[-1]
        name = strip_lead(clause, self.lead_words)
        parts = re.split(r"开展|组织|启动|推进|部署|实施|举办|举行|迎接|获评|荣获", name)
        name = strip_lead(parts[-1], self.lead_words) if len(parts) > 1 else name
        name = self._last_conjunct(name, _endings(self.endings))
        if len(name) > 24 or re.search(r"[被向等]|推荐|申报|确保|亲自", name) or len(name) < 2 and name:
            return ""
        return name

    def _last_conjunct(self, name: str, endings: re.Pattern) -> str:
        """The name after 和/与/及 when what stands before it is a campaign or an activity of its own
        (“治重化积”专项工作和重复访治理…, 全会专题学习和党纪学习教育), else the whole (道路交通安全和运输执法领域…)."""
        for m in reversed(list(re.finditer(r"[和与及]", name))):
            left, right = name[:m.start()], name[m.end():]
            if len(right) >= 2 and (endings.search(left) or _stopped("conjunct", left, self.stops)):
                return strip_lead(right, self.lead_words)
        return name

    def _models_named(self, norm: str, place) -> list[_Found]:
        out = []
        gaz = place.resolver.gaz if place is not None and getattr(place, "resolver", None) is not None else None
        places = _place_names(gaz) if gaz is not None else frozenset()
        for ending, needs, then in _models(self.models):
            for m in re.finditer(re.escape(ending), norm):
                s = m.start()
                if then and not then.match(norm[m.end():m.end() + 4] + "\n"):
                    continue  # 易制爆: 制 inside a word
                if needs == "place":
                    n = next((k for k in (5, 4, 3, 2) if norm[max(0, s - k):s] in places and s >= k), 0)
                    if n:
                        out.append(_Found(norm[s - n:m.end()], s - n, m.end(), 1))  # 浦江经验, 龙川经验
                elif needs == "quote":
                    q = MODEL_QUOTE.search(norm[max(0, s - 32):s])
                    if q and not _stopped("name", q.group(1), self.stops) \
                            and not GENERIC_TAIL.fullmatch(q.group(2) + ending):
                        name = q.group(1) + q.group(2) + ending  # “法治+小镇”的模式 → 法治+小镇模式
                        out.append(_Found(name, s - len(q.group(0)), m.end(), 1))
                elif needs == "practice":
                    clause = CLAUSE.split(norm[max(0, s - 16):s])[-1]
                    clause = re.split(r"和|与|及|的", clause)[-1]
                    name = strip_lead(clause, self.lead_words)
                    if len(name) >= 3 and not _stopped("model", name, self.stops) \
                            and not _stopped("name", name + ending, self.stops):
                        out.append(_Found(name + ending, s - len(name), m.end(), 1))  # 信访代办制
        return out

    # -- one campaign per name ---------------------------------------------------------------------------------------

    @staticmethod
    def _merge(doc, found: list[_Found], short: dict[str, str]) -> list[Campaign]:
        """One campaign per name; a name inside a longer one of nearly the same length, a quoted name and the
        same name with the ending of its event (治重化积, 治重化积专项工作), and a known name and its short name
        (治理重复信访化解信访积案, 治重化积) are the same campaign."""
        found.sort(key=lambda f: (-f.priority, f.start))
        ev = evidence_for(doc)
        out: dict[str, Campaign] = {}
        keys = _Keys()
        for f in found:
            name = next((full + f.name[len(a):] for a, full in short.items() if f.name.startswith(a)), f.name)
            key = KEY_DROP.sub("", name)
            same = keys.first_same(key)
            if same is None:
                out[key] = Campaign(f.name)
                keys.add(key)
                same = key
            out[same].evidence.append(ev(max(0, f.start), f.end))
        return sorted(out.values(), key=lambda c: c.evidence[0].start)


KEY_DROP = re.compile(r"[《》〈〉“”\"、，,\s]")


class _Keys:
    """The campaigns' keys in the order they were first seen. `first_same` is the first key `_same` as a given one
    (what a scan of all the keys finds); past a few dozen keys it is looked up among the keys the given one holds or
    is held in, by an index of every substring of every key (a report naming thousands of campaigns stays linear)."""

    SCAN = 32  # up to this many keys, a scan is cheaper than the index

    def __init__(self):
        self.order: dict[str, int] = {}
        self.holding: dict[str, list[str]] | None = None  # substring → the keys it is part of

    def add(self, key: str) -> None:
        self.order[key] = len(self.order)
        if self.holding is None and len(self.order) > self.SCAN:
            self.holding = {}
            for k in self.order:
                self._index(k)
        elif self.holding is not None:
            self._index(key)

    def _index(self, key: str) -> None:
        for part in substrings(key):
            self.holding.setdefault(part, []).append(key)

    def first_same(self, key: str) -> str | None:
        if self.holding is None:
            return next((k for k in self.order if _same(k, key)), None)
        candidates = {k for k in substrings(key) if k in self.order} | set(self.holding.get(key, ()))
        for k in sorted(candidates, key=self.order.__getitem__):
            if _same(k, key):
                return k
        return None


ETC_CAMPAIGN = re.compile(r"等[\u4e00-\u9fff]{0,10}?(?:专项(?:行动|整治|治理)|行动|活动|攻坚战)")
QUOTE_JOIN = re.compile(r"[、和及与]?")


def _last_in_run(norm: str, quotes: list[re.Match]) -> list[int]:
    """For each quote, the last of the quotes written right after it (“减量控大”“途安”, “…”、“…”): from the end,
    each quote's is the next one's when only a 、 (和, 及, 与) or nothing stands between them."""
    last = list(range(len(quotes)))
    for j in range(len(quotes) - 2, -1, -1):
        if QUOTE_JOIN.fullmatch(norm, quotes[j].end(), quotes[j + 1].start()):
            last[j] = last[j + 1]
    return last


def _same(a: str, b: str) -> bool:
    short, long_ = sorted((a, b), key=len)
    if short not in long_:
        return False
    if len(short) / len(long_) >= 0.6:
        return True
    rest = long_.replace(short, "", 1)
    return long_.startswith(short) and bool(QUOTE_TAIL.fullmatch(rest) or GENERIC_TAIL.fullmatch(rest))
