"""The jieba segmenter as a spaCy tokenizer: one `jieba.cut` per text and nothing else.

spaCy's own `spacy.zh.ChineseTokenizer` (segmenter "jieba") gives the same words, then walks the text a second
time in Python (`util.get_words_and_spaces`) to turn single spaces into trailing-space flags; that walk costs a
fifth of the segmentation itself. Here every jieba word, whitespace included, is a token with no trailing space,
so `doc.text` is the input text exactly and token offsets are jieba's.
"""
from __future__ import annotations

from spacy.tokens import Doc
from spacy.util import registry


class JiebaTokenizer:
    """`nlp.tokenizer`: text → Doc of jieba's words (`jieba.cut(text)`, the HMM on, as `jieba.lcut`)."""

    def __init__(self, vocab):
        import jieba

        self.vocab = vocab
        self._cut = jieba.dt.cut

    def __call__(self, text: str) -> Doc:
        words = [w for w in self._cut(text) if w]
        return Doc(self.vocab, words=words, spaces=[False] * len(words))

    # jieba's dictionary is not part of the pipeline's state: nothing to save or load
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "JiebaTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        return None

    def from_disk(self, path, **kwargs) -> "JiebaTokenizer":
        return self


@registry.tokenizers("kg.JiebaTokenizer.v1")
def create_jieba_tokenizer():
    def make(nlp):
        return JiebaTokenizer(nlp.vocab)

    return make
