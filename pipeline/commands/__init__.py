"""One module per command family, each a library function with typed parameters that cli.py calls
and api.py re-exports: clients (check, build), watch, diff (and source), prepare, forms, results,
certificates, ledger (and stock), init (and schema), doctor."""
