"""What an update service changed: the values set on an instance, and the audit data."""


def apply_changes(instance, fields: tuple[str, ...], values: dict) -> list[str]:
    """Set the given values on the instance; return the names of the fields that changed."""
    changed = []
    for name in fields:
        # A default: reading an unset foreign key (a new MOU's province) raises AttributeError.
        if name in values and getattr(instance, name, None) != values[name]:
            setattr(instance, name, values[name])
            changed.append(name)
    return changed


def changed_values(instance, changed: list[str]) -> dict:
    """The changed fields' new values, as the activity log keeps them."""
    return {name: str(getattr(instance, name)) for name in changed}
