"""What `model` means on `/v1` when collection names get in the way: a collection called `citeline`
must not take over the every-collection model every OpenAI client sends by default, and a misspelt
collection is an unknown model (404 naming `model`), not a complaint about answer generators.

One index with two collections behind one `citeline serve` (port 0) and an access file: `citeline`
(operator only) and `product` (public)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from openai import NotFoundError, OpenAI

from tests.ui.conftest import start_server, stop_server

ADMIN = "admin-token-0123456789ab"
TEXTS = {
    "citeline": "# Vacation policy\n\nEvery employee receives twenty days of paid vacation each year. Vacation "
                "requests go to the team lead at least two weeks ahead.\n",
    "product": "# Aurora thermostat vacation mode\n\nThe vacation mode of the Aurora thermostat holds the home at "
               "twelve degrees while you travel. Vacation mode starts from the settings menu of the thermostat.\n",
}
ABOUT = {"citeline": "How many days of paid vacation does an employee receive?",
         "product": "What temperature does the thermostat's vacation mode hold?"}


@dataclass
class Served:
    url: str

    def client(self, token: str | None) -> OpenAI:
        return OpenAI(base_url=self.url + "/v1", api_key=token or "unused", max_retries=0, timeout=120,
                      default_headers={} if token else {"Authorization": ""})


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[Served]:
    from ingest.pipeline import ingest
    from ui.settings import Settings

    folder: Path = tmp_path_factory.mktemp("model-names")
    for name, text in TEXTS.items():
        (folder / name).mkdir()
        (folder / name / f"{name}.md").write_text(text)
        report = ingest([folder / name], Settings(index=folder / "index"), collection=name)
        assert report.added == 1 and not report.failed
    access = folder / "access.toml"
    access.write_text("[collections.product]\npublic = true\n")
    env = {"CITELINE_API_TOKEN": ADMIN, "CITELINE_ACCESS_FILE": str(access), "CITELINE_ALLOWED_ORIGINS": "",
           "CITELINE_LLM": "none"}
    proc, url = start_server(folder / "index", folder / "serve.log", env)
    try:
        yield Served(url)
    finally:
        stop_server(proc)


def cited(client: OpenAI, **body) -> set[str]:
    completion = client.chat.completions.create(messages=[{"role": "user", "content": ABOUT[body.pop("about")]}],
                                                **body)
    return {c["path"] for c in completion.model_extra["citations"]}


def test_models_lists_citeline_once(served):
    assert [m.id for m in served.client(ADMIN).models.list()] == ["citeline", "product"]
    assert [m.id for m in served.client(None).models.list()] == ["citeline", "product"]


def test_model_citeline_reads_every_readable_collection_despite_a_collection_of_that_name(served):
    admin, public = served.client(ADMIN), served.client(None)
    assert cited(admin, model="citeline", about="product") == {"product.md"}
    assert cited(admin, model="citeline", about="citeline") == {"citeline.md"}
    # The public caller may not read the collection named `citeline`; the model of that name still answers it.
    assert cited(public, model="citeline", about="product") == {"product.md"}
    assert public.models.retrieve("citeline").id == "citeline"


def test_the_collection_named_citeline_is_reached_through_collection(served):
    admin = served.client(ADMIN)
    assert cited(admin, model="citeline", about="citeline", extra_body={"collection": "citeline"}) == {"citeline.md"}
    assert cited(admin, model="citeline", about="product", extra_body={"collection": "citeline"}) <= {"citeline.md"}


@pytest.mark.parametrize("stream", [False, True])
def test_a_misspelt_collection_is_an_unknown_model(served, stream):
    with pytest.raises(NotFoundError) as caught:
        served.client(ADMIN).chat.completions.create(
            model="prodcut", stream=stream, messages=[{"role": "user", "content": ABOUT["product"]}])
    assert caught.value.param == "model" and caught.value.code == "model_not_found"
    message = caught.value.message
    assert "'prodcut'" in message and "GET /v1/models" in message and "configured generators: none" in message
