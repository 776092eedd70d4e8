"""The adjudication contract in JSON: pydantic schemas and conversions, for the edges only.

The CLI and the HTTP API take and give JSON; the database adapter stores the engine's request
and result as JSON. Everything inside (services, rules) works on `rules.model` and
`rules.result` dataclasses; import-linter keeps this package out of them.
"""
