"""jieba's segmentation as a spaCy tokenizer: one cut per text, each word a token with no trailing space.

Two registered tokenizers give the words of jieba's dictionary and algorithm (a prefix DAG, the most probable
route, the HMM for unknown words):

- `kg.RJiebaTokenizer.v1` (the default): rjieba, a binding of jieba-rs. It segments every run of Chinese text
  exactly as `jieba.lcut` does, about 18 times faster, and loads its dictionary in a tenth of a second where jieba
  takes most of a second. It differs only on runs of ASCII, which it keeps whole (`2025-04-07` is one token, jieba
  gives five).
- `kg.JiebaTokenizer.v1`: jieba itself (`jieba.cut(text)`, the HMM on, as `jieba.lcut`).

kg's components match on characters (doc._.kg_norm), not on tokens, so either gives the same extraction. spaCy's
own `spacy.zh.ChineseTokenizer` gives the same words, then walks the text a second time in Python to turn single
spaces into trailing-space flags; here white space is a token of its own, so the tokens join to the input text
exactly. The tokenizer sets `doc._.kg_text` to that text, so that no component joins the tokens again (`doc.text`
walks every token in Python).
"""
from __future__ import annotations

from spacy.tokens import Doc
from spacy.util import registry

from . import doc as _doc  # noqa: F401  (registers the Doc extensions)


class _Segmenter:
    """`nlp.tokenizer`: text → Doc of the segmenter's words (`cut`: text → words joining to the text)."""

    def __init__(self, vocab, cut):
        self.vocab = vocab
        self._cut = cut

    def __call__(self, text: str) -> Doc:
        words = [w for w in self._cut(text) if w]
        doc = Doc(self.vocab, words=words, spaces=[False] * len(words))
        doc._.kg_text = text
        return doc

    # the segmenter's dictionary is not part of the pipeline's state: nothing to save or load
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "_Segmenter":
        return self

    def to_disk(self, path, **kwargs) -> None:
        return None

    def from_disk(self, path, **kwargs) -> "_Segmenter":
        return self


class RJiebaTokenizer(_Segmenter):
    """jieba-rs (rjieba) with jieba's dictionary: `rjieba.cut(text)`, the HMM on."""

    def __init__(self, vocab):
        import rjieba

        super().__init__(vocab, rjieba.cut)


class JiebaTokenizer(_Segmenter):
    """jieba itself: `jieba.cut(text)`, the HMM on, as `jieba.lcut`."""

    def __init__(self, vocab):
        import jieba

        from .jieba_setup import quiet_jieba

        quiet_jieba()
        super().__init__(vocab, jieba.dt.cut)


@registry.tokenizers("kg.RJiebaTokenizer.v1")
def create_rjieba_tokenizer():
    def make(nlp):
        return RJiebaTokenizer(nlp.vocab)

    return make


@registry.tokenizers("kg.JiebaTokenizer.v1")
def create_jieba_tokenizer():
    def make(nlp):
        return JiebaTokenizer(nlp.vocab)

    return make
