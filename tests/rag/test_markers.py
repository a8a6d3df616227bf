"""Reading [n] markers out of generated text."""

from rag.markers import parse_marked


def test_markers_after_or_before_the_full_stop_stay_with_their_sentence():
    parsed = parse_marked("Raids rose [1]. Labs closed. [2][3] Leaders hid [1, 4].\nFear spread.")
    assert [(s.text, s.numbers) for s in parsed] == [
        ("Raids rose.", [1]), ("Labs closed.", [2, 3]), ("Leaders hid.", [1, 4]), ("Fear spread.", []),
    ]


def test_a_marker_alone_joins_the_sentence_before():
    parsed = parse_marked("Production moved away from Sinaloa.\n[2]")
    assert [(s.text, s.numbers) for s in parsed] == [("Production moved away from Sinaloa.", [2])]
