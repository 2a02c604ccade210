"""The call's vocabulary has a module of its own; the flow keeps the names its callers use."""

from __future__ import annotations

import inspect

import pytest

from ivr import calls, flow

DATA_TYPES = ("CallState", "Prompt", "Gather", "Reply", "Choice", "PlaceFound", "PinProblem", "Quote",
              "RequestStatus", "Lookups")


@pytest.mark.parametrize("name", DATA_TYPES)
def test_each_data_type_of_a_call_is_defined_in_ivr_calls_and_is_the_same_object_in_ivr_flow(name):
    kind = getattr(calls, name)
    assert kind.__module__ == "ivr.calls"
    assert getattr(flow, name) is kind


def test_the_call_flow_module_stays_near_the_size_the_style_guide_asks_for():
    assert len(inspect.getsource(flow).splitlines()) < 360  # 438 before; ~30 of what is left are its imports
