"""The buyers' supplier search: the page, the JSON API and the autocomplete, on the search library."""
