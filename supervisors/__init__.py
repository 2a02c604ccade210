"""The supervisors' door: the live board, assignment, re-dispatch, visit-code override, agents' sign-in,
call-backs. It may use ivr, agents, dispatch, fees and core; none of them uses it."""
