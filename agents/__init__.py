"""The staff door: accounts and sign-in for agents and supervisors, the agent console."""
