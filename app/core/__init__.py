"""Shared infrastructure: database types, i18n, access policy, storage, mail, audit, errors."""
