"""A follow-up whose pronoun stands for the turn before ("How do I set that for every view?", "make it
work on a single object") reads the conversation, though its other words would find another page asked
alone (pages written here after a REST framework's docs)."""

import pytest

from rag.in_context import retrieve_in_context
from rag.types import Message
from tests.rag.conftest import engine_of_files

FILTERING = """# Filtering

## DjangoFilterBackend

The `django-filter` library includes a `DjangoFilterBackend` class which supports highly customizable
field filtering for the framework.

To use `DjangoFilterBackend`, first install `django-filter`.

## Setting filter backends

The default filter backends may be set globally, using the `DEFAULT_FILTER_BACKENDS` setting.

You can also set the filter backends on a per-view, or per-viewset basis, using the `GenericAPIView`
class-based views.
"""

SETTINGS = """# Settings

## API policy settings

The following settings control the basic API policies, and are applied to every `APIView` class-based
view, or `@api_view` function based view.

## Generic view settings

The following settings control the behavior of the generic class-based views, for every view
instead of one view at a time.

## Renderer settings

A list or tuple of renderer classes, that determines the default set of renderers that may be used
when returning a response for every view.
"""

VIEWSETS = """# ViewSets

## Marking extra actions for routing

If you have ad-hoc methods that should be routable, you can mark them as such with the `@action`
decorator.

Like regular actions, extra actions may be intended for either a single object, or an entire
collection. To indicate this, set the `detail` argument to `True` or `False`.
"""

SERIALIZERS = """# Serializers

## Serializing multiple objects

To serialize a queryset or list of objects instead of a single object instance, you should pass the
`many=True` flag when instantiating the serializer.

## Saving a single object

Calling `.save()` on a serializer for a single object will either create a new instance or update the
whole existing object, rather than a list of objects.
"""

PAGES = {"api-guide/filtering.md": FILTERING, "api-guide/settings.md": SETTINGS,
         "api-guide/viewsets.md": VIEWSETS, "api-guide/serializers.md": SERIALIZERS}


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    engine = engine_of_files(tmp_path_factory, "pronoun", PAGES)
    yield engine
    engine.close()


@pytest.mark.parametrize("first, second, page, said", [
    ("How do I use django-filter?", "How do I set that for every view instead of one?",
     "api-guide/filtering.md", "DEFAULT_FILTER_BACKENDS"),
    ("What does the @action decorator do?", "How do I make it work on a single object rather than the whole list?",
     "api-guide/viewsets.md", "`detail` argument"),
])
def test_a_pronoun_standing_for_the_turn_before_keeps_the_conversation(engine, first, second, page, said):
    before = engine.ask(first)
    assert not before.abstained
    history = [Message(role="user", content=first), Message(role="assistant", content=before.answer)]
    found = retrieve_in_context(engine.retriever, second, history, engine.retriever.k)
    assert found.resolved.method != "standalone"
    after = engine.ask(second, history=history)
    assert said in after.answer, after.answer
    assert after.sources[0].path.endswith(page)
