"""The site: where every page lives (layout), what the comparison pages show, and the pages
rendered from the Jinja templates (environment, filters, escaping, sanitising, assets)."""
