"""`kg_metrics`: reported figures — number + unit + what is counted (信访总量2890件3846人 → two)."""
from __future__ import annotations

import re
from functools import lru_cache

import cn2an
from spacy.language import Language
from spacy.tokens import Doc

from .. import data
from ..model import Metric
from .doc import evidence

DELIM = re.compile(r"[，,。；;：:、（()）\n“”\"！？!?]|其中|以及|并且")
CN_DIGITS = "零〇一二两三四五六七八九十百千万"
NUMBER = r"(?P<num>\d+(?:\.\d+)?)\s*(?P<mag>万|亿)?(?P<approx>余|多)?"
CN_NUMBER = rf"(?P<cn>[{CN_DIGITS}]+)(?P<approx2>余|多)?"
MULTI_NAMES = re.compile(r"^(?P<names>[^，。；,;]+?(?:、|及|和)[^，。；,;]+?)(?:均为|均达到|均达|均是|都是|都为|均|分别为|达到|达)?$")
CLAUSE_END = re.compile(r"[，,。；;：:\n]")
COMPARISON = re.compile(r"^(?:较|同比|环比|比)")
NOUN_STOP = re.compile(r"[的被由已均和与、并在对向将把从于为给让使]|(?<!以)及|全部|得到|进行|开展|参加|参与|实现|办理|化解|落实|纳入|涉及")
DURATION_UNITS = {"小时", "天", "个工作日", "学时", "课时"}


@lru_cache(maxsize=None)
def _units(name: str = "metric_units.txt") -> tuple[re.Pattern, frozenset[str]]:
    units, follows = [], set()
    for line in data.lines(name):
        parts = line.split("\t")
        units.append(parts[0])
        if len(parts) > 1 and parts[1] == "follows":
            follows.add(parts[0])
    alt = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    pattern = re.compile(
        rf"(?<![\d.第〔\[（(/—\-~－])(?:{NUMBER}|(?<![{CN_DIGITS}第]){CN_NUMBER})\s*(?P<unit>{alt}|%|％)")
    return pattern, frozenset(follows)


@lru_cache(maxsize=None)
def _fillers(name: str = "metric_fillers.txt") -> tuple[re.Pattern, re.Pattern]:
    lines = data.lines(name)
    head = next(l[1:] for l in lines if l.startswith("^"))
    tail = next(l[1:] for l in lines if l.startswith("$"))
    return re.compile("^" + head.lstrip("^")), re.compile(tail if tail.endswith("$") else tail + "$")


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
    try:
        return float(cn2an.cn2an(m.group("cn"), "smart"))
    except (ValueError, KeyError, TypeError):
        return None


def _clean_name(name: str, fillers: str = "metric_fillers.txt") -> str:
    head, tail = _fillers(fillers)
    prev = None
    while prev != name:
        prev = name
        name = head.sub("", name)
        name = tail.sub("", name)
        name = name.strip(" 　")
    return name


@Language.factory(
    "kg_metrics",
    requires=["doc._.kg_norm", "doc._.kg_titles", "doc._.kg_campaigns"],
    assigns=["doc._.kg_metrics"],
    default_config={"units": "metric_units.txt", "fillers": "metric_fillers.txt"},
)
def make_metrics(nlp: Language, name: str, units: str, fillers: str):
    return MetricExtractor(units, fillers)


class MetricExtractor:
    """Reported figures: a number (Arabic or Chinese, 万/亿, 余/多) with a unit, named by what it counts (the noun
    phrase before it, or after it for units that come first), outside titles and campaign names."""

    def __init__(self, units: str = "metric_units.txt", fillers: str = "metric_fillers.txt"):
        self.units, self.fillers = units, fillers

    def __call__(self, doc: Doc) -> Doc:
        norm = doc._.kg_norm
        pattern, follows = _units(self.units)
        titles = [(t.start, t.end) for t in doc._.kg_titles]
        titles += [(e.start, e.end) for c in doc._.kg_campaigns or () for e in c.evidence]
        out: list[Metric] = []
        last_end, last_names = -1, [""]
        for m in pattern.finditer(norm):
            s, e = m.start(), m.end()
            unit = m.group("unit").replace("％", "%")
            if any(a <= s < b for a, b in titles):
                continue
            after = norm[e:e + 2]
            if m.group("cn"):
                # Chinese numerals only as a plain count closing a clause: 开展培训三次。 (not 两个维护, 一次性)
                if after[:1] and not DELIM.match(after[:1]) and after[:1] not in "，。；、":
                    continue
                if len(m.group("cn")) == 1 and unit in ("个", "项", "次", "批", "件") and norm[s - 1:s] in "第每这那":
                    continue
            if unit != "%" and re.match(r"[年月日号时岁周届级]", after[:1] or " "):
                continue
            if unit == "%" and re.match(r"\d", norm[s - 1:s] or ""):
                continue
            if unit == "次" and after.startswith("性"):
                continue
            if unit in DURATION_UNITS and after[:1] and not DELIM.match(after[:1]):
                continue  # 24小时值班 describes a service, it is not a reported figure
            value = _value(m)
            if value is None:
                continue
            if unit != "%" and m.group("num") and re.fullmatch(r"(19|20)\d\d", m.group("num")) and unit in ("年",):
                continue
            between = norm[last_end:s] if last_end >= 0 else None
            if between == "" or (between is not None and re.fullmatch(r"[、和及]", between) and last_names[0]):
                names = last_names  # 2890件3846人: the second figure counts the same thing
            else:
                clause = DELIM.split(norm[max(0, s - 40):s])[-1]
                whole = CLAUSE_END.split(norm[max(0, s - 40):s])[-1]
                multi = MULTI_NAMES.match(whole) if unit == "%" else None
                parts = re.split(r"、|(?<=率)[及和]", multi.group("names")) if multi else []
                if multi and len(parts) > 1 and all(p.rstrip("均达为到").endswith("率") for p in parts):
                    names = [_clean_name(n, self.fillers) for n in parts]  # 及时受理率、按期办结率均为100%
                else:
                    names = [_clean_name(clause, self.fillers)]
                if COMPARISON.match(clause) and last_names[0]:
                    names = [last_names[0] + names[0]]  # 682件，较往年同期下降43.58% compares the same thing
                noun = NOUN_STOP.split(DELIM.split(norm[e:e + 16])[0])[0]
                if noun and unit != "%" and not re.match(r"[\d一二三四五六七八九十]", noun):
                    # 梳理排查32件重点问题: the counted thing follows the number
                    fill = self.fillers
                    names = [_clean_name(n + noun, fill) if unit in follows else _clean_name(noun, fill) for n in names]
            for name in names:
                out.append(Metric(name=name, value=value, unit=unit, evidence=evidence(doc, s, e)))
            last_end, last_names = e, names
        doc._.kg_metrics = out
        return doc
