"""Evidence from prose: the stance of a quote, and the attributed claims in an article.

Pure functions, standard library only, nothing read or fetched at run time.
"""

from workers.extraction.attribution import UNATTRIBUTED, extract_attributions, read_article
from workers.extraction.quote_stance import STANCES, infer_quote_stance
from workers.extraction.relevance import analyse_statement, assess
from workers.extraction.sentences import light_stem, place_root, split_sentences, tokenize, word_keys

__all__ = [
    "STANCES",
    "UNATTRIBUTED",
    "analyse_statement",
    "assess",
    "extract_attributions",
    "infer_quote_stance",
    "read_article",
    "light_stem",
    "place_root",
    "split_sentences",
    "tokenize",
    "word_keys",
]
