"""Case tables for personal names by their shape (kg.nlp.names), which officials and privacy share: a family name and
one or two given characters; a common word is not a name; where a name ends; the view names are read on."""
from __future__ import annotations

import pytest

from kg.nlp import names as nm


@pytest.mark.parametrize("text, name", [
    ("马合群主持召开会议", "马合群"),     # 群主 is a rare word: the third character stays
    ("吴鹏参加会议", "吴鹏"),             # 参加 is the next word
    ("白英认真听取", "白英"),
    ("宋化云参加接访", "宋化云"),
    ("石瑞发先后多次", "石瑞发"),
    ("刘洋带队接访", "刘洋"),
    ("吴鹏送去慰问品", "吴鹏"),           # 送 begins the verb
    ("王向东反映", "王向东"),             # 向 begins a given name here
    ("欧阳晓峰说", "欧阳晓峰"),            # a compound family name
    ("魏国强长期在外", "魏国强"),
    ("张三反映问题", "张三"),
])
def test_names_shape_tells_where_a_name_ends(text, name):
    shape = nm.shape_at(text)
    assert shape is not None and text[:shape.length] == name


@pytest.mark.parametrize("text, word", [
    ("高度重视", 2), ("周密部署", 2), ("任务落实", 2), ("万余件", 2), ("向社会公开", 2), ("周清理", 2),
    ("马上办", 1), ("王国强说", 1), ("马合群", 0), ("李秀英多次", 0),
])
def test_names_common_words_read_as_words(text, word):
    assert nm.shape_at(text).word == word


@pytest.mark.parametrize("text", ["王某书记", "王的", "李副局长", "局长负责", "张局长", "王书记"])
def test_names_no_name_where_a_function_word_a_mask_or_a_post_follows(text):
    assert nm.split_name(text) is None


@pytest.mark.parametrize("text, start, end, place", [
    ("吴江区", 0, 2, True),          # a division's short name
    ("法治吴江建设", 2, 4, True),
    ("金庄镇居民", 0, 2, True),       # a name followed by a place's ending
    ("岳坊司法所所长", 0, 2, True),
    ("文松路666号", 0, 2, True),
    ("鲁山人民政府", 0, 3, True),     # a short name, then a body
    ("宣教处", 0, 3, True),           # ends like a body
    ("塔峰路住建局", 2, 5, True),
    ("金凤英连声道谢", 0, 3, False),  # 金凤 is a district, 金凤英 a person
    ("王德贵说", 0, 3, False),
])
def test_names_place_names_win(text, start, end, place):
    assert nm.is_place_name(text, start, end) is place


@pytest.mark.parametrize("text, view, name, span", [
    ("信访人邱\u202e小二反映", "信访人邱小二反映", "邱小二", (3, 7)),     # a bidi override taken out
    ("群众王\u200b德贵说", "群众王德贵说", "王德贵", (2, 6)),             # a zero-width space
    ("局长 王  强 带队", "局长 王强 带队", "王强", (3, 7)),                # a name padded to a table cell
    ("1月5日  李 明 军  县长", "1月5日  李明军  县长", "李明军", (6, 11)),
    ("宁阳县信访局", "宁阳县信访局", "信访局", (3, 6)),                    # nothing to take out
])
def test_names_view_without_invisible_characters_maps_back_to_the_text(text, view, name, span):
    v = nm.view_of(text)
    assert v.text == view
    start = view.index(name)
    assert v.span(start, start + len(name)) == span
