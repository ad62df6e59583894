"""Reading staff spreadsheets into normalised rows (no database access)."""
