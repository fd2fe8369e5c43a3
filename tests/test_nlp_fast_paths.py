"""The fast paths of extraction give exactly what the plain ways they replace give (hypothesis and tables of cases):
rjieba's words and jieba's on Chinese text, the dictionary read from jieba's file and jieba's own tables, strings
found by their last characters and by an automaton or a regex alternation, patterns led by their first characters
and the patterns themselves, bisections of spans and scans of every span."""
from __future__ import annotations

import functools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SAMPLE_REPORT
from kg.nlp import campaigns, doc as nlp_doc, metrics, names, normalize as nz, officials
from kg.resolve import orgs
from kg.resolve.gazetteer import gazetteer
from kg.resolve.matching import Literals, finditer_from, leftmost_longest, with_first_chars

HAN = re.compile(r"[\u4e00-\u9fff]")

# pieces the patterns below are about, and characters around them
GENRE = ("宁阳县", "泰安市", "和县", "赵县", "福州市长乐区", "县委", "县政府", "县委书记", "局长", "党组书记、局长", "分管副局长",
         "县人大常委会主任", "信访局", "人民政府", "市公安局", "委托", "依法治县办", "中共", "共青团", "自治区党委", "地委",
         "专项整治", "宣传月", "落实年", "集中宣传月活动", "记者", "编辑：", "来源：", "300人", "1.3 万件", "三千五百人次",
         "12.3%", "（块）", "第三次", "“", "”", "、", "，", "。", "\n", " ", "的", "在", "马合群", "王强")
genre_text = st.lists(st.one_of(st.sampled_from(GENRE), st.text(alphabet="县市区委局长书记省州的和在“”、1２ａ", max_size=3)),
                      max_size=30).map("".join)


def _boundaries(words: list[str]) -> set[int]:
    out, p = set(), 0
    for w in words:
        p += len(w)
        out.add(p)
    return out


# -- segmentation and jieba's dictionary -------------------------------------------------------------------------
def test_nlp_rjieba_tokenizer_segments_chinese_as_jieba(shared_dir):
    import jieba
    import rjieba

    shared = sorted(shared_dir.glob("corpus/*/*.txt"))  # every shared text, where the shared folder is here
    texts = [SAMPLE_REPORT, "2025-04-07，宁阳县信访局 局长马合群\n说：“5+N”机制，ＡＢ超。"] + \
        [p.read_text(encoding="utf-8") for p in shared]
    for text in texts:
        ours, theirs = rjieba.cut(text), jieba.lcut(text)
        assert "".join(ours) == text
        differ = _boundaries(ours) ^ _boundaries(theirs)
        # the two differ only inside runs of ASCII (2025-04-07 is one word to rjieba)
        assert not [p for p in differ if HAN.match(text[p - 1:p] or " ") or HAN.match(text[p:p + 1] or " ")]


def test_nlp_tokenizer_tokens_join_to_the_text_and_set_it():
    from kg.nlp import make_nlp

    text = "2025-04-07，宁阳县信访局 局长马合群\n\n  说：“5+N”机制"
    doc = make_nlp().make_doc(text)
    assert doc.text == text and doc._.kg_text == text
    assert all(not t.whitespace_ for t in doc)


@settings(max_examples=300)
@given(st.text(alphabet="信访工作法治化阳光首要任务理论武装告知承诺5+NAB超", min_size=1, max_size=12))
def test_nlp_rjieba_without_hmm_cuts_quotes_as_jieba(q):
    import jieba
    import rjieba

    assert rjieba.cut(q, hmm=False) == jieba.lcut(q, HMM=False)


def test_nlp_dictionary_is_jiebas_frequencies_and_tags():
    import jieba
    import jieba.posseg

    from kg.nlp import dictionary

    jieba.dt.check_initialized()
    freq, tags = dictionary.tables()
    assert len(freq) == len(tags) > 300_000
    for w in list(jieba.dt.FREQ)[::37] + ["高峰", "周密", "信访", "不在词典里的词"]:
        assert dictionary.word_freq(w) == (jieba.dt.FREQ.get(w) or 0)
        assert dictionary.word_tag(w) == jieba.posseg.dt.word_tag_tab.get(w)


# -- strings found by their last characters ----------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _division_automaton():
    import ahocorasick

    auto = ahocorasick.Automaton()
    for name in gazetteer()._names.words:
        auto.add_word(name, name)
    auto.make_automaton()
    return auto


@given(genre_text)
def test_matching_literals_longest_same_as_automaton(text):
    from kg.resolve.matching import longest_matches

    assert gazetteer()._names.longest(text) == longest_matches(_division_automaton(), text)


@given(genre_text)
def test_matching_heads_same_as_their_regex(text):
    regex = orgs._head_regex()
    assert orgs.find_heads(text) == [(m.start(), m.end(), m.group(0)) for m in regex.finditer(text)]
    for pos in range(len(text) + 1):
        m = regex.match(text, pos)
        assert orgs.head_written_at(text, pos) == (m.group(0) if m else None)


@given(st.lists(st.sampled_from(["王强", "王强军", "强军", "某某", "某某某", "马", "ab"]), min_size=1, max_size=4),
       st.lists(st.sampled_from(["王", "强", "军", "某", "马", "a", "b", "，"]), max_size=40).map("".join))
def test_matching_each_same_as_finditer_per_word(words, text):
    each = Literals(words).each(text)
    for w in set(words):
        assert each.get(w, []) == [m.span() for m in re.finditer(re.escape(w), text)]


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 6), st.text("ab", min_size=1, max_size=2)), max_size=12))
def test_matching_leftmost_longest_takes_the_longest_at_each_place(hits):
    hits = [(s, s + n, w) for s, n, w in hits]
    out = leftmost_longest(hits)
    assert all(a[1] <= b[0] for a, b in zip(out, out[1:]))
    for s, e, _ in out:
        assert e - s == max(h[1] - h[0] for h in hits if h[0] == s)


# -- patterns led by their first characters, patterns tried only where they can start ------------------------------
FIRST_CHARS_CASES = [
    ("campaign endings", lambda: campaigns._endings()),
    ("figures", lambda: metrics._units()[0]),
    ("bylines", lambda: names.byline_pattern()),
]


@pytest.mark.parametrize("pattern", [f for _, f in FIRST_CHARS_CASES], ids=[n for n, _ in FIRST_CHARS_CASES])
@given(text=genre_text)
def test_matching_with_first_chars_finds_what_the_pattern_finds(pattern, text):
    fast = pattern()
    assert fast.pattern.startswith("(?=[")  # the lookahead was made
    plain = re.compile(fast.pattern[fast.pattern.index("])(?:") + 5:-1], fast.flags)
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


@pytest.mark.parametrize("pattern, expected", [
    (r"(?:集中)?宣传(?:月|周)", "(?=[集宣])"), (r"(?<!x)\d+元", r"(?=[\d])"), (r"^(?:ab|c)", "(?=[ac])"),
    (r"[^a]b", None), (r"(?:)", None), (r"a*", None), (r"(?i)ab", None),
])
def test_matching_with_first_chars_reads_the_first_characters(pattern, expected):
    made = with_first_chars(re.compile(pattern)).pattern
    assert made.startswith(expected) if expected else made == pattern


@given(genre_text)
def test_officials_titles_found_where_posts_are_same_as_the_pattern(view):
    assert [m.span() for m in officials.find_titles(view)] == [m.span() for m in officials._titles().finditer(view)]


@given(genre_text)
def test_orgs_relative_words_tried_where_they_start_same_as_the_pattern(text):
    starts = (m.start() for m in orgs._RELATIVE_START.finditer(text))
    assert [m.span() for m in finditer_from(orgs._RELATIVE, text, starts)] == \
        [m.span() for m in orgs._RELATIVE.finditer(text)]


# -- words, spans and offsets ------------------------------------------------------------------------------------
@given(st.text(alphabet="村民的儿子说反映等人镇路社区信访局ab", max_size=12), st.integers(-3, 15))
def test_names_words_at_and_before_same_as_slices(s, i):
    for words in (names.context()["person_before"], names.context()["place_after"]):
        assert words.at(s, i) == words._slices_at(s, i)
        assert words.before(s, i) == words._slices_before(s, i)


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 8)), max_size=8), st.integers(0, 35), st.integers(1, 8))
def test_doc_span_index_same_as_any(spans, s, n):
    spans = [(a, a + k) for a, k in spans]
    e = s + n
    index = nlp_doc.SpanIndex(spans)
    assert index.overlaps(s, e) == any(a < e and s < b for a, b in spans)
    assert index.covers(s, e) == any(a <= s and e <= b for a, b in spans)
    assert index.encloses(s, e) == any(a < s and e < b for a, b in spans)


@given(st.text(alphabet="ab，,；;：:。", max_size=25), st.data())
def test_doc_clauses_same_as_regex_scans(text, data):
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    clauses = nlp_doc._Clauses(text)
    assert clauses.after_last_break(a, b) == max([m.end() for m in nlp_doc.CLAUSE_BREAK.finditer(text, a, b)] or [0])
    m = nlp_doc.CLAUSE_END.search(text, a, b)
    assert clauses.after_first_end(a, b) == (m.end() if m else b)


@given(st.text(alphabet="ab“”\"‘’八五普法", max_size=20))
def test_campaigns_plain_text_maps_back_to_every_character(norm):
    keep = [i for i, c in enumerate(norm) if c not in campaigns.QUOTE_CHARS]
    plain = campaigns._Plain(norm)
    assert plain.text == "".join(norm[i] for i in keep)
    for a in range(len(keep)):
        assert plain.span(a, a + 1) == (keep[a], keep[a] + 1)
        assert plain.span(a, len(keep)) == (keep[a], keep[-1] + 1)


@given(st.lists(st.text(alphabet="治重化积专项工作活动“宣传月", min_size=1, max_size=8), max_size=60))
def test_campaigns_keys_first_same_as_a_scan(keys):
    index, seen = campaigns._Keys(), []
    for key in keys:
        want = next((k for k in seen if campaigns._same(k, key)), None)
        assert index.first_same(key) == want
        if want is None:
            index.add(key)
            seen.append(key)


@given(st.lists(st.sampled_from(["“减量控大”", "“途安”", "、", "和", "，", "等专项行动", "“一”"]), max_size=30).map("".join))
def test_campaigns_quote_runs_same_as_walking_them(norm):
    quotes = list(campaigns.QUOTED.finditer(norm))
    last = campaigns._last_in_run(norm, quotes)
    for i in range(len(quotes)):
        j = i
        while j + 1 < len(quotes) and re.fullmatch(r"[、和及与]?", norm[quotes[j].end():quotes[j + 1].start()]):
            j += 1
        assert last[i] == j


@given(st.text(alphabet=[chr(c) for c in range(0xFF00, 0xFF70)] + list("ab中文\u3000 ，。％"), max_size=30))
def test_normalize_narrows_runs_as_translating_the_whole(text):
    assert nz._WIDE_RUN.sub(nz._narrow, text) == text.translate(nz._WIDTH)


@given(st.text(alphabet="国學信访這办结率中文𠀀ab", max_size=20))
def test_normalize_finds_traditional_characters_as_the_set(text):
    assert nz._has_traditional(text) == (not nz._traditional()[0].isdisjoint(text))
