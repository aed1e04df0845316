"""Compte inclusion: accounts, organisations and the OpenID Connect provider."""
