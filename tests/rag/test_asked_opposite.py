"""A question asking one of two opposite ways (on or off, all or one) is not answered by the other."""

from rag.asked_opposite import AskedWays


def says_opposite(question: str, text: str) -> bool:
    return AskedWays.of(question).opposed(text)


def same_way_gain(question: str, text: str) -> float:
    return AskedWays.of(question).gain(text)


def not_opposite(question: str, texts: list[str]) -> list[bool]:
    return AskedWays.of(question).not_opposite(texts)


def test_the_other_way_is_no_answer_and_the_way_asked_gains():
    asked = "How do I turn on caching for all my views?"
    off = "Caching can be turned off by setting the cache class to `None`."
    one = "You can also set the cache class on an individual view."
    every = "The cache style may be set globally, using the `DEFAULT_CACHE` key."
    assert says_opposite(asked, off) and says_opposite(asked, one) and not says_opposite(asked, every)
    assert same_way_gain(asked, every) > 0 == same_way_gain(asked, off)
    assert not_opposite(asked, [off, one, every]) == [False, False, True]
    # When every unit says the other way, none is set aside: the answer stays the reader's to judge.
    assert not_opposite(asked, [off, one]) == [True, True]
    # A question that sets no two ways apart, and a unit saying both ways, are left as they are.
    assert not says_opposite("How do I configure caching?", off)
    assert not says_opposite(asked, "Caching is enabled or disabled with the `CACHE` flag.")
    # Of all or one, only "all" is read as asked: "restrict a package to a single source" sets no scope.
    assert not says_opposite("Why should I restrict a package to a single source?", "It is searched for all packages.")
    # "Each" asks no scope: set for each view is set view by view, and a single one is counted in each.
    assert not says_opposite("How do I set the cache class for each view?", one)
    assert not says_opposite("How many entries sit in each cache?", "For a single cache the limit is 100 entries.")
    # The other way round: off asked, on said.
    assert says_opposite("How do I disable the cache?", "To enable the cache, set `CACHE = True`.")
    # "one" in an idiom names no single thing: "to one another", "on one hand", "for one thing".
    for idiom in ("Views relate to one another through routers.", "On one hand, views share settings.",
                  "For one thing, views are classes."):
        assert not says_opposite(asked, idiom), idiom
    # Activating an environment is what is asked, not a way of it: the unit that names "activate" gains
    # nothing over the fish shell's command, and leaving it ("deactivate") is no other way.
    env = "How do I activate the project's environment in bash?"
    assert same_way_gain(env, "Run `eval $(poetry env activate)` to activate it.") == 0
    assert not says_opposite(env, "Run `deactivate` to leave the environment.")


SPINDLE = {
    "guide/caching.md": "# Caching\n\nSpindle can keep the responses of your views in a cache. The built-in caches all "
                        "store entries in memory, which suits a single process.\n\n"
                        "Caching can be turned off for your views by setting the cache class to `None`.\n\n"
                        "## Setting the cache style\n\nThe cache style may be set globally, using the "
                        "`DEFAULT_CACHE_CLASS` and `CACHE_SIZE` setting keys.\n\n"
                        "You can also set the cache class on an individual view by using the `cache_class` "
                        "attribute.\n\n## Cache sizes\n\nThe size is counted in entries, not bytes.\n",
    "guide/views.md": "# Views\n\nA view takes a request and returns a response. Views may be functions or classes.\n",
}


def test_what_is_switched_may_take_two_words():
    # pip's docs (MIT): a follow-up "How do I turn it on?" after "What is hash-checking mode?" was answered
    # by a research page's "providing a way for users to turn this behaviour off".
    off = "pip should by default check packages hashes during install, providing a way for users to turn this behaviour off."
    assert says_opposite("How do I turn it on?", off)
    assert says_opposite("How do I switch hash checking on?", "Switch the check off with `--no-require-hashes`.")
    assert not says_opposite("How do I turn it on?", "Turn to the section on installing packages on Windows.")


def test_turning_on_for_all_views_is_not_answered_by_off_or_one_view(tmp_path_factory):
    from tests.rag.conftest import engine_of_files

    answer = engine_of_files(tmp_path_factory, "spindle", SPINDLE).ask("How do I turn on caching for all my views?")
    assert "set globally" in answer.answer, answer.answer
    assert "turned off" not in answer.answer, answer.answer


def test_the_ways_asked_are_read_once_and_a_question_asking_none_reads_no_unit():
    asked = AskedWays.of("How do I turn on caching for all my views?")
    assert [way for _, way in asked.ways] == [1, 1]
    off = "Caching can be turned off by setting the cache class to `None`."
    every = "The cache style may be set globally, using the `DEFAULT_CACHE` key."
    assert asked.opposed(off) and not asked.opposed(every) and asked.gain(every) > 0 == asked.gain(off)
    assert asked.not_opposite([off, every]) == [False, True]
    # "Restrict a package to a single source" asks no scope (only "all" is read as asked): no pair is kept.
    assert AskedWays.of("How do I configure caching?").ways == ()
    assert AskedWays.of("Why should I restrict a package to a single source?").ways == ()
    assert AskedWays.of("How do I configure caching?").not_opposite([off, every]) == [True, True]
