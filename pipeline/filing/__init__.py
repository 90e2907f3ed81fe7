"""The filing flow, one module per stage: load (YAML → data with positions) → validate (schema +
rules) → derive (computed facts) → documents (render each document) → bundle (atomic write,
manifest, zip). Clause texts live in library/, the starter plans in starter/."""
