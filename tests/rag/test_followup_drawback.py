"""A follow-up asking only the kind of answer it wants of what was said ("And the downside?"): the
sentence stating a cost of the model the conversation is about answers, not the downside of another
model, which resembles the question most as asked, nor the advantage said before. NIST SP 800-207, Zero Trust Architecture (a work of the US Government, not subject to
copyright: bench/data/docsqa/papers/NOTICE), its deployment models as its PDF reads."""

import pytest

from rag.types import Message
from tests.rag.conftest import engine_of_files

MODELS = """# Zero Trust Architecture

## 3.2.2 Enclave Gateway-Based Deployment

This deployment model is a variation of the device agent/gateway model above. In this model, the gateway components may not reside on assets or in front of individual resources but instead reside at the boundary of a resource enclave (e.g., on-location data center). This model is useful for enterprises that have legacy applications or on-premises data centers that cannot have individual gateways in place. The enterprise needs a robust asset and configuration management program in place to install/configure the device agents. The downside is that the gateway protects a collection of resources and may not be able to protect each resource individually. This may also allow for subjects to see resources which they do not have privileges to access.

## 3.2.3 Resource Portal-Based Deployment

In this deployment model, the PEP is a single component that acts as a gateway for subject requests. The primary benefit of this model over the others is that a software component does not need to be installed on all client devices. This model is also more flexible for BYOD policies and inter-organizational collaboration projects. Enterprise administrators do not need to ensure that each device has the appropriate device agent before use. However, limited information can be inferred from devices requesting access. This model can only scan and analyze assets and devices once they connect to the PEP portal and may not be able to continuously monitor them for malware, unpatched vulnerabilities, and appropriate configuration.

## 3.2.4 Device Application Sandboxing

Another variation of the agent/gateway deployment model is having vetted applications or processes run compartmentalized on assets. The applications can communicate with the PEP to request access to resources, but the PEP will refuse requests from other applications on the asset. The main advantage of this model variant is that individual applications are segmented from the rest of the asset. If the asset cannot be scanned for vulnerabilities, these individual, sandboxed applications may be protected from a potential malware infection on the host asset. One of the disadvantages of this model is that enterprises must maintain these sandboxed applications for all assets and may not have full visibility into client assets. The enterprise also needs to make sure each sandboxed application is secure, which may require more effort than simply monitoring devices.

## 3.3 Trust Algorithm

For an enterprise with a ZTA deployment, the policy engine can be thought of as the brain and the PE's trust algorithm as its primary thought process. The trust algorithm (TA) is the process used by the policy engine to ultimately grant or deny access to a resource.
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    engine = engine_of_files(tmp_path_factory, "drawback", {"zero-trust.md": MODELS})
    yield engine
    engine.close()


def _after(question: str, answer: str) -> list[Message]:
    return [Message(role="user", content=question), Message(role="assistant", content=answer)]


def test_the_downside_of_the_model_the_conversation_is_about_answers(engine):
    history = _after("What is the main advantage of device application sandboxing in zero trust?",
                     "Individual applications are segmented from the rest of the asset, so they may be protected "
                     "from malware on the host.")
    after = engine.ask("And the downside?", history=history)
    assert "must maintain these sandboxed applications" in after.answer, after.answer

