"""Django's own strings that its Thai catalogues lack or get wrong, so that makemessages
keeps them in our catalogue (locale/, first in LOCALE_PATHS, so it takes precedence).

Never imported: the lazy calls below are only read by makemessages. Each msgid is copied
exactly from Django 6.1's catalogues; Django's "None available" is here because its Thai
says "ไม่ว่าง" (busy) on the admin home.
"""

# ruff: noqa: E501 (msgids are copied whole, so makemessages matches them)
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

DJANGO_STRINGS = [
    # django/conf
    _("That page contains no results"),
    _("Enter a valid integer."),
    _("Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."),
    _("Enter a valid “slug” consisting of Unicode letters, numbers, underscores, or hyphens."),
    _("Ensure this value is a multiple of step size %(limit_value)s."),
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        1,
    ),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        1,
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s digit in total.",
        "Ensure that there are no more than %(max)s digits in total.",
        1,
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s decimal place.",
        "Ensure that there are no more than %(max)s decimal places.",
        1,
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s digit before the decimal point.",
        "Ensure that there are no more than %(max)s digits before the decimal point.",
        1,
    ),
    _(
        "File extension “%(extension)s” is not allowed. Allowed extensions are: %(allowed_extensions)s."
    ),
    _("Null characters are not allowed."),
    _("%(model_name)s with this %(field_labels)s already exists."),
    _("Constraint “%(name)s” is violated."),
    _("- Select an option -"),
    _("Value %(value)r is not a valid choice."),
    _("%(field_label)s must be unique for %(date_field_label)s %(lookup_type)s."),
    _("%(model)s instance with %(field)s %(value)r is not a valid choice."),
    ngettext_lazy(
        "Ensure this filename has at most %(max)d character (it has %(length)d).",
        "Ensure this filename has at most %(max)d characters (it has %(length)d).",
        1,
    ),
    _("Enter a complete value."),
    ngettext_lazy(
        "Please submit at most %(num)d form.",
        "Please submit at most %(num)d forms.",
        1,
    ),
    ngettext_lazy(
        "Please submit at least %(num)d form.",
        "Please submit at least %(num)d forms.",
        1,
    ),
    _("The inline value did not match the parent instance."),
    _("“%(pk)s” is not a valid value."),
    # django/contrib/admin
    _("Empty"),
    _("Not empty"),
    _("Added “%(object)s”."),
    _("Changed “%(object)s” — %(changes)s"),
    _("Deleted “%(object)s.”"),
    _("Added {name} “{object}”."),
    _("Changed {fields} for {name} “{object}”."),
    _("Deleted {name} “{object}”."),
    _("Hold down “Control”, or “Command” on a Mac, to select more than one."),
    _("Select this object for an action - {}"),
    _("The {name} “{obj}” was added successfully."),
    _("The {name} “{obj}” was added successfully. You may add another {name} below."),
    _("The {name} “{obj}” was changed successfully. You may edit it again below."),
    _("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    _("The {name} “{obj}” was changed successfully."),
    _("The %(name)s “%(obj)s” was deleted successfully."),
    _("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    ngettext_lazy(
        "…and %(count)d more object.",
        "…and %(count)d more objects.",
        1,
    ),
    _(
        "There’s been an error. It’s been reported to the site administrators via email and should be fixed shortly. Thanks for your patience."
    ),
    _("Run"),
    _("Breadcrumbs"),
    _("Model name"),
    _("Add link"),
    _("Change or view list link"),
    _("You don’t have permission to view or edit anything."),
    _("After you’ve created a user, you’ll be able to edit more user options."),
    _("Error:"),
    _("Set password"),
    ngettext_lazy(
        "Please correct the error below.",
        "Please correct the errors below.",
        1,
    ),
    _("This action will <strong>enable</strong> password-based authentication for this user."),
    _("Disable password-based authentication"),
    _("Enable password-based authentication"),
    _("Skip to main content"),
    _("Hide counts"),
    _("Show counts"),
    _("Clear all filters"),
    _("Toggle theme (current theme: auto)"),
    _("Toggle theme (current theme: light)"),
    _("Toggle theme (current theme: dark)"),
    _("Filter by %(field_name)s"),
    _(
        "Deleting the %(object_name)s “%(escaped_object)s” would result in deleting related objects, but your account doesn't have permission to delete the following types of objects:"
    ),
    _(
        "Deleting the %(object_name)s “%(escaped_object)s” would require deleting the following protected related objects:"
    ),
    _(
        "Are you sure you want to delete the %(object_name)s “%(escaped_object)s”? All of the following related items will be deleted:"
    ),
    _("Yes, I’m sure"),
    _("None available"),
    _("View"),  # Django's Thai says "ดู:", with a stray colon, on the admin home
    # Django's Thai leaves "sorting" in English.
    _("Remove from sorting"),
    _("Sorting priority: %(priority_number)s"),
    _("Toggle sorting"),
    _("Added:"),
    _("Changed:"),
    _("Deleted:"),
    _("Forgotten your login credentials?"),
    _("Toggle navigation"),
    _("Sidebar"),
    _("Start typing to filter…"),
    _("Filter navigation items"),
    _("Pagination %(name)s entries"),
    ngettext_lazy(
        "entry",
        "entries",
        1,
    ),
    _("This object doesn’t have a change history. It probably wasn’t added via this admin site."),
    _("Pagination %(name)s"),
    _("Search %(name)s"),
    _("View selected %(model)s"),
    _("Select all objects on this page for an action"),
    # django/contrib/auth
    _("Conflicting form data submitted. Please try again."),
    _("Password-based authentication was disabled."),
    _("Set password: %s"),
    _("Reset password"),
    _("Set password"),
    _("The two password fields didn’t match."),
    _("Enter the same password as before, for verification."),
    _(
        "Whether the user will be able to authenticate using a password or not. If disabled, they may still be able to authenticate using other backends, such as Single Sign-On or LDAP."
    ),
    _("Password-based authentication"),
    _("Enabled"),
    _("Disabled"),
    _("Raw passwords are not stored, so there is no way to see the user’s password."),
    _("Enable password-based authentication for this user by setting a password."),
    _(
        "The groups this user belongs to. A user will get all permissions granted to each of their groups."
    ),
    _("Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only."),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        1,
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        1,
    ),
    _("The password is too similar to the %(verbose_name)s."),
    _("Your password can’t be too similar to your other personal information."),
    _("This password is too common."),
    _("Your password can’t be a commonly used password."),
    _("This password is entirely numeric."),
    _("Your password can’t be entirely numeric."),
    _(
        "Enter a valid username. This value may contain only unaccented lowercase a-z and uppercase A-Z letters, numbers, and @/./+/-/_ characters."
    ),
    _("Password reset sent"),
    _(
        "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters."
    ),
    # The password hash's summary on the admin's user form (Django's Thai leaves them English)
    _("algorithm"),
    _("iterations"),
    _("salt"),
    _("hash"),
    _("variety"),
    _("version"),
    _("memory cost"),
    _("time cost"),
    _("parallelism"),
    _("work factor"),
    _("checksum"),
    _("block size"),
    # django-import-export (no Thai catalogue): the admin's import and export pages
    _("Import"),
    _("Export"),
    _("%s through import_export"),
    _("Import finished: {} new, {} updated, {} deleted and {} skipped {}."),
    _(
        "%(exc_name)s encountered while trying to read file. Ensure you have chosen the correct format for the file."
    ),
    _("No valid data to import. Ensure your file has the correct headers or data for import."),
    _("Export selected %(verbose_name_plural)s"),
    _("export failed due to IllegalCharacterError"),
    _("Resource"),
    _("Format"),
    _("File to import"),
    _('Select at least 1 field for "%(resource_name)s" to export'),
    _(
        "The following fields are declared in 'import_id_fields' but are not present in the resource fields: %s"
    ),
    _(
        "The following fields are declared in 'import_id_fields' but are not present in the file headers: %s"
    ),
    ngettext_lazy("Export %(len)s selected item.", "Export %(len)s selected items.", 1),
    _("This exporter will export the following fields: "),
    _("This importer will import the following fields: "),
    _("Select all"),
    _("Submit"),
    _(
        "Below is a preview of data to be imported. If you are satisfied with the results, click 'Confirm import'"
    ),
    _("Confirm import"),
    _("Errors"),
    _("Line number"),
    _("Some rows failed to validate"),
    _(
        "Please correct these errors in your data where possible, then reupload it using the form above."
    ),
    _("Row"),
    _("Non field specific"),
    _("Preview"),
    _("New"),
    _("Skipped"),
    _("Delete"),
    _("Update"),
    _("Value could not be parsed."),
    # django-axes (the login door): its models and columns in the admin
    _("access attempt"),
    _("access attempts"),
    _("access log"),
    _("access logs"),
    _("access failure"),
    _("access failures"),
    _("User Agent"),
    _("IP Address"),
    _("Username"),
    _("Path"),
    _("Attempt Time"),
    _("Failed Logins"),
    _("Logout Time"),
    _("Access lock out"),
]
