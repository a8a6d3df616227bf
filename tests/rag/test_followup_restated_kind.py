"""A follow-up asking, with a pronoun, the kind of thing the sentence the previous (paraphrased)
answer restated gives: "How often do they happen?" after an answer listing the complications that
sentence lists with their rate (a review's paragraph on vena cava filters, as its PDF reads). Its
everyday words ("often", "happen") are in no passage, yet the restated sentence answers it; a name
no passage holds ("Rust") is still unsupported."""

import pytest

from rag.types import Message
from tests.rag.conftest import engine_of_files

FILTERS = """# DVT prophylaxis in trauma

## Inferior vena cava filters

trauma patients when LMWHs are contraindicated. Mechanical devices have a generally safe profile, however they must be used with caution in patients with peripheral vascular disease and peripheral neuropathy for risks of soft tissue injury and ulceration. Although the mechanism that predisposes patients to bleeding while using mechanical devices is unclear, the calculated risk of bleeding is 2.6%. This may reflect the general risk of bleeding in a trauma patient. Patient compliance is poor but may be improved with adequate patient and staff education regarding the benefits of mechanical thromboprophylaxis. When LMWH and mechanical device thromboprophylaxis are contraindicated, retrievable IVC filters should be considered in high-risk trauma patients [79]. Current high risk features include: spinal cord injury with paraplegia or tetraplegia, severe brain injury (Glascow Coma Score <8), multiple long bone fractures and complex pelvic fractures [8]. Future studies are needed to identify the trauma populations that will benefit from prophylactic IVC filtration. Retrievable IVC filters have the benefit of providing protection from PE in the early, high-risk period while consequently being removed to prevent the long-term complications of permanent IVC filtration. Although retrievable filters are removed in the majority of patients, they may also be left in place for permanent filtration if necessary. The versatility of the retrievable filter has virtually eliminated the use of permanent filters. Long-term follow-up studies of permanent IVC filtration using retrievable filters are required. The risk of insertion related complications, such as arterial puncture, hematoma, infection, and pneumothorax is calculated to be 2.6%. There were no reported filter migration or IVC occlusion events in the short-term. Although a failed retrieval is not a direct complication, it results in permanent IVC filtration and places the patient at risk for future complications. The failed retrieval rate is calculated to be 2.8%. While the essential nature of thromboprophylaxis in the management of multi-system trauma patients can not be understated, understanding their potential complications is an
"""

PAGES = {"dvt-prophylaxis.md": FILTERS}
FIRST = "What insertion complications can IVC filters cause?"
PARAPHRASED = "Arterial puncture, hematoma, infection and pneumothorax."


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    engine = engine_of_files(tmp_path_factory, "restated-kind", PAGES)
    yield engine
    engine.close()


def _history() -> list[Message]:
    return [Message(role="user", content=FIRST), Message(role="assistant", content=PARAPHRASED)]


def test_how_often_is_answered_by_the_restated_sentence_s_rate(engine):
    after = engine.ask("How often do they happen?", history=_history())
    assert not after.abstained, after.answer
    assert "pneumothorax is calculated to be 2.6%" in after.answer, after.answer


def test_a_name_no_passage_holds_is_still_unsupported(engine):
    after = engine.ask("Is it available in Rust?", history=_history())
    assert after.abstained, after.answer
