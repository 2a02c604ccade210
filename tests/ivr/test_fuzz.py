"""Whatever Twilio (or anyone holding a valid signature) sends, the webhooks never answer with a 5xx."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.ivr.conftest import CALLER, Phone

keys = st.text(alphabet="0123456789*#", max_size=12)
anything = st.text(max_size=40)
phones = st.one_of(st.just(CALLER), st.just("anonymous"), st.just(""), st.just("+14155550123"),
                   st.text(alphabet="+0123456789 -", max_size=25), anything)
sids = st.one_of(st.just("CAfuzz0001"), st.just("CAfuzz0002"), st.text(min_size=0, max_size=70))
turns = st.one_of(st.integers(min_value=-2, max_value=12).map(str), anything)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(sids, phones, st.one_of(keys, anything), turns), min_size=1, max_size=6))
def test_no_combination_of_digits_callers_and_call_sids_yields_a_server_error(small_catalogue, client, app, steps):
    token = app.config["TWILIO_AUTH_TOKEN"]
    for call_sid, caller, digits, turn in steps:
        phone = Phone(client, token, caller=caller or None, call_sid=call_sid)
        assert phone.post("/ivr/voice", phone.params()).status_code < 500
        assert phone.post(f"/ivr/step?t={turn}", phone.params(Digits=digits)).status_code < 500
        assert b"went wrong" not in phone.response.get_data()  # no input makes the flow itself fail
        assert phone.post("/ivr/sms", {"From": caller, "Body": digits, "MessageSid": call_sid}).status_code < 500
    assert phone.hang_up().status_code < 500
