# The liaison's agency moved to agencies.AgencyLiaison: agencies 0002_agency_liaison copies the
# links and declares itself `run_before` this migration, so the dependency points from the
# upper layer (agencies) down to the core, never the other way.
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_role_blank_and_role_scope_length'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='user',
            name='liaison_has_agency',
        ),
        migrations.RemoveField(
            model_name='user',
            name='agency',
        ),
    ]
