"""The citizens' door: Twilio voice and SMS webhooks, the call flow, prompts per language, the phone simulator."""
