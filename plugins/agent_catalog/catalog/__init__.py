"""The catalog: finding the source files, reading them (with the serve cache), and finalising
the whole set (rules, slugs, name groups, duplicate names)."""
