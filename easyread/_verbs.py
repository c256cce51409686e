"""Just enough English verb forms for the rewriter: base, past and past participle.

The rewriter changes verb forms in two places: an easy word put in place of an
inflected jargon word ("implemented" -> "put in place"), and a passive sentence
turned active ("was decided by" -> "decided"). A wrong guess would change the
meaning, so anything not on these lists or not clearly regular is left alone.
"""

from __future__ import annotations

from ._text import word_set
from .vocabulary import zipf

# base: (past, past participle)
IRREGULAR: dict[str, tuple[str, str]] = {
    "be": ("was", "been"), "become": ("became", "become"), "begin": ("began", "begun"),
    "bring": ("brought", "brought"), "build": ("built", "built"), "buy": ("bought", "bought"),
    "catch": ("caught", "caught"), "choose": ("chose", "chosen"), "come": ("came", "come"),
    "cut": ("cut", "cut"), "deal": ("dealt", "dealt"), "do": ("did", "done"),
    "draw": ("drew", "drawn"), "drive": ("drove", "driven"), "eat": ("ate", "eaten"),
    "fall": ("fell", "fallen"), "feel": ("felt", "felt"), "find": ("found", "found"),
    "get": ("got", "got"), "give": ("gave", "given"), "go": ("went", "gone"),
    "grow": ("grew", "grown"), "have": ("had", "had"), "hear": ("heard", "heard"),
    "hold": ("held", "held"), "keep": ("kept", "kept"), "know": ("knew", "known"),
    "lay": ("laid", "laid"), "lead": ("led", "led"), "leave": ("left", "left"),
    "lend": ("lent", "lent"), "let": ("let", "let"), "lose": ("lost", "lost"),
    "make": ("made", "made"), "mean": ("meant", "meant"), "meet": ("met", "met"),
    "pay": ("paid", "paid"), "put": ("put", "put"), "read": ("read", "read"),
    "run": ("ran", "run"), "say": ("said", "said"), "see": ("saw", "seen"),
    "sell": ("sold", "sold"), "send": ("sent", "sent"), "set": ("set", "set"),
    "show": ("showed", "shown"), "shut": ("shut", "shut"), "speak": ("spoke", "spoken"),
    "spend": ("spent", "spent"), "stand": ("stood", "stood"), "take": ("took", "taken"),
    "teach": ("taught", "taught"), "tell": ("told", "told"), "think": ("thought", "thought"),
    "understand": ("understood", "understood"), "win": ("won", "won"),
    "write": ("wrote", "written"), "withdraw": ("withdrew", "withdrawn"),
    "undertake": ("undertook", "undertaken"), "forbid": ("forbade", "forbidden"),
}
_BY_PARTICIPLE = {forms[1]: base for base, forms in IRREGULAR.items()}

# Common verbs in their base form, for "and build schools" (a verb, so the subject is
# repeated) and for easy phrases that start with a verb ("find out", "make sure").
COMMON_VERBS = frozenset(IRREGULAR) | word_set("""
    add agree allow answer apply ask book call care carry change check close collect
    contact count decide deliver end explain fill fix follow help improve include invite
    join learn like list listen live look move need offer open pick plan post protect
    provide reach reduce remove repair reply report rest return review save share start
    stay stop support talk test tick try turn use visit wait want watch work
    suggest encourage expect compare limit promise aim vote swap drop finish
    """)

# What an organisation writing to the public does itself: "will be considered" there
# means "we will consider". Only these are turned active with "we" as the doer.
ORGANISATION_VERBS = word_set("""
    consider review make collect include publish fund issue analyse assess provide
    introduce give invite ask receive carry take use update send share tell contact keep
    check decide agree approve close open put build spend hold run deliver pay repair
    offer set write look think plan change replace remove reduce increase improve
    conduct achieve
    """)

_VOWELS = "aeiou"


def _double_final(word: str) -> bool:
    """Short verbs ending consonant-vowel-consonant double it: stop -> stopped."""
    return (len(word) <= 4 and len(word) >= 3 and word[-1] not in _VOWELS + "wxy"
            and word[-2] in _VOWELS and word[-3] not in _VOWELS)


def past(base: str, participle: bool = False) -> str:
    """Past tense ("decided") or past participle ("given") of a base form."""
    if base in IRREGULAR:
        return IRREGULAR[base][1 if participle else 0]
    if base.endswith("e"):
        return base + "d"
    if base.endswith("y") and len(base) > 2 and base[-2] not in _VOWELS:
        return base[:-1] + "ied"
    if _double_final(base):
        return base + base[-1] + "ed"
    return base + "ed"


def third_person(base: str) -> str:
    """Present tense after he, she, it or a singular noun: "decides", "does"."""
    if base == "be":
        return "is"
    if base == "have":
        return "has"
    if base.endswith(("s", "x", "z", "ch", "sh", "o")):
        return base + "es"
    if base.endswith("y") and len(base) > 2 and base[-2] not in _VOWELS:
        return base[:-1] + "ies"
    return base + "s"


def present_participle(base: str) -> str:
    """The -ing form: "making", "stopping", "seeing"."""
    if base.endswith("ie"):
        return base[:-2] + "ying"
    if base.endswith("e") and not base.endswith(("ee", "ye", "oe")) and len(base) > 2:
        return base[:-1] + "ing"
    if _double_final(base):
        return base + base[-1] + "ing"
    return base + "ing"


def base_of_third_person(word: str) -> str | None:
    """ "answers" -> "answer", "lives" -> "live", "does" -> "do"; None when unsure."""
    for base in (word[:-1], word[:-2], word[:-3] + "y"):
        if base and third_person(base) == word and zipf(base) >= 3.0:
            return base
    return None


def base_of_present_participle(word: str) -> str | None:
    """ "making" -> "make", "stopping" -> "stop"; None when unsure."""
    word = word.lower()
    if not word.endswith("ing") or len(word) < 5:
        return None
    for base in (word[:-3], word[:-3] + "e", word[:-4], word[:-4] + "ie"):
        if base and present_participle(base) == word and (base in COMMON_VERBS
                                                          or zipf(base) >= 3.0):
            return base
    return None


def base_of_participle(word: str) -> str | None:
    """The base form of a past participle, or None when it cannot be told safely."""
    word = word.lower()
    if word in _BY_PARTICIPLE:
        return _BY_PARTICIPLE[word]
    if not word.endswith("ed") or len(word) < 5:
        return None
    candidates = []
    if word.endswith("ied"):
        candidates.append(word[:-3] + "y")
    if word[:-1].endswith("e"):
        candidates.append(word[:-1])
    candidates.append(word[:-2])
    if len(word) > 5 and word[-3] == word[-4]:
        candidates.append(word[:-3])
    for candidate in candidates:
        if zipf(candidate) >= 3.0 and past(candidate, participle=True) == word:
            return candidate
    return None


# Past forms of the common verbs: "asked", "gave".
PAST_FORMS = frozenset(past(v) for v in COMMON_VERBS | ORGANISATION_VERBS)

# The forms of the common verbs that show a clause has its own verb: "the café opens".
FINITE_FORMS = frozenset(third_person(v) for v in COMMON_VERBS) | frozenset(
    past(v) for v in COMMON_VERBS)
