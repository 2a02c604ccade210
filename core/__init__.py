"""The shared base: settings, extensions, telephony adapter, role checks. Imports no feature."""
