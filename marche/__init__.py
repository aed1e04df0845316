"""Le Marché de l'inclusion: Wagtail site, supplier profiles, buyers' search."""
