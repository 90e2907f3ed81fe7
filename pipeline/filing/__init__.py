"""The filing's documents: the work plan with its annexes and the announcements, rendered from the
checked plan (derive: each document's context; documents: which documents, from which template),
and the revisions between two builds (revisions)."""
