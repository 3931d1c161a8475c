"""Writes of the fair: atomic, audited, given the acting user (STYLE.md §2); one module per
noun (fairs, invitations, letters, check-ins, booths)."""
