"""Every HTTP route of the served app, the mounted Gradio app's included, as concrete requests."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from starlette.routing import Mount

DOC_ID = "0123456789abcdef0123"
# Values for path parameters: a document id where one is expected, a server path where a file is.
_PARAMS = {"doc_id:path": DOC_ID, "path_or_url:path": "/etc/passwd", "path:path": "/etc/passwd",
           "url_path:path": "http://127.0.0.1:9/x", "api_name": "chat", "event_id": "0" * 32,
           "session_hash": "abc", "rest": "embed.css"}


@dataclass(frozen=True)
class RouteCall:
    method: str
    template: str  # as declared
    path: str  # with its parameters filled in


def _routes(routes: Iterable, prefix: str = "") -> Iterator[tuple[str, set[str]]]:
    for route in routes:
        if type(route).__name__ == "_IncludedRouter":  # FastAPI's include_router, resolved lazily
            yield from _routes(route.original_router.routes, prefix + route.include_context.prefix)
        elif isinstance(route, Mount):
            inner = getattr(route.app, "routes", None)
            if inner is None:  # StaticFiles
                yield prefix + route.path + "/{rest}", {"GET"}
            else:
                yield from _routes(inner, prefix + route.path)
        else:
            yield prefix + route.path, set(getattr(route, "methods", None) or {"GET"})


def _fill(template: str) -> str:
    path = template
    while "{" in path:
        start, end = path.index("{"), path.index("}")
        name = path[start + 1:end]
        path = path[:start] + _PARAMS.get(name, "x") + path[end + 1:]
    return path.replace("//", "/")


def route_calls(app) -> list[RouteCall]:
    calls = {RouteCall(method, template, _fill(template))
             for template, methods in _routes(app.routes) for method in methods if method != "HEAD"}
    return sorted(calls, key=lambda c: (c.path, c.method))
