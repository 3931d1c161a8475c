# The liaison's agency moved to agencies.AgencyLiaison: agencies 0002_agency_liaison copies the
# links and declares itself `run_before` this migration, so the dependency points from the
# upper layer (agencies) down to the core, never the other way.
from django.db import migrations


def copy_links_back(apps, schema_editor):
    """Going back: the links return to `User.agency` before its constraint is restored."""
    User = apps.get_model("accounts", "User")
    try:
        AgencyLiaison = apps.get_model("agencies", "AgencyLiaison")
    except LookupError:  # agencies 0002 not applied: there is nothing to copy back
        return
    for user_id, agency_id in AgencyLiaison.objects.values_list("user_id", "agency_id"):
        User.objects.filter(pk=user_id).update(agency_id=agency_id)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_role_blank_and_role_scope_length'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='user',
            name='liaison_has_agency',
        ),
        migrations.RunPython(migrations.RunPython.noop, copy_links_back),
        migrations.RemoveField(
            model_name='user',
            name='agency',
        ),
    ]
