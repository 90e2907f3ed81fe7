"""The small core both flows share: codes and check characters, the error tree, the shared
vocabulary, reproducible zips, the fast renderer, spreadsheets in and out, PDF export, and the
resources shipped in the package."""
