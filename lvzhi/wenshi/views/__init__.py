"""The 文史 pages: `manuscripts` (clues and manuscripts, review), `office` (plans, calls, publications,
the collection and its register, figures, the start page)."""
