"""skillplan: Guangdong enterprise skill-level recognition filings from one YAML file per client.

Stages, one module each: load → validate (+ rules) → derive → render → bundle.
"""
__version__ = "0.1.0"
