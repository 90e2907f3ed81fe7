"""The kit every command writes with: a folder staged beside its place and swapped in whole
(bundle: manifest, zip, hand edits kept), the plan embedded in every document (provenance), and
batches of .docx of one template made fast (batch)."""
