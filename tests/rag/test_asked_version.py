"""A version asked by number is answered from the release note whose heading holds it, or not at all."""

from rag.asked_version import VersionedSection, of_version, section_versions, versions


def test_version_numbers_are_read_from_questions_and_headings():
    assert versions("What changed in Hatchling 1.26.3?") == {"1.26.3"}
    assert versions("Is v2.0 out?") == {"2"} == versions("And 2.0.0?")
    assert versions("Released on 2024-11-12") == frozenset()
    # A full stop ending the sentence is no further part of the number; a part that is no number keeps the
    # number from being read as a version ("1.2.x" is a series, "setup.py" a file name).
    assert versions("What changed in Hatchling 1.26.3.") == {"1.26.3"} == versions("See 1.26.3. It fixed it")
    assert versions("Is 1.2.x supported?") == frozenset()
    assert section_versions("Hatch version 1.6.", release_notes=False) == {"1.6"}
    # Outside release notes a heading's number is a version only when it says so: "1.1 Background" is a
    # PDF's section number.
    assert section_versions("Hatchling history › 1.26.3 - 2024-11-12", release_notes=True) == {"1.26.3"}
    assert section_versions("Report › 1.1 Background", release_notes=False) == frozenset()
    assert section_versions("Hatch v1.6.0 › Hatchling", release_notes=False) == {"1.6"}


def test_only_the_asked_versions_sections_answer():
    sections = [VersionedSection(frozenset({"1.27"}), True), VersionedSection(frozenset({"1.26.3"}), True),
                VersionedSection(frozenset(), True), VersionedSection(frozenset(), False)]
    # Another release's section no, the release notes' preamble no, a user page yes.
    assert of_version(sections, frozenset({"1.26.3"})) == [False, True, False, True]
    assert of_version(sections, frozenset({"1.99.1"})) == [False, False, False, True]


def test_a_patch_release_is_answered_from_its_own_section(sprocket_engine):
    answer = sprocket_engine.ask("What changed in Sprocket 1.11.1?")
    assert not answer.abstained
    assert all(s.heading.endswith("1.11.1 - 2024-11-12") for s in answer.sources), answer.answer
    assert "Support an old import path" in answer.answer


def test_a_release_the_notes_do_not_hold_is_not_answered_from_another(sprocket_engine):
    answer = sprocket_engine.ask("What changed in Sprocket 1.2.9?")
    assert answer.abstained or not any(s.path.startswith("history") for s in answer.sources), answer.answer


def test_an_announcement_of_another_version_is_no_answer():
    from rag.asked_version import of_version_units

    sections = [VersionedSection(frozenset(), False), VersionedSection(frozenset({"2.4.1"}), True),
                VersionedSection(frozenset(), False)]
    texts = ["On March 28th, 2025, we announce the release of Gearwheel 2.4.", "Date: 6th August 2025",
             "Gearwheel runs on any machine."]
    assert of_version_units(sections, texts, frozenset({"2.4.1"})) == [False, True, True]
    # With no section about the version asked, nothing more is set aside than before.
    assert of_version_units([sections[0], sections[2]], [texts[0], texts[2]], frozenset({"2.4.1"})) == [True, True]

