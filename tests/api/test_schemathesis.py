"""The API against its own OpenAPI document, on the live test server: schemathesis generates
requests for every operation (valid ones and ones that break a declared bound) and checks each
answer: never a server error, only documented status codes, the documented content type and
body. A bounded number of examples per operation and mode, derandomised, without shrinking,
so the test is the same every run and takes seconds."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tests.support import Personas, agreement_world, meeting_world, referral_world

pytestmark = pytest.mark.django_db(transaction=True)

EXAMPLES = 12  # per operation and mode
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
MODES = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]


@pytest.fixture
def api_schema(live_server: Any, personas: Personas) -> Any:
    """The API with data behind it: bodies, principals, people, published minutes, a sent
    recommendation with an answer, a project and an agreement."""
    meeting_world(personas)
    referral_world(personas)
    agreement_world(personas)
    return schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")


def run_operation(operation: Any, mode: Any, seen: Counter[int]) -> list[str]:
    failures: list[str] = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any) -> None:
        try:
            seen[case.call_and_validate(checks=CHECKS).status_code] += 1
        except (Exception, BaseExceptionGroup) as exc:  # every failure is collected and reported below
            failures.append(f"{operation.label} ({mode.value}): {' '.join(str(exc).split())[:300]}")

    check()
    return failures


def test_every_operation_answers_only_what_it_documents(api_schema: Any) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 29  # 24, and the goals, surveys, indicators and goal fulfilment (2) of follow-up
    failures: list[str] = []
    seen: Counter[int] = Counter()
    for operation in operations:
        has_parameters = bool(list(operation.iter_parameters()))
        for mode in MODES if has_parameters else MODES[:1]:
            failures += run_operation(operation, mode, seen)
    assert not failures, f"{len(failures)} answer(s) not as documented:\n" + "\n".join(failures[:40])
    # The generated requests reached real records, missing ones and refused ones.
    assert {200, 404, 422} <= set(seen), seen
