"""`kg_metrics`: reported figures — number + unit + what is counted (信访总量2890件3846人 → two)."""
from __future__ import annotations

import re
from functools import lru_cache

import cn2an
from spacy.language import Language
from spacy.tokens import Doc

from .. import data
from ..resolve.matching import any_of, with_first_chars
from ..model import Metric
from .doc import evidence_for

DELIM = re.compile(r"[，,。；;：:、（()）\n！？!?]|其中|以及|并且")
CN_DIGITS = "零〇一二两三四五六七八九十百千万"
GAP = r"[ \t\u3000]*"  # spaces inside a line (1.3 万件, 3 部); never a line break
NUMBER = rf"(?P<num>\d+(?:\.\d+)?){GAP}(?P<mag>万|亿)?(?P<approx>余|多)?"
CN_NUMBER = rf"(?P<cn>[{CN_DIGITS}]+)(?P<approx2>余|多)?"
# before a number: 约300人, 近万人, 大约; after its unit: 300人左右, 100人以上
APPROX_BEFORE = re.compile(r"(?:约|近|大约|接近|将近|逾|超过|超)$")
APPROX_AFTER = re.compile(r"^(?:左右|以上|上下|有余)")  # read on the two characters after a figure
# names that share one figure: 及时受理率、按期办结率均为100%; 来信、来访分别为5件、7件 (one value each, in order)
SHARED = re.compile(r"^(?P<names>[^，。；,;]+?(?:、|及|和|与)[^，。；,;]+?)(?P<how>均为|均达到|均达|均是|均|都是|都为|都达到|都|全部|"
                    r"分别为|分别达到|分别达|分别是|分别|)(?:达到|达|为|是|(?P<change>下降|上升|增长|减少|提高|降低))?$")
CLAUSE_END = re.compile(r"[，,。；;：:\n]")
COMPARISON = re.compile(r"^(?:较|同比|环比|比)")
# 来信312件、来访598批、网上信访616件，同比分别下降12.3%、8.5%和5.2%: one change for each figure before, in order
RATE_CHAIN = re.compile(r"(?:[、和及][ \t]*\d+(?:\.\d+)?%)*")
RESPECTIVE_CHANGE = re.compile(r"^(?:较上年|较去年|较上年同期|同比|环比|比上年)?分别(?:下降|上升|增长|减少|提高|降低)(?:了)?$")
# where the counted noun after a number stops: a function word, a verb, a number, a quote or a title
VERBS = (r"得到|进行|开展|参加|参与|实现|办理|化解|落实|纳入|涉及|协助|申报|报送|入围|获评|获得|提供|完成|推动|推进|全覆盖|覆盖|"
         r"发放|接待|履行|参评|建成|建立|设立|成立|创建")
NOUN_STOP = re.compile(rf"[的被由已均和与、并在对向将把从于为给让使“”\"《》〈〉\d]|(?<!以)及|全部|{VERBS}")
VERB_AFTER = re.compile(rf"(?:{VERBS})")
PAREN = re.compile(r"[（(][^（）()]{0,20}[)）]")
NOUN_AFTER = re.compile(r"(?:[^，,。；;：:、\n！？!?（()）]|[（(][^（）()，。\d]{1,6}[)）]){1,16}")
EXAMPLE_TITLES = re.compile(r"(?:[《〈][^《》〈〉]{0,60}[》〉]、?)+等")  # 学习《宪法》《民法典》等法律: the category counts
# a number inside the clause before a figure (a year, a date, a count without unit) ends what that figure counts
NUMBER_IN_CLAUSE = re.compile(r"\d+(?:\.\d+)?(?:年度?|月份?|日|号)?")
QUOTE = re.compile(r"[“\"][^“”\"\n]{1,30}(?:[”\"]|$)")  # a quote the excerpt cuts off ends with the text
DURATION_UNITS = {"小时", "天", "个工作日", "学时", "课时"}
TRAILING_TITLES = re.compile(r"(?:[《〈][^《》〈〉]*[》〉])+$")


@lru_cache(maxsize=None)
def _units(name: str = "metric_units.txt") -> tuple[re.Pattern, frozenset[str], frozenset[str]]:
    """The figure pattern, the measure words whose counted noun follows the number, and the units that count
    occasions (次, 场, 期 …)."""
    units, follows, occasions = [], set(), set()
    for line in data.lines(name):
        parts = line.split("\t")
        units.append(parts[0])
        if len(parts) > 1 and parts[1] == "follows":
            follows.add(parts[0])
        if len(parts) > 1 and parts[1] == "occasion":
            occasions.add(parts[0])
    alt = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    # a unit may be written in brackets after the number in a list (展板8（块）)
    pattern = with_first_chars(re.compile(
        rf"(?<![\d.第〔\[（(/—\-~－:：])(?:{NUMBER}|(?<![{CN_DIGITS}第]){CN_NUMBER}){GAP}"
        rf"(?:(?P<unit>{alt}|%|％)|[（(](?P<punit>{alt})[)）])"))
    return pattern, frozenset(follows), frozenset(occasions)


@lru_cache(maxsize=None)
def _fillers(name: str = "metric_fillers.txt") -> tuple[re.Pattern, re.Pattern]:
    lines = data.lines(name)
    head = next(l[1:] for l in lines if l.startswith("^"))
    tail = next(l[1:] for l in lines if l.startswith("$"))
    return re.compile("^" + head.lstrip("^")), re.compile(tail if tail.endswith("$") else tail + "$")


@lru_cache(maxsize=None)
def _stops(name: str = "metric_stops.tsv") -> tuple[re.Pattern, re.Pattern]:
    """(before, after) patterns of contexts that make a number no figure (ordinals, page counters …), each side as
    one alternation: it matches (or is found) where one of its patterns does."""
    rows = data.table(name)
    return tuple(any_of([r["pattern"] for r in rows if r["side"] == side]) for side in ("before", "after"))


def _value(m: re.Match) -> float | None:
    if m.group("num"):
        v = float(m.group("num"))
        mag = m.group("mag")
        if mag == "万":
            v *= 10_000
        elif mag == "亿":
            v *= 100_000_000
        return v
    if m.group("cn") in ("万", "亿"):  # 万余份: ten thousand and more
        return 10_000.0 if m.group("cn") == "万" else 100_000_000.0
    return _chinese_number(m.group("cn"))


@lru_cache(maxsize=4096)
def _chinese_number(cn: str) -> float | None:
    """三千五百 → 3500.0 (cn2an, which is slow: each numeral is read once); None if it reads as no number."""
    try:
        return float(cn2an.cn2an(cn, "smart"))
    except (ValueError, KeyError, TypeError):
        return None


@lru_cache(maxsize=1 << 14)  # the same clauses come back (来信, 来访 …): each is cleaned once
def _clean_name(name: str, fillers: str = "metric_fillers.txt") -> str:
    """What is counted, without the words around it: titles (《…》等), brackets, quotes and fillers."""
    head, tail = _fillers(fillers)
    name = EXAMPLE_TITLES.sub("", name)
    name = re.sub(r"[“”\"'‘’]", "", name)
    # a title cut by the clause: 》等法律法规知识列入… keeps what follows it, 组织学习《信访 what precedes it
    name = re.sub(r"^[^《〈]*[》〉]", "", name)
    name = re.sub(r"[《〈][^》〉]*$", "", name)
    prev = None
    while prev != name:
        prev = name
        name = head.sub("", name)
        name = tail.sub("", name)
        name = name.strip(" 　\t、").lstrip("%.-—)）")
    return name


def _covered(spans, n: int) -> bytearray:
    """1 at every position of a text of `n` characters that one of `spans` [start, end) covers."""
    mask = bytearray(n + 1)
    for a, b in spans:
        b = min(b, n)
        if a < b:
            mask[a:b] = b"\x01" * (b - a)
    return mask


def _spans(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


@Language.factory(
    "kg_metrics",
    requires=["doc._.kg_norm", "doc._.kg_titles", "doc._.kg_campaigns"],
    assigns=["doc._.kg_metrics"],
    default_config={"units": "metric_units.txt", "fillers": "metric_fillers.txt", "stops": "metric_stops.tsv"},
)
def make_metrics(nlp: Language, name: str, units: str, fillers: str, stops: str):
    return MetricExtractor(units, fillers, stops)


class MetricExtractor:
    """Reported figures: a number (Arabic or Chinese, 万/亿, 余/多) with a unit, named by what it counts (the noun
    phrase before it, or after it for units that come first), outside titles, quotes and campaign names.

    Not figures: years, dates, ordinals (第三次, 八届二次全会), document numbers, page counters (浏览次数), numbers
    inside names (三个“一号工程”) and rules of distribution (人手一本). A number written as approximate (1万余份,
    约300人, 4000多人) is kept with `approximate`."""

    def __init__(self, units: str = "metric_units.txt", fillers: str = "metric_fillers.txt",
                 stops: str = "metric_stops.tsv"):
        self.units, self.fillers, self.stops = units, fillers, stops

    def _not_a_figure(self, norm: str, m: re.Match, unit: str) -> bool:
        s, e = m.start(), m.end()
        after = norm[e:e + 2]
        before_stops, after_stops = _stops(self.stops)
        if before_stops.search(norm[max(0, s - 12):s]):
            return True
        if after_stops.match(norm[e:e + 16]):
            return True
        if m.group("cn"):
            # Chinese numerals only as a plain count closing a clause: 开展培训三次。 (not 两个维护, 一次性)
            if after[:1] and not DELIM.match(after[:1]) and after[:1] not in "，。；、":
                return True
            if len(m.group("cn")) == 1 and unit in ("个", "项", "次", "批", "件") and norm[s - 1:s] in "第每这那":
                return True
        if unit != "%" and re.match(r"[年月日号时岁周届级]", after[:1] or " "):
            return True
        if unit == "%" and re.match(r"\d", norm[s - 1:s] or ""):
            return True
        if unit == "次" and after.startswith("性"):
            return True
        if unit in DURATION_UNITS and after[:1] and not DELIM.match(after[:1]):
            return True  # 24小时值班 describes a service, it is not a reported figure
        return False

    def _approximate(self, norm: str, m: re.Match) -> bool:
        if m.group("approx") or m.group("approx2"):
            return True
        before, after = norm[max(0, m.start() - 2):m.start()], norm[m.end():m.end() + 2]
        return bool(APPROX_BEFORE.search(before) or APPROX_AFTER.match(after))

    def _noun_after(self, norm: str, e: int) -> str:
        """The counted thing written after the unit (推出61项具体措施, 20个乡镇（街道）), up to a verb or a break."""
        m = NOUN_AFTER.match(norm, e)
        return NOUN_STOP.split(m.group(0))[0] if m else ""

    def __call__(self, doc: Doc) -> Doc:
        norm = doc._.kg_norm
        pattern, follows, _ = _units(self.units)
        skip = [(t.start, t.end) for t in doc._.kg_titles]
        skip += [(e.start, e.end) for c in doc._.kg_campaigns or () for e in c.evidence]
        skip += _spans(QUOTE, norm)  # “4个100%”, “最多跑一次”: slogans, not figures
        skipped = _covered(skip, len(norm))
        out: list[Metric] = []
        ev = evidence_for(doc)
        last_end, last_names = -1, [""]
        queue: list[str] = []  # names still waiting for their value (来信、来访分别为5件、7件)
        sentence: list[str] = []  # the distinct names of the sentence's figures so far, for 同比分别下降…
        in_sentence: set[str] = set()  # the same names, looked up (a sentence without a break may hold thousands)
        derived: set[str] = set()  # names made for 同比分别下降…: what they compare is not named again by them
        for m in pattern.finditer(norm):
            s, e = m.start(), m.end()
            unit = (m.group("unit") or m.group("punit")).replace("％", "%")
            if skipped[s] or self._not_a_figure(norm, m, unit):
                continue
            value = _value(m)
            if value is None:
                continue
            between = norm[last_end:s] if last_end >= 0 else None
            adjoining = between == "" or (between is not None and re.fullmatch(r"[、和及]", between))
            if queue and between is not None and re.fullmatch(r"[、和及]", between):
                names = [queue.pop(0)]
            elif adjoining and last_names[0]:
                queue = []
                names = last_names  # 2890件3846人: the second figure counts the same thing
            else:
                queue = []
                if last_end >= 0 and re.search(r"[。；;！？\n]", norm[last_end:s]):
                    sentence, in_sentence = [], set()
                change = RESPECTIVE_CHANGE.match(_clean_name(DELIM.split(norm[max(0, s - 16, last_end):s])[-1],
                                                             self.fillers) or "-")
                count = 1 + RATE_CHAIN.match(norm, e).group(0).count("%") if change else 0
                if change and unit == "%" and 1 < count <= len(sentence):
                    word = change.group(0).replace("分别", "")
                    own = [n + word for n in sentence[-count:]]  # the last figures before, as many as changes
                    names, queue = own[:1], own[1:]
                    derived.update(own)
                else:
                    names = self._names(norm, s, e, unit, follows, last_end, last_names)
                if len(names) > 1 and names[0] == "分别":
                    queue = names[2:]
                    names = [names[1]]
            for name in names:
                out.append(Metric(name=name, value=value, unit=unit, evidence=ev(s, e),
                                  approximate=self._approximate(norm, m)))
            last_end, last_names = e, names
            for n in names:
                if n and n not in in_sentence and n not in derived:
                    sentence.append(n)
                    in_sentence.add(n)
        doc._.kg_metrics = out
        return doc

    def _names(self, norm: str, s: int, e: int, unit: str, follows: frozenset, last_end: int,
               last_names: list[str]) -> list[str]:
        """What the figure at norm[s:e] counts: one name, several (a shared value), or ["分别", name, …] for names
        that take the values after them in order."""
        fill = self.fillers
        # the clause before, from the previous figure on (8个方面31项任务: the 31 does not count 方面), without
        # brackets and without the numbers of years and dates in it (列入2022年新考录49名公务员 → 新考录)
        start = max(0, s - 40, last_end if last_end >= 0 else 0)
        window = PAREN.sub("", norm[start:s])
        whole = NUMBER_IN_CLAUSE.split(CLAUSE_END.split(window)[-1])[-1]
        shared = SHARED.match(whole)
        if shared:
            parts = [p for p in re.split(r"、|(?<=[率量数])[及和与]", shared.group("names")) if p]
            parts = [_clean_name(p, fill) + (shared.group("change") or "") for p in parts]  # 来信、来访均下降 → 来信下降
            rates = all(p.endswith(("率", "量")) for p in parts)
            if len(parts) > 1 and all(1 < len(p) <= 16 for p in parts) and (shared.group("how") or rates):
                if shared.group("how").startswith("分别"):
                    return ["分别", *parts]
                return parts  # 及时受理率、按期办结率均为100%
        # a list before one figure names it whole (市委常委会会议、政府常务会议、专题会议4次); a long one by its
        # first item (开展进机关、进乡村、进社区、进学校…950场次 → 开展进机关等)
        items = whole.strip("、").split("、")
        if len(items) > 3:
            start = max(0, s - 120, last_end if last_end >= 0 else 0)
            items = NUMBER_IN_CLAUSE.split(CLAUSE_END.split(PAREN.sub("", norm[start:s]))[-1])[-1].strip("、").split("、")
            clause = items[0] + "等"
        elif len(items) > 1:
            clause = "、".join(items)
        else:
            clause = DELIM.split(whole)[-1]
        if unit in _units(self.units)[2]:
            # occasions (专题学习《行政复议法》3次): the title is what they were about, not what is counted
            clause = TRAILING_TITLES.sub("", clause) or clause
        names = [_clean_name(clause, fill)]
        if COMPARISON.match(clause) and last_names[0]:
            names = [last_names[0] + names[0]]  # 682件，较往年同期下降43.58% compares the same thing
        noun = self._noun_after(norm, e)
        if noun and unit != "%" and not re.match(r"[\d一二三四五六七八九十]", noun):
            noun = _clean_name(noun, fill)
            verb_before = names[0] and start != last_end and len(names[0]) <= 6 and "、" not in names[0]
            if unit in follows and verb_before:
                names = [names[0] + noun]  # 聘请3名法律顾问: the verb and the counted thing after the measure word
            else:
                names = [noun]  # 梳理排查32件重点问题
        if not names[0] or (not noun and unit not in follows and VERB_AFTER.match(norm, e)):
            # 2次开展“一把手”集中述法, 9人次获评省级以上荣誉: the clause after says what was done
            after = re.split(r"\d", DELIM.split(re.sub(r"[“”\"]", "", norm[e:e + 20]))[0])[0][:16]
            after = _clean_name(after, fill)
            names = [after or names[0]]
        return names
