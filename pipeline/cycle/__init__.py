"""The cycle flow after an announcement: roster (read and check candidates) → forms (pre-filled
定级评价表, score sheet) → scoring (results at the pass mark) → ledger (certificate numbers) →
results (filled forms, results notice, data sheet)."""
