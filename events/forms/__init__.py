"""Forms of the fair, one module per part (shape only; saving is the services' job)."""
