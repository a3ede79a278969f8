"""Words as search compares them: folded, split, and told apart from stop words.

Shared by the glossary (matching a query against its terms) and both search backends
(which words a partial match must contain). Stop words are the common function words of
French, English and Spanish (after the Snowball lists the OpenSearch analyzers use), folded.
"""

import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer

TOKEN = re.compile(r"[^\W_]+")
COMBINING_MARKS = re.compile(r"[\u0300-\u036f]")

_FRENCH = """
a ai aie aient aies ait as au aura aurai auraient aurais aurait auras aurez auriez aurions
aurons auront aux avaient avais avait avec avez aviez avions avons ayant ayez ayons c ce
ceci cela celle celles celui ces cet cette chez comme d dans de des donc du elle elles en
es est et etaient etais etait etant ete etes etiez etions etre eu eue eues eumes eurent eus
eusse eussent eusses eussiez eussions eut eux fumes furent fus fut ici il ils j je l la le
les leur leurs lui m ma mais me meme mes moi mon n ne nos notre nous on ont ou par pas peu
pour qu quand que quel quelle quelles quels qui s sa sans se sera serai seraient serais
serait seras serez seriez serions serons seront ses si son sont sur t ta te tes toi ton tous
tout toute toutes tres tu un une vos votre vous y
"""
_ENGLISH = """
a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further
had has have having he her here hers herself him himself his how i if in into is it its
itself just me more most my myself no nor not now of off on once only or other our ours
ourselves out over own same she should so some such than that the their theirs them
themselves then there these they this those through to too under until up very was we were
what when where which while who whom why will with would you your yours yourself
yourselves
"""
_SPANISH = """
a al algo algunas algunos ante antes como con contra cual cuando de del desde donde durante
e el ella ellas ellos en entre era erais eran eras eres es esa esas ese eso esos esta estaba
estado estais estamos estan estar estas este esto estos estoy fue fueron fui fuimos ha habia
han has hasta hay la las le les lo los mas me mi mis mucho muchos muy nada ni no nos nosotras
nosotros o os otra otras otro otros para pero poco por porque que quien quienes se sea sean
ser si sido sin sobre sois somos son soy su sus suya suyas suyo suyos tambien tanto te tenia
tengo ti tiene tienen todo todos tu tus un una uno unos vosotras vosotros vuestra vuestro y
ya yo
"""
STOP_WORDS = frozenset((_FRENCH + _ENGLISH + _SPANISH).split())


def fold(text):
    """Lowercase without accents: "Économie" -> "economie"."""
    return COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", text or "")).lower()


def tokens(text):
    """Folded words of a text: "L'économie sociale" -> ["l", "economie", "sociale"]."""
    return TOKEN.findall(fold(text))


def is_meaningful(word):
    """A word that carries meaning: not a stop word of the three languages."""
    return fold(word) not in STOP_WORDS


# The Snowball stemmers of the languages, as PostgreSQL's text-search configurations
# and OpenSearch's analyzers name them.
STEMMERS = {"fr": "french", "en": "english", "es": "spanish"}


@lru_cache(maxsize=200_000)
def stem(word, lang):
    """The stem of a folded word in a language: "cooperatives" -> "cooper" in English."""
    return _stemmer(lang).stemWord(word)


def stems(word):
    """The French, English and Spanish Snowball stems of a folded word."""
    return tuple(stem(word, lang) for lang in STEMMERS)


# Snowball's stemmers keep the word being stemmed in the object: one per thread, or two
# requests stemming at once in a threaded server corrupt each other (an IndexError).
_per_thread = threading.local()


def _stemmer(lang):
    stemmers = _per_thread.__dict__.setdefault("stemmers", {})
    if lang not in stemmers:
        stemmers[lang] = snowballstemmer.stemmer(STEMMERS[lang])
    return stemmers[lang]


def same_word(a, b):
    """Folded words that are one word inflected in one of the three languages:
    coop/coops, salarie/salaries, rachetent/racheter, jovenes/joven, crean/crear; not
    employer/employee nor empresa/empresario.

    Words of very different lengths are kept apart even with one stem: a stemmer for one
    language cuts another's words short (association/associé, trabajador/trabajo).
    """
    if a == b:
        return True
    if abs(len(a) - len(b)) > 3:
        return False
    return any(x == y for x, y in zip(stems(a), stems(b), strict=True))
