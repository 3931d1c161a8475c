"""Helpers the agencies, MOU and pledge services share."""


def _apply(instance, fields: tuple[str, ...], values: dict) -> list[str]:
    """Set the given values on the instance; return the names of the fields that changed."""
    changed = []
    for name in fields:
        # A default: reading an unset foreign key (a new MOU's province) raises AttributeError.
        if name in values and getattr(instance, name, None) != values[name]:
            setattr(instance, name, values[name])
            changed.append(name)
    return changed


def _audit_data(instance, changed: list[str]) -> dict:
    return {name: str(getattr(instance, name)) for name in changed}
