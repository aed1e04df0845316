"""Supplier search for buyers: one query object, an Elasticsearch and a database engine."""
