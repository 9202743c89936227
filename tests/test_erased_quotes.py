"""Which quotes in a reply go when the post they quote is erased for good: every quote that copies
a line of it, whole or in part, in any of its versions; the replier's own words and their quotes
of anything else stay (discussions.richtext.QuoteMatcher). In-process: no database."""

from discussions.richtext import ERASED_QUOTE, QuoteMatcher


def without_quotes_of(source, texts):
    """The reply with its quotes of `texts` replaced, and how many, as erase_post does it."""
    return QuoteMatcher(texts).replace(source)


ERASED = [
    "Bij ons wonen **Jan en Piet** de Vries op nummer 4 en 6.\nZe wachten al drie maanden.",
    "Bij ons wonen Jan en Piet de Vries op nummer 4.",  # an earlier version
]


def test_a_quote_as_the_quote_link_writes_it_goes_with_its_header():
    reply = (
        "> **Aylin Bieder** schreef:\n"
        "> Bij ons wonen Jan en Piet de Vries op nummer 4 en 6.\n"
        "> Ze wachten al drie maanden.\n"
        "\n"
        "Herkenbaar."
    )
    assert without_quotes_of(reply, ERASED) == (f"{ERASED_QUOTE}\n\nHerkenbaar.", 1)


def test_a_quote_of_part_of_it_or_of_an_earlier_version_goes_too():
    earlier = "> Bij ons wonen Jan en Piet de Vries op nummer 4."
    for quoted in ("> Ze wachten al drie maanden.", earlier):
        assert without_quotes_of(f"{quoted}\nDat duurt te lang.", ERASED) == (
            f"{ERASED_QUOTE}\nDat duurt te lang.",
            1,
        )


def test_half_a_sentence_typed_by_hand_is_a_copy_too_but_a_short_word_is_not():
    """Someone typed "> " before the words they answer, without the emphasis and across one of
    its line breaks. Two words are too few to tell a copy from a quote of someone else."""
    for typed in ("> jan en piet de vries", "> op nummer 4 en 6. Ze wachten"):
        assert without_quotes_of(f"{typed}\nWaar?", ERASED) == (f"{ERASED_QUOTE}\nWaar?", 1)
    assert without_quotes_of("> Ze wachten\nWaar?", ERASED) == ("> Ze wachten\nWaar?", 0)


def test_spacing_and_quotes_within_quotes_do_not_hide_a_copy():
    reply = ">>  Ze   wachten al drie maanden.\n> Wat vindt u?\n\nHerkenbaar."
    assert without_quotes_of(reply, ERASED) == (f"{ERASED_QUOTE}\n\nHerkenbaar.", 1)


def test_the_repliers_own_words_and_other_quotes_stay():
    reply = (
        "> Het perspectiefplan komt pas na drie gesprekken.\n"
        "\n"
        "Bij ons ook.\n"
        "\n"
        "> Ze wachten al drie maanden.\n"
        "\n"
        "Dat duurt te lang; wonen Jan en Piet daar nog?"
    )
    replaced, count = without_quotes_of(reply, ERASED)
    assert count == 1
    assert replaced == (
        "> Het perspectiefplan komt pas na drie gesprekken.\n"
        "\n"
        "Bij ons ook.\n"
        "\n"
        f"{ERASED_QUOTE}\n"
        "\n"
        "Dat duurt te lang; wonen Jan en Piet daar nog?"  # in their own words: the team judges
    )
    assert without_quotes_of("Geen citaat hier.", ERASED) == ("Geen citaat hier.", 0)
