"""`kg_campaigns`: named campaigns, activities, working models and slogans."""
from __future__ import annotations

import re
from functools import lru_cache

import ahocorasick
from spacy.language import Language
from spacy.tokens import Doc

from .. import data
from ..model import Campaign
from ..resolve.regulations import classify
from .doc import evidence

QUOTED = re.compile(r"[“\"]([^“”\"\n]{2,30})[”\"]")
CLAUSE = re.compile(r"[，,。；;：:、（()）\n“”\"！？!?]")
NOT_AFTER_QUOTE = re.compile(r"^(?:称号|荣誉|奖|先进|单位|示范单位|品牌|栏目|专栏|公众号|平台|热线|小程序|APP|系统)")


@lru_cache(maxsize=None)
def _known(name: str = "campaigns_known.txt") -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for known in data.lines(name):
        auto.add_word(known, known)
    auto.make_automaton()
    return auto


@lru_cache(maxsize=None)
def _endings(name: str = "campaign_patterns.txt") -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in data.lines(name)))


@lru_cache(maxsize=None)
def _lead(name: str = "campaign_lead_words.txt") -> list[re.Pattern]:
    return [re.compile(p) for p in data.lines(name)]


def strip_lead(name: str, lead_words: str = "campaign_lead_words.txt") -> str:
    prev = None
    while prev != name:
        prev = name
        for p in _lead(lead_words):
            name = p.sub("", name)
    return name


@lru_cache(maxsize=None)
def _stoplist(name: str = "campaign_stoplist.txt") -> frozenset[str]:
    return frozenset(data.lines(name))


NUMBERED_FORMULA = re.compile(r"^[一二两三四五六七八九十]+个")


def _is_named_programme(q: str, stoplist: str = "campaign_stoplist.txt") -> bool:
    """A quoted phrase that names a programme or model (阳光信访, 最多访一次), not a slogan, a role,
    a description of a problem (信访不信法), a political formula (四个意识) or an organisation."""
    if len(q) < 4 or q in _stoplist(stoplist) or re.search(r"[，,；;。！!？?]", q):
        return False
    if re.fullmatch(r"[\d.%+\-\s]+", q) or NUMBERED_FORMULA.match(q) or "不" in q or re.search(r"\d%", q):
        return False
    if classify(q) == "regulation":
        return False
    return not re.search(r"(局|委|院|厅|办公室|中心|政府|人|者|员)$", q)


def _common_ending(parts: list[str]) -> int:
    n = 0
    while all(len(p) > n for p in parts) and len({p[-1 - n] for p in parts}) == 1:
        n += 1
    return n


@Language.factory(
    "kg_campaigns",
    requires=["doc._.kg_norm", "doc._.kg_titles"],
    assigns=["doc._.kg_campaigns"],
    default_config={"known": "campaigns_known.txt", "endings": "campaign_patterns.txt",
                    "lead_words": "campaign_lead_words.txt", "stoplist": "campaign_stoplist.txt"},
)
def make_campaigns(nlp: Language, name: str, known: str, endings: str, lead_words: str, stoplist: str):
    return CampaignExtractor(known, endings, lead_words, stoplist)


class CampaignExtractor:
    """Named campaigns: known names, quoted programme names (with the ending that makes them an event), and noun
    phrases before a campaign ending (…专项行动, …宣传月)."""

    def __init__(self, known: str = "campaigns_known.txt", endings: str = "campaign_patterns.txt",
                 lead_words: str = "campaign_lead_words.txt", stoplist: str = "campaign_stoplist.txt"):
        self.known, self.endings, self.lead_words, self.stoplist = known, endings, lead_words, stoplist

    def __call__(self, doc: Doc) -> Doc:
        norm = doc._.kg_norm
        endings = _endings(self.endings)
        found: list[tuple[str, int, int, int]] = []  # (name, start, end, priority)
        for end, name in _known(self.known).iter(norm):
            found.append((name, end - len(name) + 1, end + 1, 3))
        for m in QUOTED.finditer(norm):
            q = m.group(1).strip()
            if NOT_AFTER_QUOTE.match(norm[m.end():m.end() + 4]):
                continue
            tail = endings.match(norm, m.end())
            parts = q.split("、")
            if not tail and len(parts) > 1 and all(len(p) >= 3 for p in parts) and _common_ending(parts) >= 2:
                # “阳光信访、责任信访、法治信访”: a list of programmes of one kind
                pos = m.start(1)
                for p in parts:
                    if _is_named_programme(p, self.stoplist):
                        found.append((p, pos, pos + len(p), 2))
                    pos += len(p) + 1
                continue
            if not tail and (not _is_named_programme(q, self.stoplist) or "、" in q):
                continue
            # “信访工作法治化”宣传月 → the quoted core plus the ending that makes it an event
            if tail and tail.group(0) != "经验":
                q = q + tail.group(0)
                found.append((q, m.start(), tail.end(), 2))
            else:
                found.append((q, m.start(1), m.end(1), 2))
        titles = [(t.start, t.end) for t in doc._.kg_titles]
        for m in endings.finditer(norm):
            if m.group(0) == "经验":
                continue
            s = m.start()
            if any(a < s < b for a, b in titles):
                continue  # inside a title: 〈睢县《信访工作条例》落实年实施方案〉 is a document
            clause = CLAUSE.split(norm[max(0, s - 24):s])[-1]
            clause = re.split(r"的|为主题|主题", clause)[-1]
            if not clause or norm[s - 1:s] in "”\"":
                continue
            # the name is the noun phrase before the ending, without the leading verbs
            name = strip_lead(clause, self.lead_words)
            # a second verb inside the clause starts the name after it (推动…开展…)
            parts = re.split(r"开展|组织|启动|推进|部署|实施|举办", name)
            name = strip_lead(parts[-1], self.lead_words) if len(parts) > 1 else name
            if len(name) < 2 or len(name) > 16 or re.search(r"[被向]|推荐|申报|确保|亲自", name):
                continue  # a clause, not a name
            full = name + m.group(0)
            end = m.end()
            act = re.match(r"活动", norm[end:end + 2])
            if act and not full.endswith("活动"):
                full += "活动"
                end += 2
            found.append((full, end - len(full), end, 1))
        doc._.kg_campaigns = self._merge(doc, found)
        return doc

    @staticmethod
    def _merge(doc, found) -> list[Campaign]:
        """One campaign per name; a name inside a longer one of nearly the same length is the same campaign."""
        found.sort(key=lambda f: (-f[3], f[1]))
        out: dict[str, Campaign] = {}
        for name, s, e, _ in found:
            key = re.sub(r"[《》〈〉、，,\s]", "", name)
            same = next((k for k in out if (key in k or k in key)
                         and min(len(k), len(key)) / max(len(k), len(key)) >= 0.6), None)
            if same is None:
                out[key] = Campaign(name)
                same = key
            out[same].evidence.append(evidence(doc, max(0, s), e))
        return sorted(out.values(), key=lambda c: c.evidence[0].start)
