"""What both flows read: a client's plan loaded with positions (load), checked against the schema
and the filing rules (validate, rules), its clause library (clauses, library/), the facts derived
from it once for everyone (facts), and the 定级评价表 and score-sheet model (appraisal); the
starter plans of `init` (scaffold, starter/) and the editor's JSON Schema (editor_schema)."""
