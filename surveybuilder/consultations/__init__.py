"""Consultations as staff build them: the draft, its lifecycle, versions and audit trail.

Services here take a database `Session` and the acting `User`; they never read Flask
request state, so the CLI and the web editor share them.
"""
