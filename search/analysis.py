"""Dutch analysis shared by both backends: synonyms from the glossary, compounds, folding."""

import unicodedata

# Parts of the domain's compounds: "jeugdhulpaanbieder" is also found as jeugd, hulp, aanbieder.
COMPOUND_PARTS = [
    "jeugd", "hulp", "aanbieder", "zorg", "plan", "perspectief", "dag", "besteding", "wonen",
    "huis", "houding", "houdelijk", "gebied", "team", "toegang", "intensiteit", "profiel",
    "segment", "gezin", "ondersteuning", "begeleiding", "medicatie", "controle", "indicatie",
    "arrangement", "tarief", "bekostiging", "traject", "crisis", "veilig", "schoon", "leefbaar",
    "logeren", "werk", "groep", "inkoop", "systematiek", "resultaat", "matrix", "meting",
    "beschikbaarheid", "regie", "regisseur", "rol", "vraag", "verheldering", "triage", "advies",
    "combinatie", "niveau", "interventie", "stabilisatie", "netwerk", "agenda", "ontwikkeling",
    "ontwikkel", "huishoud", "beschermd", "blok", "dagdeel", "dagdelen",
]  # fmt: skip


def fold(text):
    """Lowercase without accents: 'Eén' and 'een' are the same word to a searcher."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def synonym_groups():
    """Groups of equivalent terms from the glossary: abbreviation, term and its synonyms."""
    from handbook.models import GlossaryTerm

    groups = []
    for term in GlossaryTerm.objects.all():
        words = [term.term, term.abbreviation, *term.synonym_list()]
        words = sorted({fold(w).strip() for w in words if w and w.strip()})
        if len(words) > 1:
            groups.append(words)
    return groups


def expand(term, groups):
    """The term and every synonym of it (database backend)."""
    folded = fold(term)
    found = {folded}
    for group in groups:
        if folded in group:
            found.update(group)
    return found


def typo_edits(word):
    """How many letters a word may be off and still be taken for a typo of another: none for
    two letters or fewer, one up to five, two beyond (the engine's fuzziness AUTO). "kind" is
    not a typo of "kant": two of four letters differ."""
    return 0 if len(word) <= 2 else 1 if len(word) <= 5 else 2


def edit_distance(a, b):
    """Letters inserted, deleted, replaced or two swapped to turn a into b."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                best = min(best, previous2[j - 2] + 1)
            current.append(best)
        previous2, previous = previous, current
    return previous[-1]


def is_likely_typo_of(typed, known):
    return edit_distance(fold(typed), fold(known)) <= typo_edits(typed)
