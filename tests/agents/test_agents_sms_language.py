"""Issue 13, item 5 (first half): an agent's SMS (an offer, a job given by a supervisor) are written in the language
the agent chose for the console; dispatch reads the choice through the hook the staff door gives it."""

from __future__ import annotations

import pytest

from agents.accounts import set_language
from agents.models import UserAccount
from core.extensions import db
from core.models import OutboxMessage
from dispatch.assignment import assign_to_agent
from dispatch.models import Agent
from dispatch.notify import agent_language

WORDS = {"en": ("new job", "Domicile Certificate"), "hi": ("नया काम", "अधिवास प्रमाण पत्र"),
         "ur": ("نیا کام", "ڈومیسائل سرٹیفکیٹ")}


def choose(agent: Agent, language: str) -> None:
    account = db.session.scalar(db.select(UserAccount).where(UserAccount.agent_id == agent.id))
    set_language(account.id, language)


def sms_to(phone: str, template: str) -> OutboxMessage:
    return db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.to_number == phone,
                                                            OutboxMessage.template == template))


@pytest.mark.parametrize("language", ["en", "hi", "ur"])
def test_an_offer_sms_is_written_in_the_language_the_agent_chose(make_agent, offered, language):
    agent = make_agent()
    choose(agent, language)
    offered()
    body = sms_to(agent.phone, "offer_to_agent").body
    job, service = WORDS[language]
    assert job in body and service in body
    if language == "ur":
        assert not any("\u0900" <= c <= "\u097f" for c in body)


def test_a_job_given_by_a_supervisor_is_told_in_the_agents_language(app, make_agent, make_request, run_jobs):
    app.config["SUPERVISOR_ASSIGNS"] = "job"
    request = make_request()
    run_jobs()  # nobody on duty: the request waits
    chosen = make_agent()
    choose(chosen, "ur")
    assert assign_to_agent(request.id, chosen.id, "super1") == "assigned"
    body = sms_to(chosen.phone, "job_to_agent").body
    assert "نگران نے آپ کو کام" in body and "ڈومیسائل سرٹیفکیٹ" in body


def test_an_agent_without_an_account_or_with_an_unknown_language_gets_english(app, make_agent):
    agent = make_agent()
    assert agent_language(agent) == "en"
    choose(agent, "xx")
    assert agent_language(agent) == "en"
    bare = Agent(name="No login", phone="+919419000999", centre_id=agent.centre_id, district="Srinagar",
                 latitude=34.0, longitude=74.8)
    db.session.add(bare)
    db.session.commit()
    assert agent_language(bare) == "en"
