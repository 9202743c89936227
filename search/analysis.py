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
