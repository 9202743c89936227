"""What an edit changed, as the history of a post or a proposal shows it: the written text word
by word, with the unchanged text far from a change left out."""

from discussions.history import ADDED, GAP, REMOVED, SAME, Piece, proposal_changes, word_diff


def test_a_changed_word_shows_as_removed_and_added_in_its_sentence():
    assert word_diff("De wachttijd is drie weken.", "De wachttijd is vier weken.") == [
        Piece(SAME, "De wachttijd is "),
        Piece(REMOVED, "drie "),
        Piece(ADDED, "vier "),
        Piece(SAME, "weken."),
    ]


def test_a_text_written_where_there_was_none_is_all_added():
    assert word_diff("", "Zie de casus.") == [Piece(ADDED, "Zie de casus.")]
    assert word_diff("Zie de casus.", "") == [Piece(REMOVED, "Zie de casus.")]
    assert word_diff("Gelijk.", "Gelijk.") == [Piece(SAME, "Gelijk.")]


def test_line_breaks_are_kept_so_a_paragraph_reads_as_written():
    pieces = word_diff("Eerste alinea.\n\nTweede alinea.", "Eerste alinea.\n\nDerde alinea.")
    assert "".join(p.text for p in pieces if p.kind != ADDED) == "Eerste alinea.\n\nTweede alinea."
    assert "".join(p.text for p in pieces if p.kind != REMOVED) == "Eerste alinea.\n\nDerde alinea."


def test_a_long_unchanged_stretch_keeps_only_the_words_around_each_change():
    words = [f"woord{n}" for n in range(100)]
    before = " ".join(words)
    after = " ".join(["nieuw"] + words[1:50] + ["anders"] + words[51:])
    pieces = word_diff(before, after)
    kinds = [p.kind for p in pieces]
    assert kinds == [REMOVED, ADDED, SAME, GAP, SAME, REMOVED, ADDED, SAME, GAP]
    assert pieces[2].text == "woord1 woord2 woord3 woord4 woord5 woord6 woord7 woord8 "
    assert pieces[4].text.split() == words[42:50]
    assert pieces[7].text.split() == words[51:59]
    # Read without the left-out words, the pieces still say what the text became around them.
    assert (pieces[5].text, pieces[6].text) == ("woord50 ", "anders ")


def test_a_change_near_the_start_does_not_hide_the_words_before_it():
    pieces = word_diff("Een twee drie vier vijf.", "Een twee drie vier zes.")
    assert pieces[0] == Piece(SAME, "Een twee drie vier ")


def test_a_proposals_changes_name_each_field_that_changed_in_page_order():
    before = {
        "title": "Matrix",
        "problem": "Het duurt lang.",
        "evidence": "",
        "domain": "Jeugd en Wmo",
        "theme": "Toegang",
        "tags": ["matrix", "wachttijd"],
    }
    after = {**before, "evidence": "Twaalf van de veertig.", "domain": "Jeugd", "theme": ""}
    after["tags"] = ["matrix", "afwijkingen"]
    changes = proposal_changes(before, after)
    assert [str(c.label) for c in changes] == ["Onderbouwing", "Domein", "Thema", "Labels"]
    evidence, domain, theme, tags = changes
    assert evidence.pieces == (Piece(ADDED, "Twaalf van de veertig."),)
    assert (domain.before, domain.after, domain.written) == ("Jeugd en Wmo", "Jeugd", False)
    assert (theme.before, theme.after, theme.written) == ("Toegang", "", True)
    assert (tags.removed, tags.added) == (("wachttijd",), ("afwijkingen",))
    assert proposal_changes(before, dict(before)) == []
