"""A version asked by number is answered from the release note whose heading holds it, or not at all."""

from rag.asked_version import VersionedSection, of_version, section_versions, versions


def test_version_numbers_are_read_from_questions_and_headings():
    assert versions("What changed in Hatchling 1.26.3?") == {"1.26.3"}
    assert versions("Is v2.0 out?") == {"2"} == versions("And 2.0.0?")
    assert versions("Released on 2024-11-12") == frozenset()
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


GEARWHEEL = {
    "releases/notes.md": "# Release notes\n\n## 2.4.x series\n\n### 2.4.1\n\n**Date**: 6th August 2025\n\n"
                         "This release fixes a few bugs, cleans up some old code paths for unsupported Python versions and "
                         "improves translations.\n\n#### Minor changes\n\n* Drop the optional `zoneinfo` backport on "
                         "Python 3.8 and lower in #9681.\n* Fix a typo in the wheel builder's messages in #9700.\n\n### 2.4.0\n\n**Date**: 28th March 2025\n\n"
                         "This release is a significant one for upstream support.\n",
    "news/2.4-announcement.md": "# Gearwheel 2.4\n\nAt the Internet, on March 28th, 2025, we are happy to announce the "
                                "release of Gearwheel 2.4.\n\nThis release of Gearwheel 2.4 updates the supported versions.\n\n",
    "news/2.3-announcement.md": "# Gearwheel 2.3\n\nAt the Internet, on March 15th, 2024, we are happy to announce the "
                                "release of Gearwheel 2.3, with 176 commits by 138 authors.\n\nThis release of Gearwheel 2.3 makes the wheel builder faster.\n\n",
    "guide.md": "# Guide\n\nGearwheel builds wheels from your project's sources.\n",
}


def test_a_patch_release_date_is_not_quoted_beside_other_releases(tmp_path_factory):
    from tests.rag.conftest import engine_of_files

    # A guard: this small corpus does not rank the announcement first, as DRF's docs did (try23 q09).
    answer = engine_of_files(tmp_path_factory, "gearwheel", GEARWHEEL).ask("When was version 2.4.1 released?")
    assert "6th August 2025" in answer.answer, answer.answer
    assert "March" not in answer.answer, answer.answer
